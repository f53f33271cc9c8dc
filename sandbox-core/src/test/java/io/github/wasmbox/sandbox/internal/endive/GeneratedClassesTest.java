/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Instance;
import run.endive.runtime.TrapException;
import run.endive.runtime.WasmRuntimeException;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.ValType;

/** The compiled classes: the rewrite, the cache format and the huge-method check. */
class GeneratedClassesTest {
    private static final MemoryReservations UNLIMITED = new MemoryReservations(Long.MAX_VALUE);

    /** control.wat, metered: fib and loops, one own memory, no imports. */
    private static WasmModule meteredControl() throws IOException {
        return metered("control");
    }

    private static WasmModule metered(String fixture) throws IOException {
        return metered(fixture, Set.of());
    }

    private static WasmModule metered(String fixture, Set<WasmFeature> features)
            throws IOException {
        byte[] wasm = Files.readAllBytes(Path.of("src/test/resources/wat/" + fixture + ".wasm"));
        return Parser.parse(
                FuelInstrumenter.instrument(
                        wasm, FuelInstrumenter.Options.DEFAULTS.features(features)));
    }

    /** callgraph.wat, metered: it makes tail calls. */
    private static WasmModule meteredCallGraph() throws IOException {
        return metered("callgraph", Set.of(WasmFeature.TAIL_CALLS));
    }

    private static int fuelGlobal(WasmModule module) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(FuelInstrumenter.FUEL_EXPORT)) {
                return (int) exports.getExport(i).index();
            }
        }
        throw new AssertionError("not metered");
    }

    /**
     * One call on a fresh instance with {@code budget} fuel: the result, the fuel left, and global
     * 0 afterwards (stack_pointer.wat's stack pointer).
     */
    private record Run(long result, long fuelLeft, boolean trapped, long global0) {}

    private static Run run(
            WasmModule module, GeneratedClasses classes, String function, long arg, long budget) {
        return run(module, classes, function, arg, budget, memory -> {});
    }

    private static Run run(
            WasmModule module,
            GeneratedClasses classes,
            String function,
            long arg,
            long budget,
            Consumer<FlatMemory> prepare) {
        List<FlatMemory> memories = new ArrayList<>();
        Instance instance = instantiate(module, classes, memories);
        prepare.accept(memories.get(0));
        int fuel = fuelGlobal(module);
        GlobalCells cell = memories.get(0);
        if (classes.fuelInMemory()) {
            cell.set(budget);
        } else {
            instance.global(fuel).setValue(budget);
        }
        long result = 0;
        boolean trapped = false;
        try {
            result = instance.export(function).apply(arg)[0];
        } catch (TrapException | WasmRuntimeException e) {
            trapped = true;
        }
        long left = classes.fuelInMemory() ? cell.get() : instance.global(fuel).getValue();
        return new Run(result, left, trapped, instance.global(0).getValue());
    }

    /** An instance as EndiveModule makes one; its memories go to {@code memories}. */
    private static Instance instantiate(
            WasmModule module, GeneratedClasses classes, List<FlatMemory> memories) {
        int[] globals = new int[1];
        return Instance.builder(module)
                .withMachineFactory(classes.load())
                .withMemoryFactory(
                        limits -> {
                            FlatMemory memory = new FlatMemory(limits, UNLIMITED);
                            // More stack than any of these calls takes; a test may set less.
                            memory.budgetStack(1L << 40);
                            memories.add(memory);
                            return memory;
                        })
                .withGlobalFactory(
                        (value, high, type, mutability) ->
                                // As EndiveModule does: global 0 is these fixtures' stack pointer.
                                globals[0]++ == 0 && classes.stackPointerInMemory()
                                        ? new GlobalCells.StackPointerGlobal(
                                                memories.get(0), value, type, mutability)
                                        : newGlobal(value, high, type, mutability))
                .build();
    }

    /** An instance with fuel to spare whose stack budget is set once to {@code budget}. */
    private static Instance withStackBudget(
            WasmModule module, GeneratedClasses classes, long budget) {
        List<FlatMemory> memories = new ArrayList<>();
        Instance instance = instantiate(module, classes, memories);
        memories.get(0).set(Long.MAX_VALUE / 2); // fuel
        memories.get(0).budgetStack(budget);
        return instance;
    }

    /**
     * Whether {@code calls} calls of fib({@code n}), one after the other on one instance whose
     * stack budget is set once to {@code budget}, all return; false if one overflows the budget.
     */
    private static boolean fibFits(
            WasmModule module, GeneratedClasses classes, int n, long budget, int calls) {
        Instance instance = withStackBudget(module, classes, budget);
        try {
            for (int i = 0; i < calls; i++) {
                instance.export("fib").apply(n);
            }
            return true;
        } catch (RuntimeException e) {
            assertThat(e).hasRootCauseInstanceOf(GlobalCells.GuestStackOverflow.class);
            return false;
        }
    }

    /** The least stack budget with which fib({@code n}) returns, by bisection. */
    private static long leastBudgetFor(WasmModule module, GeneratedClasses classes, int n) {
        long fails = 0;
        long fits = 1 << 20;
        assertThat(fibFits(module, classes, n, fits, 1)).isTrue();
        while (fits - fails > 1) {
            long middle = (fails + fits) >>> 1;
            if (fibFits(module, classes, n, middle, 1)) {
                fits = middle;
            } else {
                fails = middle;
            }
        }
        return fits;
    }

    @Test
    void aRecursiveFunctionChargesItsFrameOnEntryAndGivesItBackOnReturn() throws IOException {
        WasmModule module = meteredControl();
        GeneratedClasses classes = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);
        assertThat(classes.chargesFrames()).isTrue();

        long fiveDeep = leastBudgetFor(module, classes, 5);
        long fifteenDeep = leastBudgetFor(module, classes, 15);

        // Ten more frames of fib cost ten times what one of its frames costs.
        long frame = (fifteenDeep - fiveDeep) / 10;
        assertThat(frame).isGreaterThanOrEqualTo(128);
        assertThat(fifteenDeep - fiveDeep).isEqualTo(10 * frame);
        // Every frame is given back when it returns: on the least budget one call needs, many
        // calls in a row fit, and on a byte less none does.
        assertThat(fibFits(module, classes, 15, fifteenDeep, 50)).isTrue();
        assertThat(fibFits(module, classes, 15, fifteenDeep - 1, 1)).isFalse();
    }

    /** The generated methods that charge a frame on entry, by name, read from the cache format. */
    private static Set<String> charging(GeneratedClasses classes) throws IOException {
        Set<String> names = new TreeSet<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(classes.toJar()))) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                ClassNode node = new ClassNode();
                new ClassReader(in.readAllBytes()).accept(node, 0);
                for (MethodNode method : node.methods) {
                    for (AbstractInsnNode insn : method.instructions) {
                        if (insn instanceof MethodInsnNode call && call.name.equals("pushFrame")) {
                            names.add(method.name);
                        }
                    }
                }
            }
        }
        return names;
    }

    @Test
    void onlyFunctionsOnACycleOfTheCallGraphCharge() throws IOException {
        WasmModule module = meteredCallGraph();
        GeneratedClasses classes = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);

        assertThat(classes.chargesFrames()).isTrue();
        // callgraph.wat's functions: 0 leaf, 1 middle, 2 direct, 3 through_table, 4 a, 5 b.
        // Recursion directly, through the table, and through the tail call b makes for a.
        assertThat(charging(classes))
                .contains("func_2", "func_3", "func_4")
                .doesNotContain("func_0", "func_1", "func_5");
        // What the uncharged chains can take (middle → leaf, b) stays out of the budget.
        assertThat(classes.unchargedStackBytes())
                .isPositive()
                .isLessThanOrEqualTo(FrameCharges.MAX_UNCHARGED_BYTES);
        assertThat(run(module, classes, "direct", 1000, 1L << 40).result()).isEqualTo(1002);
        assertThat(run(module, classes, "through_table", 1000, 1L << 40).result()).isEqualTo(1000);
        assertThat(run(module, classes, "tail", 1000, 1L << 40).result()).isEqualTo(1000);
    }

    @Test
    void aRustPluginsUnchargedChainsStayWithinTheReserve() throws IOException {
        // serde, core::fmt and dlmalloc: trait objects, a deep acyclic call tree, real recursion.
        byte[] wasm = Files.readAllBytes(Path.of("../plugins-rust/dist/fraud-score.wasm"));
        WasmModule module =
                Parser.parse(FuelInstrumenter.instrument(wasm, FuelInstrumenter.Options.DEFAULTS));
        GeneratedClasses classes = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);
        int functions =
                module.importSection().count(ExternalType.FUNCTION)
                        + module.functionSection().functionCount();

        assertThat(classes.chargesFrames()).isTrue();
        assertThat(charging(classes).stream().filter(name -> name.startsWith("func_")).count())
                .isPositive()
                .isLessThan(functions / 2);
        assertThat(classes.unchargedStackBytes())
                .isPositive()
                .isLessThanOrEqualTo(FrameCharges.MAX_UNCHARGED_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "through_table", "tail"})
    void endlessRecursionStopsAtTheBudgetWhicheverWayItRecurses(String function)
            throws IOException {
        WasmModule module = meteredCallGraph();
        GeneratedClasses classes = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);
        Instance instance = withStackBudget(module, classes, 64 << 10);

        // Deeper than the thread's stack: only the budget stops it before the JVM would.
        assertThatThrownBy(() -> instance.export(function).apply(100_000_000))
                .hasRootCauseInstanceOf(GlobalCells.GuestStackOverflow.class);
    }

    @Test
    void aModuleThatCatchesWasmExceptionsIsNotCharged() {
        // Hand-assembled, as wabt 1.0.32 cannot write try_table: "run" calls a function that
        // throws tag 0 and catches it in a try_table, then returns 1.
        byte[] wasm = {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00, // magic, version
            0x01,
            0x08,
            0x02,
            0x60,
            0x00,
            0x00,
            0x60,
            0x00,
            0x01,
            0x7f, // types: []->[], []->[i32]
            0x03,
            0x03,
            0x02,
            0x00,
            0x01, // functions: $throws, run
            0x05,
            0x03,
            0x01,
            0x00,
            0x01, // memory 0: one page
            0x0d,
            0x03,
            0x01,
            0x00,
            0x00, // tag 0: []
            0x07,
            0x07,
            0x01,
            0x03,
            'r',
            'u',
            'n',
            0x00,
            0x01, // export "run"
            0x0a,
            0x17,
            0x02, // code: two bodies
            0x04,
            0x00,
            0x08,
            0x00,
            0x0b, // $throws: throw 0
            0x10,
            0x00,
            0x02,
            0x40, // run: block
            0x1f,
            0x40,
            0x01,
            0x00,
            0x00,
            0x00, // try_table (catch 0 -> the block)
            0x10,
            0x00,
            0x0b,
            0x0b, // call $throws, end, end
            0x41,
            0x01,
            0x0b // i32.const 1, end
        };
        WasmModule module =
                Parser.parse(
                        FuelInstrumenter.instrument(
                                wasm,
                                FuelInstrumenter.Options.DEFAULTS.features(
                                        Set.of(WasmFeature.EXCEPTIONS))));
        GeneratedClasses classes = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);

        assertThat(classes.chargesFrames()).isFalse();
        assertThat(run(module, classes, "run", 0, 1_000_000).result()).isEqualTo(1);
    }

    @SuppressWarnings("deprecation") // the constructor EndiveModule's global factory uses
    private static GlobalInstance newGlobal(
            long value, long high, ValType type, MutabilityType mutability) {
        return new GlobalInstance(value, high, type, mutability);
    }

    @ParameterizedTest
    @CsvSource({
        "100, 100000000", // returns, every frame popped
        "2000, 100000000", // traps out of bounds 1024 frames deep, the pointer left down there
        "100, 400" // runs out of fuel half-way
    })
    void theStackPointerInMemoryBehavesExactlyAsItsGlobalDid(long depth, long budget)
            throws IOException {
        WasmModule module = metered("stack_pointer");
        GeneratedClasses inMemory = GeneratedClasses.compile(module, fuelGlobal(module), 0, true);
        GeneratedClasses inGlobal = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);
        assertThat(inMemory.stackPointerInMemory()).isTrue();
        assertThat(inGlobal.stackPointerInMemory()).isFalse();

        Run expected = runDepth(module, inGlobal, depth, budget);
        Run actual = runDepth(module, inMemory, depth, budget);

        assertThat(actual).isEqualTo(expected);
        assertThat(expected.trapped()).isEqualTo(depth > 1024 || budget < 1000);
        if (!expected.trapped()) {
            assertThat(expected.result()).isEqualTo(depth * (depth + 1) / 2);
            assertThat(expected.global0()).isEqualTo(65536);
        }
    }

    /** stack_pointer.wat's {@code depth}, {@code depth} frames deep. */
    private static Run runDepth(
            WasmModule module, GeneratedClasses classes, long depth, long budget) {
        return run(module, classes, "depth", 0, budget, memory -> memory.writeLong(0, depth));
    }

    @ParameterizedTest
    @CsvSource({
        "fib, 15, 100000000",
        "sum, 1000, 100000000",
        "machine, 2, 100000000",
        "fib, 15, 500"
    })
    void theCounterInMemoryMetersExactlyAsTheGlobalDid(String function, long arg, long budget)
            throws IOException {
        WasmModule module = meteredControl();
        GeneratedClasses inMemory = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);
        GeneratedClasses inGlobal = GeneratedClasses.compile(module, -1, -1, true);
        assertThat(inMemory.fuelInMemory()).isTrue();
        assertThat(inGlobal.fuelInMemory()).isFalse();

        Run expected = run(module, inGlobal, function, arg, budget);
        Run actual = run(module, inMemory, function, arg, budget);

        assertThat(actual).isEqualTo(expected);
        assertThat(expected.fuelLeft()).isLessThan(budget); // the calls did use fuel
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "add",
                "discount-rules",
                "fraud-score",
                "shipping-rates",
                "tax",
                "visits",
                "hostile-endless-loop",
                "hostile-memory-hog"
            })
    void everyExamplePluginGetsItsCounterAndStackPointerMovedToMemory(String plugin)
            throws IOException {
        byte[] wasm = Files.readAllBytes(Path.of("..", "plugins-rust", "dist", plugin + ".wasm"));
        WasmModule module =
                Parser.parse(FuelInstrumenter.instrument(wasm, FuelInstrumenter.Options.DEFAULTS));

        // Global 0 of every Rust and C plugin is LLVM's shadow-stack pointer.
        GeneratedClasses classes = GeneratedClasses.compile(module, fuelGlobal(module), 0, true);
        assertThat(classes.fuelInMemory()).isTrue();
        assertThat(classes.stackPointerInMemory()).isTrue();
    }

    @Test
    void aModuleWhoseMemoryIsNotItsOwnKeepsTheCounterInItsGlobal() throws IOException {
        WasmModule module = meteredControl();
        assertThat(GeneratedClasses.compile(module, fuelGlobal(module), -1, false).fuelInMemory())
                .isFalse();
    }

    @Test
    void theJarRoundTripKeepsTheClassesAndWhereTheCounterIs() throws IOException {
        WasmModule module = meteredControl();
        GeneratedClasses compiled = GeneratedClasses.compile(module, fuelGlobal(module), -1, true);

        GeneratedClasses read = GeneratedClasses.fromJar(compiled.toJar());

        assertThat(read.fuelInMemory()).isTrue();
        assertThat(read.bytes()).isEqualTo(compiled.bytes());
        assertThat(run(module, read, "fib", 15, 1_000_000))
                .isEqualTo(run(module, compiled, "fib", 15, 1_000_000));
    }

    @Test
    void aJarWithoutItsPropertiesIsRefused() {
        assertThatThrownBy(() -> GeneratedClasses.fromJar(new byte[] {'P', 'K', 5, 6}))
                .isInstanceOf(IOException.class);
    }

    @Test
    void readsTheBytecodeLengthOfEveryMethod() throws IOException {
        byte[] classFile;
        try (InputStream in = FlatMemory.class.getResourceAsStream("FlatMemory.class")) {
            classFile = in.readAllBytes();
        }
        Map<String, Integer> sizes = new HashMap<>();
        GeneratedClasses.ClassFiles.methodCodeSizes(classFile, sizes::put);
        assertThat(sizes).containsKeys("grow", "readInt", "write", "<init>", "<clinit>");
        assertThat(sizes.get("grow")).isBetween(10, GeneratedClasses.HUGE_METHOD_LIMIT);
    }
}
