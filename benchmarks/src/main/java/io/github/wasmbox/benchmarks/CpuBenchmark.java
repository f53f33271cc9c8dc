/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
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
 * CPU-bound guests: sha256 over 1 MiB (memory-bound) and fib(30) (calls and ALU). Raw Endive with
 * its own defaults (no fuel); wasmbox pooled (fuel-metered, as every wasmbox call is); and plain
 * Java (a port of the same sha256 code, the JDK's MessageDigest, recursive fib). What fuel alone
 * costs a call-heavy guest under the raw engine is {@link FuelPlacementBenchmark}'s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class CpuBenchmark {
    /** fib's argument (the smoke run uses a small one). */
    @Param("30")
    public int fibN;

    /** sha256's input size (the smoke run uses a small one). */
    @Param("1048576")
    public int shaBytes;

    private byte[] data;
    private byte[] fibInput;
    private PluginRuntime runtime;
    private Plugin sha;
    private Plugin calls;
    private RawPlugin rawSha;
    private RawPlugin rawCalls;

    @Setup(Level.Trial)
    public void setUp() {
        data = new byte[shaBytes];
        new Random(42).nextBytes(data);
        fibInput = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(fibN).array();
        runtime = Fixtures.sharedRuntime();
        sha =
                runtime.load(
                        "sha256",
                        PluginSource.bytes(Fixtures.wasm(Fixtures.SHA256)),
                        Fixtures.policy(StateMode.STATEFUL, 1));
        calls =
                runtime.load(
                        "calls",
                        PluginSource.bytes(Fixtures.wasm(Fixtures.CALLS)),
                        Fixtures.policy(StateMode.STATEFUL, 1));
        rawSha = RawPlugin.of(Fixtures.SHA256);
        rawCalls = RawPlugin.of(Fixtures.CALLS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.unload("sha256");
        runtime.unload("calls");
        rawSha.close();
        rawCalls.close();
    }

    @Benchmark
    public byte[] sha256JavaPort() {
        return Sha256.digest(data);
    }

    @Benchmark
    public byte[] sha256JavaMessageDigest() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Benchmark
    public byte[] sha256RawEndive() {
        return rawSha.call("sha256", data);
    }

    @Benchmark
    public byte[] sha256Wasmbox() {
        return sha.call("sha256", data);
    }

    @Benchmark
    public long fibJava() {
        return fib(fibN);
    }

    private static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Benchmark
    public long fibRawEndive() {
        return rawCalls.export("fib_raw").apply(fibN)[0];
    }

    @Benchmark
    public byte[] fibWasmbox() {
        return calls.call("fib", fibInput);
    }
}
