/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Export;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmInterruptedException;
import run.endive.wasm.InvalidException;
import run.endive.wasm.MalformedException;
import run.endive.wasm.UnlinkableException;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.types.FunctionType;

/**
 * Runs one module unmodified, after the fuel rewrite and after the split, under the interpreter and
 * the compiler, and names every way the six runs differ.
 *
 * <p>A run instantiates the module with every imported function answering zeros and logging its
 * arguments, then calls each exported function with {@link FuelDifferentialTest#arguments}, first
 * resetting binaryen's {@code hangLimit} when the module has one. It records one line per
 * instantiation, host call and export call (results, or trap type and message), the fuel each
 * metered call consumed, the final memory and the final value of every global the original
 * declares. The metered runs start each call with {@link #BUDGET}, which no generated module comes
 * near, so fuel never runs out.
 *
 * <p>Required to agree, else {@link Kind#DIFFERENT}: per engine, the unmodified, metered and split
 * runs (fuel between the metered and split runs as well); across engines, the metered fuel. The
 * unmodified runs are compared across engines too (memory, globals and lines, where of a trap only
 * the fact counts): when only they differ, the module is {@link Kind#ENGINES_DIFFER}, an engine bug
 * that wasmbox, which runs only the compiler, reports upstream rather than fails on. A module that
 * the engine rejects (malformed, invalid, unlinkable) in every form is {@link Kind#REJECTED}; a
 * module that some run does not finish within the bound is {@link Kind#TIMED_OUT}.
 *
 * <p>Not thread-safe: one instance checks one module at a time, each run on a worker thread that is
 * interrupted at the bound.
 */
final class RewriteDifferential implements AutoCloseable {
    /** Fuel per call and for the start function: far above what any generated module uses. */
    static final long BUDGET = 1L << 50;

    private static final String HANG_LIMIT_RESET = "hangLimitInitializer";

    enum Kind {
        /** Every comparison agrees. */
        SAME,
        /** The loader's prescan or the engine refuses the module in every form. */
        REJECTED,
        /** A run did not finish within the bound. */
        TIMED_OUT,
        /**
         * The rewrites keep the module's behaviour under each engine, but the two engines run the
         * unmodified module differently: an engine bug, outside the rewrites.
         */
        ENGINES_DIFFER,
        /** A rewrite changed the module's behaviour, or refused a module the engine runs. */
        DIFFERENT
    }

    /**
     * @param detail for a difference, each one found; for a rejection, the engine's reason
     * @param split whether the split moved code out of any function
     */
    record Verdict(Kind kind, List<String> detail, boolean split) {}

    /** What one run of a module did. */
    record Observation(List<String> lines, List<Long> fuel, byte[] memory, List<Long> globals) {
        boolean rejected() {
            return !lines.isEmpty() && lines.get(0).startsWith("rejected");
        }
    }

    /** The split as the checks apply it: every function with a construct worth moving. */
    static final UnaryOperator<byte[]> SPLIT = m -> Outliner.outline(m, OutlinerTest.EVERYTHING);

    private final Duration bound;
    private final UnaryOperator<byte[]> split;
    private final ExecutorService workers =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "rewrite-differential");
                        t.setDaemon(true); // a run that ignores its interrupt must not hold the JVM
                        return t;
                    });

    /**
     * @param bound how long one run of one module may take before the module is skipped
     * @param split the split under test, applied to the metered module: {@link #SPLIT}, or a broken
     *     one to show that the check catches it
     */
    RewriteDifferential(Duration bound, UnaryOperator<byte[]> split) {
        this.bound = bound;
        this.split = split;
    }

    /** Checks {@code original} with {@code features} enabled for the rewrite. */
    Verdict check(byte[] original, Set<WasmFeature> features) {
        try {
            ModulePrescan.scan(original, PrescanLimits.DEFAULTS);
        } catch (ModuleFormatException e) {
            // The loader refuses it before the rewrite could see it.
            return new Verdict(Kind.REJECTED, List.of("prescan: " + e.getMessage()), false);
        }
        byte[] metered = null;
        String refusal = null;
        try {
            metered =
                    FuelInstrumenter.instrument(
                            original,
                            new FuelInstrumenter.Options(FuelCosts.DEFAULTS, features, BUDGET));
        } catch (ModuleFormatException e) {
            refusal = e.getMessage();
        }
        byte[] split = metered == null ? null : this.split.apply(metered);
        List<String> differences = new ArrayList<>();
        Map<Engine, Observation> unmodified = new EnumMap<>(Engine.class);
        Map<Engine, Observation> meteredRuns = new EnumMap<>(Engine.class);
        try {
            for (Engine engine : Engine.values()) {
                Observation o = observe(original, engine, false, Integer.MAX_VALUE);
                unmodified.put(engine, o);
                if (metered == null) {
                    if (!o.rejected()) {
                        differences.add(
                                "the rewrite refused a module " + engine + " runs: " + refusal);
                    }
                    continue;
                }
                Observation m = observe(metered, engine, true, o.globals().size());
                Observation s = observe(split, engine, true, o.globals().size());
                meteredRuns.put(engine, m);
                compare(engine + " unmodified vs metered", o, m, false, differences);
                compare(engine + " metered vs split", m, s, true, differences);
            }
        } catch (TimeoutException e) {
            return new Verdict(Kind.TIMED_OUT, List.of(), false);
        }
        boolean rejected =
                unmodified.values().stream().allMatch(Observation::rejected)
                        && (metered == null
                                || meteredRuns.values().stream().allMatch(Observation::rejected));
        if (rejected && differences.isEmpty()) {
            return new Verdict(
                    Kind.REJECTED,
                    List.of(unmodified.get(Engine.INTERPRETER).lines().get(0)),
                    false);
        }
        boolean moved = split != null && !Arrays.equals(split, metered);
        if (!differences.isEmpty()) {
            return new Verdict(Kind.DIFFERENT, differences, moved);
        }
        compareEngines(
                unmodified.get(Engine.INTERPRETER), unmodified.get(Engine.COMPILER), differences);
        if (!differences.isEmpty()) {
            // Then the metered runs differ across engines as well, fuel included.
            return new Verdict(Kind.ENGINES_DIFFER, differences, moved);
        }
        if (meteredRuns.size() == 2) {
            List<Long> interpreted = meteredRuns.get(Engine.INTERPRETER).fuel();
            List<Long> compiled = meteredRuns.get(Engine.COMPILER).fuel();
            if (!interpreted.equals(compiled)) {
                differences.add(
                        "metered fuel, INTERPRETER vs COMPILER: "
                                + firstDifference(interpreted, compiled));
            }
        }
        return new Verdict(differences.isEmpty() ? Kind.SAME : Kind.DIFFERENT, differences, moved);
    }

    private static void compare(
            String what, Observation a, Observation b, boolean fuel, List<String> differences) {
        if (a.rejected() && b.rejected()) {
            return; // for different reasons, perhaps: a rewrite moves code
        }
        if (!a.lines().equals(b.lines())) {
            differences.add(what + ": " + firstDifference(a.lines(), b.lines()));
        }
        if (!Arrays.equals(a.memory(), b.memory())) {
            differences.add(what + ": memory " + firstDifference(a.memory(), b.memory()));
        }
        if (!a.globals().equals(b.globals())) {
            differences.add(what + ": globals " + firstDifference(a.globals(), b.globals()));
        }
        if (fuel && !a.fuel().equals(b.fuel())) {
            differences.add(what + ": fuel " + firstDifference(a.fuel(), b.fuel()));
        }
    }

    /**
     * Across engines only whether a call trapped counts: each engine words its messages and picks
     * its exception types itself (an unaligned atomic access out of bounds is an out-of-bounds
     * {@code WasmRuntimeException} to the interpreter, an {@code InvalidException} to the
     * compiler).
     */
    private static void compareEngines(
            Observation interpreted, Observation compiled, List<String> differences) {
        Observation a = trapsOnly(interpreted);
        Observation b = trapsOnly(compiled);
        compare("unmodified INTERPRETER vs COMPILER", a, b, false, differences);
    }

    /** {@code o} with each trap's type and message dropped. */
    private static Observation trapsOnly(Observation o) {
        List<String> lines = new ArrayList<>();
        for (String line : o.lines()) {
            int trap = line.indexOf("-> trap ");
            lines.add(trap < 0 ? line : line.substring(0, trap + "-> trap".length()));
        }
        return new Observation(lines, o.fuel(), o.memory(), o.globals());
    }

    private static String firstDifference(List<?> a, List<?> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "#" + i + " " + a.get(i) + " | " + b.get(i);
            }
        }
        return "lengths " + a.size() + " | " + b.size();
    }

    private static String firstDifference(byte[] a, byte[] b) {
        int i = Arrays.mismatch(a, b);
        return i >= a.length || i >= b.length
                ? "sizes " + a.length + " | " + b.length
                : "byte " + i + ": " + a[i] + " | " + b[i];
    }

    /** Runs {@code module} on a worker, interrupting it at the bound. */
    private Observation observe(byte[] module, Engine engine, boolean metered, int globals)
            throws TimeoutException {
        Future<Observation> run = workers.submit(() -> run(module, engine, metered, globals));
        try {
            return run.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a run failed outside the guest", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param globals how many globals to record: the rewrites append theirs (fuel, split-off state)
     *     after the original's
     */
    private static Observation run(byte[] module, Engine engine, boolean metered, int globals) {
        List<Export> exports = ModulePrescan.scan(module, PrescanLimits.DEFAULTS).exports();
        List<String> lines = new ArrayList<>();
        List<Long> fuel = new ArrayList<>();
        Instance instance;
        try {
            instance = engine.instantiate(module, logging(module, lines));
        } catch (MalformedException | InvalidException | UnlinkableException e) {
            return new Observation(
                    List.of("rejected " + e.getClass().getSimpleName() + ": " + e.getMessage()),
                    fuel,
                    new byte[0],
                    List.of());
        } catch (WasmInterruptedException e) {
            throw e;
        } catch (WasmEngineException e) {
            lines.add(
                    "instantiate -> trap " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Observation(lines, fuel, new byte[0], List.of());
        }
        boolean hangLimit = exports.stream().anyMatch(e -> e.name().equals(HANG_LIMIT_RESET));
        for (Export export : exports) {
            if (export.kind() != ModuleInfo.ExternKind.FUNCTION
                    || export.name().equals(HANG_LIMIT_RESET)) {
                continue;
            }
            FunctionType type = instance.exportType(export.name());
            for (int k = 0; k < FuelDifferentialTest.VECTORS; k++) {
                long[] args = FuelDifferentialTest.arguments(type.params(), k);
                if (hangLimit) {
                    instance.export(HANG_LIMIT_RESET).apply();
                }
                if (metered) {
                    Engine.fuel(instance).setValue(BUDGET);
                }
                lines.add(
                        export.name()
                                + Arrays.toString(args)
                                + " -> "
                                + call(instance, export.name(), args));
                if (metered) {
                    fuel.add(BUDGET - Engine.fuel(instance).getValue());
                }
                if (type.params().isEmpty()) {
                    break;
                }
            }
        }
        byte[] memory = new byte[0];
        if (instance.memory() != null) {
            Memory m = instance.memory();
            memory = m.readBytes(0, m.pages() * Memory.PAGE_SIZE);
        }
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < Math.min(globals, instance.globalCount()); i++) {
            values.add(instance.global(i).getValue());
        }
        return new Observation(lines, fuel, memory, values);
    }

    /** {@link FuelDifferentialTest#call}, with what escapes the engine's own exceptions named. */
    private static String call(Instance instance, String name, long[] args) {
        try {
            return FuelDifferentialTest.call(instance, name, args);
        } catch (StackOverflowError e) {
            return "trap stack overflow";
        } catch (WasmInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            return "engine failure " + e;
        }
    }

    /** Every imported function logs its name and arguments to {@code lines} and returns zeros. */
    private static ImportValues logging(byte[] module, List<String> lines) {
        return Engine.imports(
                module,
                (i, type) ->
                        (instance, args) -> {
                            lines.add(i.name() + Arrays.toString(args));
                            return new long[type.returns().size()];
                        });
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
