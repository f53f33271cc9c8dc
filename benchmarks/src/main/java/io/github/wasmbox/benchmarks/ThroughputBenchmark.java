/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** The JSON call with two calling threads: wasmbox with a pool of two, and plain Java. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(2)
public class ThroughputBenchmark {
    /** One runtime and plugin shared by both threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        PluginRuntime runtime;
        Plugin pooled;
        Plugin pristine;
        Plugin pooledPluginThread;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = Fixtures.sharedRuntime();
            byte[] wasm = Fixtures.wasm(Fixtures.DISCOUNT);
            pooled =
                    runtime.load(
                            "discount",
                            PluginSource.bytes(wasm),
                            Fixtures.policy(StateMode.STATEFUL, 2));
            pristine =
                    runtime.load(
                            "discount-pristine",
                            PluginSource.bytes(wasm),
                            Fixtures.policy(StateMode.PRISTINE, 2));
        }

        @Setup(Level.Trial)
        public void setUpPluginThread() {
            pooledPluginThread =
                    Fixtures.pluginThreadRuntime()
                            .load(
                                    "discount",
                                    PluginSource.bytes(Fixtures.wasm(Fixtures.DISCOUNT)),
                                    Fixtures.policy(StateMode.STATEFUL, 2));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            runtime.unload("discount");
            runtime.unload("discount-pristine");
            Fixtures.pluginThreadRuntime().unload("discount");
        }
    }

    @Benchmark
    public byte[] javaJackson() {
        return DiscountJava.quote(Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPooled(Shared shared) {
        return shared.pooled.call("quote", Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPooledPluginThread(Shared shared) {
        return shared.pooledPluginThread.call("quote", Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPristine(Shared shared) {
        return shared.pristine.call("quote", Fixtures.ORDER);
    }
}
