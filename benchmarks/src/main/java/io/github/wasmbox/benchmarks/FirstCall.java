/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The first result in a fresh JVM: build a runtime, load discount-rules, make one call. Run it as
 * its own JVM: {@code FirstCall [cache-directory]}; with a directory, the runtime uses the
 * persistent compile cache there (the first run fills it, later runs hit it).
 */
public final class FirstCall {
    private FirstCall() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        PluginRuntime.Builder builder =
                PluginRuntime.builder().hostModules(Fixtures.discountHost());
        if (args.length > 0) {
            builder.compileCacheDirectory(Path.of(args[0]));
        }
        try (PluginRuntime runtime = builder.build()) {
            Plugin plugin =
                    runtime.load(
                            "discount",
                            PluginSource.bytes(Fixtures.wasm(Fixtures.DISCOUNT)),
                            Fixtures.policy(StateMode.PRISTINE, 1));
            long loaded = System.nanoTime();
            byte[] quote = plugin.call("quote", Fixtures.ORDER);
            long done = System.nanoTime();
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            System.out.printf(
                    "cache=%s load=%d ms first-call=%d ms main-to-result=%d ms"
                            + " jvm-uptime-at-result=%d ms (%d bytes)%n",
                    args.length > 0 ? args[0] : "none",
                    (loaded - start) / 1_000_000,
                    (done - loaded) / 1_000_000,
                    (done - start) / 1_000_000,
                    uptime,
                    quote.length);
        }
    }
}
