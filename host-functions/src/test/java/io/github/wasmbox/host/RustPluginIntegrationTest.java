/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Rust PDK's {@code discount-rules} example on the built-in kv, config and log. */
class RustPluginIntegrationTest {
    private static final Path DISCOUNT_RULES = Path.of("../plugins-rust/dist/discount-rules.wasm");

    @Test
    void couponUseIsCountedInTheKeyValueStore() {
        assumeTrue(Files.exists(DISCOUNT_RULES), "plugins-rust/dist is not built");
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        PluginPolicy policy =
                PluginPolicy.builder()
                        // Generous: a cold JVM on a busy machine; this test is not about time.
                        .limits(
                                Limits.defaults().toBuilder()
                                        .timeout(Duration.ofSeconds(30))
                                        .build())
                        .allowHostFunction("wasmbox:kv", "*")
                        .allowHostFunction("wasmbox:log", "write")
                        .allowHostFunction("wasmbox:config", "get")
                        .allowKeyValue("coupons", KeyValueAccess.READ_WRITE)
                        .config("currency", "EUR")
                        .build();
        String order =
                "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"couponCode\":\"WELCOME10\","
                        + "\"items\":[{\"sku\":\"A\",\"quantity\":1,\"unitPriceCents\":10000}]}";
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .hostModules(
                                HostModules.of(
                                        new KeyValueCapability(store),
                                        new ConfigCapability(),
                                        new LogCapability()))
                        .build()) {
            Plugin plugin = runtime.load("discount", PluginSource.path(DISCOUNT_RULES), policy);
            byte[] input = order.getBytes(StandardCharsets.UTF_8);

            String first = new String(plugin.call("quote", input), StandardCharsets.UTF_8);
            String second = new String(plugin.call("quote", input), StandardCharsets.UTF_8);

            assertThat(first).contains("\"currency\":\"EUR\"").doesNotContain("rejectedCoupon");
            assertThat(second).contains("rejectedCoupon");
            assertThat(store.list("coupons", "", 10)).isNotEmpty();
        }
    }
}
