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
import org.openjdk.jmh.annotations.Warmup;
import run.endive.runtime.ExportFunction;

/**
 * What a call costs beyond the guest: a no-op export and {@code add(i32, i32)}, raw Endive (direct
 * export call; the same ABI export driven by hand) against wasmbox (pooled instance, and pristine
 * per call).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class CallOverheadBenchmark {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] ADD_INPUT = {1, 0, 0, 0, 2, 0, 0, 0};

    private PluginRuntime runtime;
    private Plugin pooled;
    private Plugin pristine;
    private Plugin pluginThread;
    private Plugin defaults;
    private RawPlugin raw;
    private ExportFunction rawNoop;
    private ExportFunction rawAdd;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = Fixtures.sharedRuntime();
        byte[] wasm = Fixtures.wasm(Fixtures.CALLS);
        pooled =
                runtime.load(
                        "calls", PluginSource.bytes(wasm), Fixtures.policy(StateMode.STATEFUL, 1));
        pristine =
                runtime.load(
                        "calls-pristine",
                        PluginSource.bytes(wasm),
                        Fixtures.policy(StateMode.PRISTINE, 1));
        pluginThread =
                Fixtures.pluginThreadRuntime()
                        .load(
                                "calls",
                                PluginSource.bytes(wasm),
                                Fixtures.policy(StateMode.STATEFUL, 1));
        defaults =
                runtime.load("calls-defaults", PluginSource.bytes(wasm), Fixtures.defaultsPolicy());
        raw = RawPlugin.of(Fixtures.CALLS);
        rawNoop = raw.export("noop");
        rawAdd = raw.export("add_raw");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.unload("calls");
        runtime.unload("calls-pristine");
        runtime.unload("calls-defaults");
        Fixtures.pluginThreadRuntime().unload("calls");
        raw.close();
    }

    @Benchmark
    public long rawEndiveNoop() {
        return rawNoop.apply()[0];
    }

    @Benchmark
    public long rawEndiveAdd() {
        return rawAdd.apply(1, 2)[0];
    }

    /** Raw Endive through the same ABI export: copy in, call, copy out. */
    @Benchmark
    public byte[] rawEndiveAbiAdd() {
        return raw.call("add", ADD_INPUT);
    }

    @Benchmark
    public byte[] wasmboxNoop() {
        return pooled.call("noop", EMPTY);
    }

    /** Every limit at its default: PRISTINE, pool of 4, calls on the caller's thread. */
    @Benchmark
    public byte[] wasmboxNoopDefaults() {
        return defaults.call("noop", EMPTY);
    }

    @Benchmark
    public byte[] wasmboxAdd() {
        return pooled.call("add", ADD_INPUT);
    }

    /** Pooled, with {@code callerThreadCalls(false)}: each call handed to a plugin thread. */
    @Benchmark
    public byte[] wasmboxNoopPluginThread() {
        return pluginThread.call("noop", EMPTY);
    }

    /** Pooled, with {@code callerThreadCalls(false)}: each call handed to a plugin thread. */
    @Benchmark
    public byte[] wasmboxAddPluginThread() {
        return pluginThread.call("add", ADD_INPUT);
    }

    @Benchmark
    public byte[] wasmboxAddPristine() {
        return pristine.call("add", ADD_INPUT);
    }
}
