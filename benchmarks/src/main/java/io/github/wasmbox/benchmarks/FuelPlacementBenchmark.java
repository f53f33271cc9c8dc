/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.ExportFunction;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * What fuel metering costs a call-heavy guest depending on where it touches its global counter: fib
 * under raw Endive, unmetered, metered the way the loader meters (around every call), and metered
 * by settling with the global once per activation. The copies are metered by hand in {@code
 * fixtures/fuel_placement.wat}, with the same block costs, so the rows differ only in the
 * placement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class FuelPlacementBenchmark {
    /** fib's argument (the smoke run uses a small one). */
    @Param("30")
    public int fibN;

    private ExportFunction unmetered;
    private ExportFunction aroundCalls;
    private ExportFunction atExit;

    @Setup(Level.Trial)
    public void setUp() {
        WasmModule module = Parser.parse(Fixtures.wasm(Fixtures.FUEL_PLACEMENT));
        Instance instance =
                Instance.builder(module)
                        .withMachineFactory(MachineFactoryCompiler.compile(module))
                        .build();
        unmetered = instance.export("fib_unmetered");
        aroundCalls = instance.export("fib_around_calls");
        atExit = instance.export("fib_at_exit");
    }

    @Benchmark
    public long fibUnmetered() {
        return unmetered.apply(fibN)[0];
    }

    /** The placement of the loader's metering (version 2). */
    @Benchmark
    public long fibMeteredAroundCalls() {
        return aroundCalls.apply(fibN)[0];
    }

    /** One settlement with the global per activation, checked at the exit. */
    @Benchmark
    public long fibMeteredAtExit() {
        return atExit.apply(fibN)[0];
    }
}
