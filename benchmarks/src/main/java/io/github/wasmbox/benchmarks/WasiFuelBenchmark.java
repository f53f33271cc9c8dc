/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Host CPU per unit of fuel: one plugin call makes many calls of one WASI function or capability
 * with the largest arguments a plugin may pass ({@code fixtures/wasi_fuel.wat}), and the {@code
 * fuel} counter divides the call's time by the fuel it was charged, so its score is nanoseconds per
 * unit of fuel. {@code guest} is plain WebAssembly, the yardstick: a function whose figure is many
 * times the yardstick's lets a plugin buy host CPU with its budget below the price of its own code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class WasiFuelBenchmark {
    /** Calls per plugin call, enough that the plugin call's own overhead does not count. */
    private static final Map<String, Integer> CALLS =
            Map.ofEntries(
                    Map.entry("guest", 10_000_000),
                    Map.entry("fd_write_1024", 200),
                    Map.entry("fd_write_2m", 10_000),
                    Map.entry("fd_read_1024", 200),
                    Map.entry("poll_oneoff_1024", 200),
                    Map.entry("random_get_64k", 20),
                    Map.entry("clock_time_get", 10_000),
                    Map.entry("args_sizes_get", 10_000),
                    Map.entry("fd_fdstat_get", 10_000),
                    Map.entry("path_open_short", 1_000),
                    Map.entry("path_open_close", 100),
                    Map.entry("path_filestat_get", 100),
                    Map.entry("path_mkdir_rmdir", 1_000),
                    Map.entry("fd_readdir_64k", 100),
                    Map.entry("log_1k", 1_000),
                    Map.entry("kv_put_1k", 1_000),
                    Map.entry("random_fill_64k", 20));

    /** The export to run: a WASI function, a capability, or {@code guest}. */
    @Param({
        "guest",
        "fd_write_1024",
        "fd_write_2m",
        "fd_read_1024",
        "poll_oneoff_1024",
        "random_get_64k",
        "clock_time_get",
        "args_sizes_get",
        "fd_fdstat_get",
        "path_open_short",
        "path_open_close",
        "path_filestat_get",
        "path_mkdir_rmdir",
        "fd_readdir_64k",
        "log_1k",
        "kv_put_1k",
        "random_fill_64k"
    })
    public String function;

    private Plugin plugin;
    private byte[] input;

    /** Fuel charged, per benchmark operation: its score is nanoseconds per unit of fuel. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Fuel {
        public long fuel;

        @Setup(Level.Iteration)
        public void reset() {
            fuel = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        PreopenGrant.Builder data = PreopenGrant.inMemory("/data").readOnly(false);
        for (int i = 0; i < 60; i++) {
            data.file("file-with-a-longer-name-" + i + ".txt", new byte[] {1});
        }
        data.file("x", new byte[] {1});
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(
                                Limits.builder()
                                        .stateMode(StateMode.STATEFUL)
                                        .poolSize(1)
                                        .timeout(Duration.ofMinutes(5))
                                        .fuel(Long.MAX_VALUE / 4)
                                        .maxMemoryBytes(300L << 16)
                                        .build())
                        .preopen(data.build())
                        .allowHostFunction("wasmbox:log", "write")
                        .allowHostFunction("wasmbox:kv", "*")
                        .allowHostFunction("wasmbox:random", "fill")
                        .allowKeyValue("info", KeyValueAccess.READ_WRITE)
                        .build();
        plugin =
                Shared.RUNTIME.load(
                        "wasi-fuel", PluginSource.bytes(Fixtures.wasm("wasi_fuel")), policy);
        plugin.call("setup", new byte[0]);
        input =
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(CALLS.get(function))
                        .array();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Shared.RUNTIME.unload("wasi-fuel");
    }

    /** One runtime per JVM, so that the module compiles once per JVM. */
    private static final class Shared {
        static final PluginRuntime RUNTIME =
                PluginRuntime.builder()
                        .hostModules(
                                HostModules.of(
                                        new LogCapability(),
                                        new KeyValueCapability(new InMemoryKeyValueStore()),
                                        new RandomCapability()))
                        .build();
    }

    @Benchmark
    public long call(Fuel fuel) {
        long consumed = plugin.invoke(function, input).fuelConsumed();
        fuel.fuel += consumed;
        return consumed;
    }
}
