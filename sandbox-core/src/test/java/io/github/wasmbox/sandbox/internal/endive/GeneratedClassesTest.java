/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.runtime.Instance;
import run.endive.runtime.TrapException;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/** The compiled classes: the rewrite, the cache format and the huge-method check. */
class GeneratedClassesTest {
    private static final MemoryReservations UNLIMITED = new MemoryReservations(Long.MAX_VALUE);

    /** control.wat, metered: fib and loops, one own memory, no imports. */
    private static WasmModule meteredControl() throws IOException {
        byte[] wasm = Files.readAllBytes(Path.of("src/test/resources/wat/control.wasm"));
        return Parser.parse(FuelInstrumenter.instrument(wasm, FuelInstrumenter.Options.DEFAULTS));
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

    /** One call on a fresh instance with {@code budget} fuel: the result and the fuel left. */
    private record Run(long result, long fuelLeft, boolean trapped) {}

    private static Run run(
            WasmModule module, GeneratedClasses classes, String function, long arg, long budget) {
        List<FlatMemory> memories = new ArrayList<>();
        Instance instance =
                Instance.builder(module)
                        .withMachineFactory(classes.load())
                        .withMemoryFactory(
                                limits -> {
                                    FlatMemory memory = new FlatMemory(limits, UNLIMITED);
                                    memories.add(memory);
                                    return memory;
                                })
                        .build();
        int fuel = fuelGlobal(module);
        FuelCell cell = memories.get(0);
        if (classes.fuelInMemory()) {
            cell.set(budget);
        } else {
            instance.global(fuel).setValue(budget);
        }
        long result = 0;
        boolean trapped = false;
        try {
            result = instance.export(function).apply(arg)[0];
        } catch (TrapException e) {
            trapped = true;
        }
        long left = classes.fuelInMemory() ? cell.get() : instance.global(fuel).getValue();
        return new Run(result, left, trapped);
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
        GeneratedClasses inMemory = GeneratedClasses.compile(module, fuelGlobal(module), true);
        GeneratedClasses inGlobal = GeneratedClasses.compile(module, -1, true);
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
    void everyExamplePluginGetsItsCounterMovedToMemory(String plugin) throws IOException {
        byte[] wasm = Files.readAllBytes(Path.of("..", "plugins-rust", "dist", plugin + ".wasm"));
        WasmModule module =
                Parser.parse(FuelInstrumenter.instrument(wasm, FuelInstrumenter.Options.DEFAULTS));

        assertThat(GeneratedClasses.compile(module, fuelGlobal(module), true).fuelInMemory())
                .isTrue();
    }

    @Test
    void aModuleWhoseMemoryIsNotItsOwnKeepsTheCounterInItsGlobal() throws IOException {
        WasmModule module = meteredControl();
        assertThat(GeneratedClasses.compile(module, fuelGlobal(module), false).fuelInMemory())
                .isFalse();
    }

    @Test
    void theJarRoundTripKeepsTheClassesAndWhereTheCounterIs() throws IOException {
        WasmModule module = meteredControl();
        GeneratedClasses compiled = GeneratedClasses.compile(module, fuelGlobal(module), true);

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
