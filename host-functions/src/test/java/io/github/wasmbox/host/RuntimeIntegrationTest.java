/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in capabilities linked into a real plugin by the real runtime. */
class RuntimeIntegrationTest {
    private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    private final PluginRuntime runtime =
            PluginRuntime.builder()
                    .hostModules(
                            HostModules.of(
                                    new KeyValueCapability(store),
                                    new LogCapability(),
                                    new ConfigCapability()))
                    .build();

    @AfterEach
    void close() {
        runtime.close();
    }

    private static PluginPolicy.Builder grants() {
        // A generous timeout: the first call of a cold JVM on a busy machine is slow, and this
        // test is about linking and error rules, not about time.
        return PluginPolicy.builder()
                .limits(Limits.defaults().toBuilder().timeout(Duration.ofSeconds(30)).build())
                .allowHostFunction("wasmbox:kv", "*")
                .allowHostFunction("wasmbox:log", "write")
                .allowHostFunction("wasmbox:config", "get")
                .allowKeyValue("orders", KeyValueAccess.READ_WRITE)
                .allowKeyValue("rates", KeyValueAccess.READ)
                .config("region", "eu-west");
    }

    private Plugin load(String name, PluginPolicy policy) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/wat/capabilities.wasm")) {
            return runtime.load(name, PluginSource.bytes(in.readAllBytes()), policy);
        }
    }

    @Test
    void capabilitiesWorkThroughTheRuntime() throws IOException {
        Plugin plugin = load("caps", grants().build());
        byte[] input = "order 42".getBytes(StandardCharsets.UTF_8);

        assertThat(plugin.call("roundtrip", input)).isEqualTo(input);
        assertThat(store.get("orders", "last"))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(input));
        assertThat(new String(plugin.call("region", new byte[0]), StandardCharsets.UTF_8))
                .isEqualTo("eu-west");

        byte[] status = plugin.call("write_read_only", new byte[0]);
        assertThat(ByteBuffer.wrap(status).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(-1);
    }

    @Test
    void badPointersTrap() throws IOException {
        Plugin plugin = load("caps", grants().build());
        assertThatThrownBy(() -> plugin.call("bad_pointer", new byte[0]))
                .isInstanceOf(PluginTrapException.class);
    }

    @Test
    void denialsTrapWhenThePolicySaysSo() throws IOException {
        Plugin plugin = load("strict", grants().trapOnDenial(true).build());
        assertThatThrownBy(() -> plugin.call("write_read_only", new byte[0]))
                .isInstanceOfSatisfying(
                        PolicyViolationException.class,
                        e -> {
                            assertThat(e.capability()).isEqualTo("wasmbox:kv");
                            assertThat(e.target()).contains("rates");
                        });
    }
}
