/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Rust example plugins under least-privilege policies, through the real runtime and the
 * built-in capabilities. Their fuel use is deterministic, which docs/limits.md relies on.
 */
class ExamplePluginsTest {
    private static final Path DIST = Path.of("..", "plugins-rust", "dist");
    private static final String ORDER =
            "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"items\":["
                    + "{\"sku\":\"A\",\"quantity\":12,\"unitPriceCents\":2500,\"category\":\"books\"},"
                    + "{\"sku\":\"B\",\"quantity\":1,\"unitPriceCents\":19900}]}";

    private final PluginRuntime runtime =
            PluginRuntime.builder()
                    .hostModules(
                            HostModules.of(
                                    new KeyValueCapability(new InMemoryKeyValueStore()),
                                    new LogCapability(),
                                    new ConfigCapability(),
                                    new ClockCapability()))
                    .build();

    @AfterEach
    void close() {
        runtime.close();
    }

    private static PluginSource dist(String name) throws Exception {
        String digest = Files.readString(DIST.resolve(name + ".wasm.sha256")).split("\\s+")[0];
        return PluginSource.path(DIST.resolve(name + ".wasm")).sha256(digest);
    }

    private static Limits relaxed() {
        return Limits.defaults().toBuilder().timeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void discountRulesQuotesWithKvConfigAndLogOnly() throws Exception {
        Plugin discounts =
                runtime.load(
                        "discount-rules",
                        dist("discount-rules"),
                        PluginPolicy.builder()
                                .limits(relaxed())
                                .allowHostFunction("wasmbox:kv", "get")
                                .allowHostFunction("wasmbox:kv", "put")
                                .allowHostFunction("wasmbox:log", "write")
                                .allowHostFunction("wasmbox:config", "get")
                                .allowKeyValue("coupons", KeyValueAccess.READ_WRITE)
                                .config("currency", "EUR")
                                .build());

        CallResult first = discounts.invoke("quote", ORDER.getBytes(StandardCharsets.UTF_8));
        CallResult second = discounts.invoke("quote", ORDER.getBytes(StandardCharsets.UTF_8));

        assertThat(first.outputAsString())
                .contains("\"subtotalCents\":49900")
                .contains("\"rule\":\"bulk:A\"")
                .contains("\"currency\":\"EUR\"");
        assertThat(first.fuelConsumed()).isPositive().isEqualTo(second.fuelConsumed());
        assertThat(discounts.auditReport().errors()).isEmpty();
    }

    @Test
    void fraudScoreUsesTheClockAndLogOnly() throws Exception {
        Plugin fraud =
                runtime.load(
                        "fraud-score",
                        dist("fraud-score"),
                        PluginPolicy.builder()
                                .limits(relaxed())
                                .allowHostFunction("wasmbox:clock", "now_millis")
                                .allowHostFunction("wasmbox:log", "write")
                                .build());

        CallResult result = fraud.invoke("score", ORDER.getBytes(StandardCharsets.UTF_8));

        assertThat(result.outputAsString()).contains("\"score\"");
        assertThat(result.fuelConsumed()).isPositive();
    }
}
