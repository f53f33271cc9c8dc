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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON plugin call: discount-rules with a 1.5 KB order, built as the PDK builds it (64 KiB
 * stack) and as a Rust toolchain does by default (1 MiB stack). wasmbox pooled (stateful) and
 * pristine per call with a pool of one, with every limit at its default (pristine, a pool of four),
 * raw Endive with its own defaults, and plain Java + Jackson doing the same rules.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class JsonPluginBenchmark {
    @Param({Fixtures.DISCOUNT, Fixtures.DISCOUNT_1MIB})
    public String jsonPlugin;

    private PluginRuntime runtime;
    private Plugin pooled;
    private Plugin pristine;
    private Plugin defaults;
    private Plugin pooledPluginThread;
    private Plugin pristinePluginThread;
    private RawPlugin raw;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = Fixtures.sharedRuntime();
        byte[] wasm = Fixtures.wasm(jsonPlugin);
        pooled =
                runtime.load(
                        "discount",
                        PluginSource.bytes(wasm),
                        Fixtures.policy(StateMode.STATEFUL, 1));
        pristine =
                runtime.load(
                        "discount-pristine",
                        PluginSource.bytes(wasm),
                        Fixtures.policy(StateMode.PRISTINE, 1));
        pooledPluginThread =
                Fixtures.pluginThreadRuntime()
                        .load(
                                "discount",
                                PluginSource.bytes(wasm),
                                Fixtures.policy(StateMode.STATEFUL, 1));
        pristinePluginThread =
                Fixtures.pluginThreadRuntime()
                        .load(
                                "discount-pristine",
                                PluginSource.bytes(wasm),
                                Fixtures.policy(StateMode.PRISTINE, 1));
        defaults =
                runtime.load(
                        "discount-defaults", PluginSource.bytes(wasm), Fixtures.defaultsPolicy());
        raw = RawPlugin.of(jsonPlugin);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.unload("discount");
        runtime.unload("discount-pristine");
        runtime.unload("discount-defaults");
        Fixtures.pluginThreadRuntime().unload("discount");
        Fixtures.pluginThreadRuntime().unload("discount-pristine");
        raw.close();
    }

    @Benchmark
    public byte[] javaJackson() {
        return DiscountJava.quote(Fixtures.ORDER);
    }

    @Benchmark
    public byte[] rawEndive() {
        return raw.call("quote", Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPooled() {
        return pooled.call("quote", Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPooledPluginThread() {
        return pooledPluginThread.call("quote", Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPristinePluginThread() {
        return pristinePluginThread.call("quote", Fixtures.ORDER);
    }

    @Benchmark
    public byte[] wasmboxPristine() {
        return pristine.call("quote", Fixtures.ORDER);
    }

    /** Every limit at its default: PRISTINE, pool of 4, calls on the caller's thread. */
    @Benchmark
    public byte[] wasmboxDefaults() {
        return defaults.call("quote", Fixtures.ORDER);
    }
}
