/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.policy.ClockPolicy;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Runs the fraud-score plugin the way a user of the published artifacts would: pinned by its
 * digest, with the clock and log capabilities granted and a fixed clock at 03:00 UTC, and fails
 * unless the answer is exactly the one the plugin's rules give (the night-time signal included).
 */
public final class ScoreAnOrder {
    private static final String ORDER =
            "{\"orderId\":\"o-1\",\"customerId\":\"c-1\","
                    + "\"items\":[{\"sku\":\"BOOK-1\",\"quantity\":1,\"unitPriceCents\":2000}],"
                    + "\"customer\":{\"accountAgeDays\":400,\"previousOrders\":0}}";
    private static final Instant NIGHT = Instant.parse("2026-01-01T03:00:00Z");
    private static final String EXPECTED =
            "{\"orderId\":\"o-1\",\"score\":15,\"decision\":\"approve\",\"signals\":["
                    + "{\"name\":\"first-order\",\"points\":10},"
                    + "{\"name\":\"night-time\",\"points\":5}],"
                    + "\"evaluatedAtMillis\":"
                    + NIGHT.toEpochMilli()
                    + "}";

    private ScoreAnOrder() {}

    public static void main(String[] args) throws IOException {
        Path wasm = Path.of(args[0]);
        String digest = Files.readString(Path.of(args[0] + ".sha256")).substring(0, 64);
        PluginPolicy policy =
                PluginPolicy.builder()
                        .allowHostFunction("wasmbox:clock", "now_millis")
                        .allowHostFunction("wasmbox:log", "write")
                        .clock(ClockPolicy.fixed(NIGHT))
                        .build();
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .hostModules(HostModules.of(new LogCapability(), new ClockCapability()))
                        .build()) {
            Plugin fraud =
                    runtime.load("fraud-score", PluginSource.path(wasm).sha256(digest), policy);
            CallResult result = fraud.invoke("score", ORDER.getBytes(UTF_8));
            if (!result.outputAsString().equals(EXPECTED)) {
                throw new IllegalStateException(
                        "fraud-score answered " + result.outputAsString() + ", expected " + EXPECTED);
            }
            System.out.println("fraud-score from the published artifacts: " + EXPECTED);
        }
    }
}
