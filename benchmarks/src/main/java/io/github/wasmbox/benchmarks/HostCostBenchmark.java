/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginLoadException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
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

/**
 * Host work a guest can ask for outside its fuel: growing its linear memory one page at a time to
 * 64 MiB (a guest's loop of {@code memory.grow 1}, called through wasmbox), and loading a valid
 * module of 20,000 tiny functions with the runtime's default settings (each load a different
 * module, so no cache answers).
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
    private Plugin grower;
    private int seed;

    @Setup(Level.Trial)
    public void setUp() {
        runtime = PluginRuntime.builder().build();
        PluginPolicy policy = Fixtures.policy(StateMode.PRISTINE, 1);
        grower =
                runtime.load(
                        "grower",
                        PluginSource.bytes(growByPages(PAGES)),
                        policy.toBuilder()
                                .limits(
                                        policy.limits().toBuilder()
                                                .maxMemoryBytes(PAGES * 65_536L)
                                                .build())
                                .build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    /**
     * A guest's 1-page memory grown to 64 MiB by 1,023 grows of one page each, in a pristine call
     * (so each call starts from one page again; the reset is included).
     */
    @Benchmark
    public byte[] growTo64MiBByPages() {
        return grower.call("grow", new byte[0]);
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
     * A module whose export {@code grow() -> i32} grows its memory of one page, by one page at a
     * time, to {@code pages} pages (its maximum), and returns 0, or 1 if a grow fails.
     */
    static byte[] growByPages(int pages) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 0x03, 0x40}); // no locals; loop
        body.writeBytes(new byte[] {0x41, 1, 0x40, 0, 0x41, 0x7F, 0x46}); // grow(1) == -1
        body.writeBytes(new byte[] {0x04, 0x40, 0x41, 1, 0x0F, 0x0B}); // if: return 1; end
        body.writeBytes(new byte[] {0x3F, 0, 0x41}); // memory.size, i32.const pages
        s32(body, pages);
        body.writeBytes(new byte[] {0x49, 0x0D, 0, 0x0B}); // i32.lt_u, br_if loop; end
        body.writeBytes(new byte[] {0x41, 0, 0x0B}); // i32.const 0, end
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        u32(code, 1);
        u32(code, body.size());
        code.writeBytes(body.toByteArray());
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        memory.writeBytes(new byte[] {1, 1, 1}); // one memory: minimum 1 page, maximum...
        u32(memory, pages);
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(2);
        exports.writeBytes(new byte[] {4, 'g', 'r', 'o', 'w', 0, 0}); // function 0
        exports.writeBytes(new byte[] {6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0}); // memory 0
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(module, 1, new byte[] {1, 0x60, 0, 1, 0x7F}); // () -> i32
        section(module, 3, new byte[] {1, 0});
        section(module, 5, memory.toByteArray());
        section(module, 7, exports.toByteArray());
        section(module, 10, code.toByteArray());
        return module.toByteArray();
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
