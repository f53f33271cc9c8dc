/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile plugins against {@code wasmbox:kv} through the real runtime: a flood of keys or of large
 * values into the plugin's own namespace stops at the grant's quota with {@code TOO_LARGE} and
 * leaves another plugin's data alone, and {@code list} is charged for the keys it walks.
 */
class KeyValueAttackTest {
    private static final int TOO_LARGE = -5;

    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private PluginRuntime runtime;
    private Plugin attacker;
    private Plugin victim;
    private byte[] module;

    @BeforeEach
    void load() throws IOException {
        runtime =
                PluginRuntime.builder()
                        .hostModules(HostModules.of(new KeyValueCapability(store)))
                        .build();
        try (InputStream in = getClass().getResourceAsStream("/wat/kv-flood.wasm")) {
            module = in.readAllBytes();
        }
        attacker = runtime.load("attacker", PluginSource.bytes(module), policy("mine"));
        victim = runtime.load("victim", PluginSource.bytes(module), policy("theirs"));
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private static PluginPolicy policy(String namespace) {
        // Fuel and time to spare: the quota must be what stops the flood.
        return PluginPolicy.builder()
                .limits(
                        Limits.defaults().toBuilder()
                                .fuel(2_000_000_000L)
                                .timeout(Duration.ofSeconds(60))
                                .build())
                .allowHostFunction("wasmbox:kv", "*")
                .allowKeyValue(namespace, KeyValueAccess.READ_WRITE)
                .build();
    }

    /** Returns {keys stored, last status}. */
    private static int[] flood(Plugin plugin, String namespace, int count, int valueBytes) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input = ByteBuffer.allocate(8 + ns.length).order(ByteOrder.LITTLE_ENDIAN);
        input.putInt(count).putInt(valueBytes).put(ns);
        ByteBuffer output =
                ByteBuffer.wrap(plugin.call("flood", input.array())).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {output.getInt(), output.getInt()};
    }

    private static CallResult list(Plugin plugin, String namespace, String prefix) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        byte[] pre = prefix.getBytes(StandardCharsets.UTF_8);
        ByteBuffer input =
                ByteBuffer.allocate(4 + ns.length + pre.length).order(ByteOrder.LITTLE_ENDIAN);
        input.putInt(ns.length).put(ns).put(pre);
        return plugin.invoke("list", input.array());
    }

    @Test
    void aFloodOfTinyKeysStopsAtTheDefaultQuotaAndAnotherPluginsKeyStays() {
        assertThat(flood(victim, "theirs", 1, 3)).containsExactly(1, 0);

        int[] flooded = flood(attacker, "mine", 50_000, 0);

        // The default grant allows 10,000 keys; the 10,001st put is refused, not stored.
        assertThat(flooded).containsExactly(10_000, TOO_LARGE);
        assertThat(store.list("mine", "k", 20_000)).hasSize(10_000).contains("k0000000");
        assertThat(store.get("mine", "k0002710")).isEmpty();
        assertThat(store.get("theirs", "k0000000"))
                .hasValueSatisfying(v -> assertThat(v).hasSize(3));
        // The attacker's namespace is full; the victim's still takes writes.
        assertThat(flood(victim, "theirs", 2, 3)).containsExactly(2, 0);
    }

    @Test
    void aFloodThatHitsTheQuotaRaisesQuotaReachedOnceNamingTheSetting() {
        List<PluginEvents.QuotaReached> reached = new CopyOnWriteArrayList<>();
        try (PluginRuntime watched =
                PluginRuntime.builder()
                        .hostModules(HostModules.of(new KeyValueCapability(store)))
                        .listener(
                                new PluginListener() {
                                    @Override
                                    public void onQuotaReached(PluginEvents.QuotaReached event) {
                                        reached.add(event);
                                    }
                                })
                        .build()) {
            // A full quota is the plugin's own budget, not a violation: no trap even here.
            PluginPolicy trapping = policy("mine").toBuilder().trapOnDenial(true).build();
            Plugin flooder = watched.load("flooder", PluginSource.bytes(module), trapping);

            // The guest still sees TOO_LARGE and stops at its first refusal.
            assertThat(flood(flooder, "mine", 50_000, 0)).containsExactly(10_000, TOO_LARGE);
            assertThat(reached)
                    .singleElement()
                    .satisfies(
                            event -> {
                                assertThat(event.capability()).isEqualTo("wasmbox:kv");
                                assertThat(event.quota()).isEqualTo("max-entries");
                                assertThat(event.context().pluginName()).isEqualTo("flooder");
                            });

            // Overwriting the keys with large values fills the bytes instead.
            assertThat(flood(flooder, "mine", 2_400, 64 << 10)[1]).isEqualTo(TOO_LARGE);
            assertThat(reached)
                    .extracting(PluginEvents.QuotaReached::quota)
                    .containsExactly("max-entries", "max-bytes");
        }
        assertThat(store.list("mine", "k", 20_000)).hasSize(10_000);
    }

    @Test
    void aFloodOfLargeValuesStopsAtTheQuotaAndEvictsNothing() {
        assertThat(flood(victim, "theirs", 1, 3)).containsExactly(1, 0);

        int[] flooded = flood(attacker, "mine", 2_400, 64 << 10);

        // 16 MiB of keys and values by default: 255 entries of 8 + 65,536 bytes.
        assertThat(flooded).containsExactly(255, TOO_LARGE);
        assertThat(store.get("theirs", "k0000000"))
                .hasValueSatisfying(v -> assertThat(v).hasSize(3));
    }

    @Test
    void listIsChargedPerKeyWalkedNotPerKeyStored() {
        assertThat(flood(victim, "theirs", 1, 0)).containsExactly(1, 0);
        long quietStore = list(victim, "theirs", "").fuelConsumed();
        assertThat(flood(attacker, "mine", 5_000, 0)).containsExactly(5_000, 0);

        // Another namespace's 5,000 keys cost the victim's list nothing.
        assertThat(list(victim, "theirs", "").fuelConsumed()).isEqualTo(quietStore);
        // The guest does not read the results, so same-length arguments move the same bytes and
        // the difference is the per-key charge: 100 fuel for each key walked.
        long empty = list(attacker, "mine", "z").fuelConsumed();
        assertThat(list(attacker, "mine", "k").fuelConsumed() - empty)
                .as("1,000 keys (the cap) returned")
                .isEqualTo(1_000 * 100L);
        long emptyPrefix = list(attacker, "mine", "zzzzzzz").fuelConsumed();
        assertThat(list(attacker, "mine", "k000000").fuelConsumed() - emptyPrefix)
                .as("16 keys returned of 5,000")
                .isEqualTo(16 * 100L);
    }
}
