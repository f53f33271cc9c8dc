/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import static io.github.wasmbox.host.FakeHostCall.args;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.KeyValueQuota;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyValueCapabilityTest {
    private final KeyValueStore store = new InMemoryKeyValueStore();
    private final Map<String, HostFunctionDefinition> kv =
            functions(KeyValueCapability.builder(store).maxKeyBytes(8).maxValueBytes(16).build());
    private final FakeHostCall call =
            new FakeHostCall(
                    TestPolicy.policy()
                            .namespace("orders", KeyValueAccess.READ_WRITE)
                            .namespace("rates", KeyValueAccess.READ)
                            .build());

    private static Map<String, HostFunctionDefinition> functions(Object capability) {
        return HostModules.of(capability).hostFunctions().stream()
                .collect(Collectors.toMap(HostFunctionDefinition::name, d -> d));
    }

    private long invoke(String name, String... strings) {
        long[][] groups = new long[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            groups[i] = call.string(strings[i]);
        }
        return kv.get(name).handler().apply(call, args(groups))[0];
    }

    @Test
    void getPutDeleteList() {
        assertThat(invoke("get", "orders", "o-1")).isEqualTo(-2);
        assertThat(invoke("put", "orders", "o-1", "first")).isZero();
        assertThat(invoke("put", "orders", "o-2", "second")).isZero();
        assertThat(invoke("put", "orders", "x-1", "other")).isZero();
        assertThat(invoke("get", "orders", "o-1")).isEqualTo(5);
        assertThat(call.pendingText()).isEqualTo("first");

        assertThat(invoke("list", "orders", "o-")).isPositive();
        assertThat(call.pendingText()).isEqualTo("[\"o-1\",\"o-2\"]");

        assertThat(invoke("delete", "orders", "o-1")).isZero();
        assertThat(invoke("delete", "orders", "o-1")).isZero();
        assertThat(invoke("get", "orders", "o-1")).isEqualTo(-2);
    }

    @Test
    void namespacesAreCheckedOnEveryCall() {
        store.put("secrets", "k", new byte[] {1}, KeyValueQuota.DEFAULT);
        assertThat(invoke("get", "secrets", "k")).isEqualTo(-1);
        assertThat(invoke("list", "secrets", "")).isEqualTo(-1);
        assertThat(invoke("put", "rates", "eur", "1.1")).isEqualTo(-1);
        assertThat(invoke("delete", "rates", "eur")).isEqualTo(-1);
        assertThat(call.denials)
                .containsExactly(
                        "wasmbox:kv namespace secrets",
                        "wasmbox:kv namespace secrets",
                        "wasmbox:kv namespace rates (read-only)",
                        "wasmbox:kv namespace rates (read-only)");
        store.put("rates", "eur", new byte[] {'1'}, KeyValueQuota.DEFAULT);
        assertThat(invoke("get", "rates", "eur")).isEqualTo(1);
    }

    @Test
    void keyAndValueCaps() {
        assertThat(invoke("put", "orders", "", "v")).isEqualTo(-3);
        assertThat(invoke("put", "orders", "123456789", "v")).isEqualTo(-5);
        assertThat(invoke("put", "orders", "k", "x".repeat(17))).isEqualTo(-5);
        assertThat(call.pendingText()).contains("16 bytes");
        assertThat(invoke("put", "orders", "k", "x".repeat(16))).isZero();
    }

    @Test
    void aPutOverTheGrantsQuotaIsTooLargeAndKeepsWhatIsStored() {
        FakeHostCall small =
                new FakeHostCall(
                        TestPolicy.policy()
                                .namespace(
                                        "orders",
                                        KeyValueAccess.readWrite(new KeyValueQuota(2, 1 << 10)))
                                .build());
        long[] first = args(small.string("orders"), small.string("a"), small.string("1"));
        long[] second = args(small.string("orders"), small.string("b"), small.string("2"));
        long[] third = args(small.string("orders"), small.string("c"), small.string("3"));
        assertThat(kv.get("put").handler().apply(small, first)).containsExactly(0);
        assertThat(kv.get("put").handler().apply(small, second)).containsExactly(0);

        assertThat(kv.get("put").handler().apply(small, third)).containsExactly(-5);
        assertThat(small.pendingText()).contains("max-entries of 2");
        assertThat(store.list("orders", "", 10)).containsExactly("a", "b");
    }

    @Test
    void listChargesFuelPerKeyWalkedNotPerKeyStored() {
        for (int i = 0; i < 500; i++) {
            store.put("orders", "bulk-" + i, new byte[0], KeyValueQuota.DEFAULT);
        }
        store.put("orders", "one", new byte[0], KeyValueQuota.DEFAULT);

        assertThat(invoke("list", "orders", "one")).isPositive();
        assertThat(call.pendingText()).isEqualTo("[\"one\"]");
        assertThat(call.charged()).isEqualTo(100 * 2);

        assertThat(invoke("list", "orders", "bulk-")).isPositive();
        assertThat(call.charged() - 200).isEqualTo(100 * 501);
    }

    @Test
    void storeFailuresAreFailedWithoutDetails() {
        KeyValueStore broken =
                new KeyValueStore() {
                    @Override
                    public Optional<byte[]> get(String namespace, String key) {
                        throw new KeyValueStoreException("db down", new RuntimeException("jdbc:…"));
                    }

                    @Override
                    public void put(
                            String namespace, String key, byte[] value, KeyValueQuota quota) {}

                    @Override
                    public void delete(String namespace, String key) {}

                    @Override
                    public List<String> list(String namespace, String prefix, int limit) {
                        return List.of();
                    }
                };
        Map<String, HostFunctionDefinition> failing = functions(new KeyValueCapability(broken));
        long[] args = args(call.string("orders"), call.string("k"));
        assertThat(failing.get("get").handler().apply(call, args)).containsExactly(-4);
        assertThat(call.pendingText()).isEqualTo("the key-value store failed");
    }

    @Test
    void inMemoryStoreCopiesValues() {
        byte[] value = {1, 2};
        store.put("n", "k", value, KeyValueQuota.DEFAULT);
        value[0] = 9;
        byte[] read = store.get("n", "k").orElseThrow();
        assertThat(read).containsExactly(1, 2);
        read[1] = 9;
        assertThat(store.get("n", "k").orElseThrow()).containsExactly(1, 2);
    }
}
