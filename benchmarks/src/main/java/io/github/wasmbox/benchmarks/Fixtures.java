/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.spi.ErrorCode;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** The benchmark fixtures: modules, the order, host functions and policies. Thread-safe. */
public final class Fixtures {
    /** The call-overhead and fib module (WAT). */
    public static final String CALLS = "calls";

    /** Three hand-metered copies of fib: where metering touches its global (WAT). */
    public static final String FUEL_PLACEMENT = "fuel_placement";

    /** The sha256 module (freestanding C). */
    public static final String SHA256 = "sha256";

    /** The Rust JSON plugin, 118 KB, as the PDK builds it: 64 KiB stack, {@code wasm-opt -Oz}. */
    public static final String DISCOUNT = "discount-rules";

    /**
     * The same plugin as a Rust toolchain builds it by default: 1 MiB stack, {@code wasm-opt -O3}
     * (benchmarks/fixtures/build.sh). Each instance holds 17 pages instead of 2.
     */
    public static final String DISCOUNT_1MIB = "discount-rules-1mib";

    /** The Rust echo plugin, 38 KB. */
    public static final String ECHO = "echo";

    /** A checkout order of about 1.5 KB: bulk and tier rules fire, no coupon. */
    public static final byte[] ORDER = order();

    private Fixtures() {}

    /** The bytes of fixture {@code name}.wasm. */
    public static byte[] wasm(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] order() {
        StringBuilder json =
                new StringBuilder(
                        "{\"orderId\":\"ord-2026-11-22-000417\",\"customerId\":\"cust-88231\","
                                + "\"currency\":\"EUR\",\"items\":[");
        String[] categories = {"books", "food", "garden", "toys", "office"};
        for (int i = 0; i < 14; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"sku\":\"SKU-")
                    .append(10_000 + i * 37)
                    .append("-")
                    .append(categories[i % categories.length].toUpperCase(java.util.Locale.ROOT))
                    .append("\",\"quantity\":")
                    .append(i % 4 == 0 ? 12 : 1 + i % 3)
                    .append(",\"unitPriceCents\":")
                    .append(199 + i * 1_234)
                    .append(",\"category\":\"")
                    .append(categories[i % categories.length])
                    .append("\",\"note\":\"gift wrap: no\"}");
        }
        json.append("]}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The capabilities discount-rules imports, minimal: no configured currency (the plugin defaults
     * to EUR), empty key-value store, logs dropped.
     */
    public static HostFunctionProvider discountHost() {
        List<WasmType> two = Collections.nCopies(2, WasmType.I32);
        List<WasmType> three = Collections.nCopies(3, WasmType.I32);
        List<WasmType> four = Collections.nCopies(4, WasmType.I32);
        List<WasmType> six = Collections.nCopies(6, WasmType.I32);
        List<WasmType> i32 = List.of(WasmType.I32);
        return () ->
                List.of(
                        new HostFunctionDefinition(
                                "wasmbox:config",
                                "get",
                                two,
                                i32,
                                (call, args) ->
                                        new long[] {call.error(ErrorCode.NOT_FOUND, "not set")}),
                        new HostFunctionDefinition(
                                "wasmbox:log", "write", three, i32, (call, args) -> new long[] {0}),
                        new HostFunctionDefinition(
                                "wasmbox:kv",
                                "get",
                                four,
                                i32,
                                (call, args) ->
                                        new long[] {call.error(ErrorCode.NOT_FOUND, "no key")}),
                        new HostFunctionDefinition(
                                "wasmbox:kv", "put", six, i32, (call, args) -> new long[] {0}));
    }

    /** A new runtime with {@link #discountHost()}. */
    public static PluginRuntime runtime() {
        return PluginRuntime.builder().hostModules(discountHost()).build();
    }

    /**
     * One runtime per JVM for the call benchmarks, so that each module compiles once per JVM (JMH
     * forks a JVM per benchmark; the in-process smoke run shares it). Benchmarks unload their
     * plugins in tear-down.
     */
    public static PluginRuntime sharedRuntime() {
        return Shared.RUNTIME;
    }

    /**
     * Like {@link #sharedRuntime()}, with {@code callerThreadCalls(false)}: every call handed to a
     * thread of the plugin's own, the default before calls ran on their caller's thread.
     */
    public static PluginRuntime pluginThreadRuntime() {
        return Shared.PLUGIN_THREAD;
    }

    /** Built on first use, so that a harness timing a fresh JVM does not pay for them. */
    private static final class Shared {
        static final PluginRuntime RUNTIME = runtime();
        static final PluginRuntime PLUGIN_THREAD =
                PluginRuntime.builder()
                        .hostModules(discountHost())
                        .callerThreadCalls(false)
                        .build();
    }

    /** The benchmark policy: discount-rules' grants, generous timeout, the given pool. */
    public static PluginPolicy policy(StateMode mode, int poolSize) {
        return grants(
                Limits.builder()
                        .stateMode(mode)
                        .poolSize(poolSize)
                        .timeout(Duration.ofSeconds(10))
                        .fuel(Long.MAX_VALUE / 4)
                        .maxInputBytes(2 << 20)
                        .build());
    }

    /** Discount-rules' grants with every limit at its default: what a user who sets none gets. */
    public static PluginPolicy defaultsPolicy() {
        return grants(Limits.defaults());
    }

    private static PluginPolicy grants(Limits limits) {
        return PluginPolicy.builder()
                .limits(limits)
                .allowHostFunction("wasmbox:config", "get")
                .allowHostFunction("wasmbox:log", "write")
                .allowHostFunction("wasmbox:kv", "*")
                .build();
    }
}
