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
 * CPU-bound guests: sha256 over 1 MiB (memory-bound) and fib(30) (calls and ALU). Raw Chicory with
 * its own memory, with the flat memory and with fuel instrumentation; wasmbox pooled; and plain
 * Java (a port of the same sha256 code, the JDK's MessageDigest, recursive fib).
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
    private RawPlugin rawShaFlat;
    private RawPlugin rawShaFuel;
    private RawPlugin rawCalls;
    private RawPlugin rawCallsFuel;

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
        rawSha = RawPlugin.of(Fixtures.SHA256, RawPlugin.MemoryKind.CHICORY, false);
        rawShaFlat = RawPlugin.of(Fixtures.SHA256, RawPlugin.MemoryKind.FLAT, false);
        rawShaFuel = RawPlugin.of(Fixtures.SHA256, RawPlugin.MemoryKind.FLAT, true);
        rawCalls = RawPlugin.of(Fixtures.CALLS, RawPlugin.MemoryKind.CHICORY, false);
        rawCallsFuel = RawPlugin.of(Fixtures.CALLS, RawPlugin.MemoryKind.FLAT, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.unload("sha256");
        runtime.unload("calls");
        rawSha.close();
        rawShaFlat.close();
        rawShaFuel.close();
        rawCalls.close();
        rawCallsFuel.close();
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
    public byte[] sha256RawChicory() {
        return rawSha.call("sha256", data);
    }

    @Benchmark
    public byte[] sha256RawChicoryFlatMemory() {
        return rawShaFlat.call("sha256", data);
    }

    @Benchmark
    public byte[] sha256RawChicoryFlatMemoryFuel() {
        return rawShaFuel.call("sha256", data);
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
    public long fibRawChicory() {
        return rawCalls.export("fib_raw").apply(fibN)[0];
    }

    @Benchmark
    public long fibRawChicoryFuel() {
        return rawCallsFuel.export("fib_raw").apply(fibN)[0];
    }

    @Benchmark
    public byte[] fibWasmbox() {
        return calls.call("fib", fibInput);
    }
}
