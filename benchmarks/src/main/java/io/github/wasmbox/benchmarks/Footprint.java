/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Retained heap per idle instance, measured through the public API only: loads the fixture as N
 * plugins of one pooled instance each (the module compiles once), then calls each plugin once, so
 * that each creates its instance, serves the call and keeps it idle in its pool; the heap growth of
 * the calls, measured after full GCs, divided by N. The plugins' own bookkeeping is in the heap
 * before the calls and so not counted. Also the same for raw Endive with its own defaults. Usage:
 * {@code Footprint [N]}.
 */
public final class Footprint {
    private Footprint() {}

    /** One measured configuration. */
    public record Result(String fixture, String variant, int instances, long bytesPerInstance) {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        for (Result result : measureAll(n)) {
            System.out.printf(
                    "%-16s %-26s %6d instances  %,10d bytes/instance (%,d KiB)%n",
                    result.fixture(),
                    result.variant(),
                    result.instances(),
                    result.bytesPerInstance(),
                    result.bytesPerInstance() / 1024);
        }
    }

    /** Every fixture, wasmbox and raw. */
    public static List<Result> measureAll(int n) {
        List<Result> results = new ArrayList<>();
        for (String[] fixture :
                new String[][] {
                    {Fixtures.CALLS, "noop"},
                    {Fixtures.ECHO, "echo"},
                    {Fixtures.DISCOUNT, "quote"},
                    {Fixtures.DISCOUNT_1MIB, "quote"},
                    {Fixtures.SHA256, "sha256"}
                }) {
            results.add(wasmbox(fixture[0], fixture[1], StateMode.STATEFUL, n));
            results.add(wasmbox(fixture[0], fixture[1], StateMode.PRISTINE, n));
            results.add(raw(fixture[0], fixture[1], n));
        }
        return results;
    }

    private static byte[] input(String function) {
        switch (function) {
            case "quote":
                return Fixtures.ORDER;
            case "sha256":
                return new byte[4096];
            default:
                return "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * wasmbox instances (its memory, call state and WASI session), each after one call; in {@code
     * PRISTINE} mode with the plugin's snapshot, which each of the N plugins holds for its one
     * instance.
     */
    public static Result wasmbox(String fixture, String function, StateMode mode, int n) {
        byte[] wasm = Fixtures.wasm(fixture);
        PluginPolicy policy = Fixtures.policy(mode, 1);
        byte[] input = input(function);
        // Calls on the caller's thread, so that no plugin starts a thread of its own.
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .hostModules(Fixtures.discountHost())
                        .callerThreadCalls(true)
                        .build()) {
            List<Plugin> plugins = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                plugins.add(runtime.load(fixture + "-" + i, PluginSource.bytes(wasm), policy));
            }
            long before = usedAfterGc();
            for (Plugin plugin : plugins) {
                plugin.call(function, input);
            }
            long after = usedAfterGc();
            return new Result(fixture, "wasmbox " + mode, n, (after - before) / n);
        }
    }

    /** Raw Endive instances with its own defaults, each after one call. */
    public static Result raw(String fixture, String function, int n) {
        byte[] input = input(function);
        List<RawPlugin> kept = new ArrayList<>(n);
        RawPlugin.of(fixture).close(); // compiles the module before the first measurement
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            RawPlugin raw = RawPlugin.of(fixture);
            raw.call(function, input);
            kept.add(raw);
        }
        long after = usedAfterGc();
        kept.forEach(RawPlugin::close);
        return new Result(fixture, "raw Endive (its defaults)", n, (after - before) / n);
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
