package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.PluginLoadException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.internal.endive.BenchmarkAccess;
import java.io.ByteArrayOutputStream;
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
import run.endive.runtime.Memory;
import run.endive.wasm.types.MemoryLimits;

/**
 * Host work a guest can ask for outside its fuel: growing a linear memory one page at a time to 64
 * MiB (the memory the runtime gives wasm), and loading a valid module of 20,000 tiny functions with
 * the runtime's default settings (each load a different module, so no cache answers).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HostCostBenchmark {
    private static final int PAGES = 1024;

    private PluginRuntime runtime;
    private int seed;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = PluginRuntime.builder().build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    /** A 1-page memory grown to 64 MiB by 1,023 grows of one page each. */
    @Benchmark
    public int growTo64MiBByPages() {
        Memory memory = BenchmarkAccess.flatMemory(new MemoryLimits(1, 2 * PAGES));
        for (int i = 1; i < PAGES; i++) {
            memory.grow(1);
        }
        return memory.pages();
    }

    /** Loads (or refuses) a module of 20,000 functions, 255 KB; unloads it if it loaded. */
    @Benchmark
    public boolean loadTwentyThousandFunctions() {
        String name = "many-" + seed;
        byte[] module = manyFunctions(20_000, seed++);
        try {
            runtime.load(name, PluginSource.bytes(module), Fixtures.policy(StateMode.STATEFUL, 1));
        } catch (PluginLoadException e) {
            return false;
        }
        return runtime.unload(name);
    }

    /**
     * A module of {@code functions} functions {@code (i32) -> i32}, each adding a constant (offset
     * by {@code seed}, so that modules of different seeds differ) to its argument.
     */
    static byte[] manyFunctions(int functions, int seed) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        u32(code, functions);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < functions; i++) {
            body.reset();
            body.writeBytes(new byte[] {0, 0x20, 0, 0x41}); // no locals, local.get 0, i32.const
            s32(body, seed + i);
            body.writeBytes(new byte[] {0x6A, 0x0B}); // i32.add, end
            u32(code, body.size());
            code.writeBytes(body.toByteArray());
        }
        ByteArrayOutputStream funcs = new ByteArrayOutputStream();
        u32(funcs, functions);
        for (int i = 0; i < functions; i++) {
            funcs.write(0);
        }
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(module, 1, new byte[] {1, 0x60, 1, 0x7F, 1, 0x7F}); // (i32) -> i32
        section(module, 3, funcs.toByteArray());
        section(module, 5, new byte[] {1, 0, 1}); // one page
        section(module, 10, code.toByteArray());
        return module.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        u32(out, content.length);
        out.writeBytes(content);
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    private static void s32(ByteArrayOutputStream out, int value) {
        while (true) {
            int b = value & 0x7F;
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }
}
