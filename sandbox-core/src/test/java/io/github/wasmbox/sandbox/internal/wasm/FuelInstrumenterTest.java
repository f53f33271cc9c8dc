/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static io.github.wasmbox.sandbox.internal.wasm.ModulePrescanTest.oneFunction;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.bytes;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.module;
import static io.github.wasmbox.sandbox.internal.wasm.Wasm.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter.Options;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.CustomSection;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Export;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.ExternKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import run.endive.runtime.Instance;
import run.endive.runtime.TrapException;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmEngineException;

class FuelInstrumenterTest {
    private static final long BUDGET = 1L << 40;

    private static byte[] metered(String fixture) {
        return FuelInstrumenter.instrument(Wasm.fixture(fixture), Options.DEFAULTS);
    }

    /** Fuel consumed by one call with a generous budget. */
    private static long fuel(Instance instance, String function, long... args) {
        Engine.fuel(instance).setValue(BUDGET);
        instance.export(function).apply(args);
        return BUDGET - Engine.fuel(instance).getValue();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void chargesTheInstructionCountOfEveryBlockEntered(Engine engine) {
        Instance costs = engine.instantiate(metered("costs"));

        assertThat(fuel(costs, "empty")).isEqualTo(1); // end
        assertThat(fuel(costs, "nops")).isEqualTo(4);
        // entry [loop] 1 + 8 per iteration + exit [end end] 2
        assertThat(fuel(costs, "count", 1)).isEqualTo(11);
        assertThat(fuel(costs, "count", 10)).isEqualTo(83);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void chargesBulkOperationsPerByteAndGrowPerPage(Engine engine) {
        Instance costs = engine.instantiate(metered("costs"));
        assertThat(fuel(costs, "fill", 0)).isEqualTo(5);
        assertThat(fuel(costs, "fill", 1000)).isEqualTo(1005);
        assertThat(fuel(costs, "grow", 0)).isEqualTo(3);
        assertThat(fuel(costs, "grow", 2)).isEqualTo(3 + 2 * 1024);
        assertThat(fuel(costs, "grow", 100))
                .as("charged even when it fails")
                .isEqualTo(3 + 102_400);

        Options pricey = new Options(new FuelCosts(2, 3, 1, 10), Set.of(), 0);
        Instance scaled =
                engine.instantiate(FuelInstrumenter.instrument(Wasm.fixture("costs"), pricey));
        assertThat(fuel(scaled, "fill", 1000)).isEqualTo(2 * 5 + 3 * 1000);
        assertThat(fuel(scaled, "grow", 1)).isEqualTo(2 * 3 + 10);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSmallBudgetStopsEveryEndlessLoop(Engine engine) {
        Instance loops = engine.instantiate(metered("loops"));
        for (String spin : List.of("spin_br_if", "spin_br_table", "spin_calls", "spin_param")) {
            Engine.fuel(loops).setValue(10_000);
            assertThatThrownBy(() -> loops.export(spin).apply(1)).isInstanceOf(TrapException.class);
            assertThat(Engine.fuel(loops).getValue()).as(spin).isNegative();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void uncheckedBlocksCanReturnInDebtButEntriesAndLoopsCheck(Engine engine) {
        Instance costs = engine.instantiate(metered("costs"));
        Engine.fuel(costs).setValue(5);
        costs.export("overdraw").apply();
        assertThat(Engine.fuel(costs).getValue()).isEqualTo(-10);

        Engine.fuel(costs).setValue(1);
        assertThatThrownBy(() -> costs.export("overdraw").apply())
                .as("the entry block costs 2")
                .isInstanceOf(TrapException.class);
        assertThat(Engine.fuel(costs).getValue()).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aGuestTrapLeavesTheFuelNonNegative(Engine engine) {
        Instance costs = engine.instantiate(metered("costs"));
        Engine.fuel(costs).setValue(100);
        assertThatThrownBy(() -> costs.export("trap").apply()).isInstanceOf(TrapException.class);
        assertThat(Engine.fuel(costs).getValue()).isEqualTo(99);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theStartFunctionRunsOnTheStartBudget(Engine engine) {
        Options start = new Options(FuelCosts.DEFAULTS, Set.of(), 5_000);
        byte[] module = FuelInstrumenter.instrument(Wasm.fixture("start"), start);
        assertThatThrownBy(() -> engine.instantiate(module))
                .isInstanceOf(WasmEngineException.class);
    }

    @Test
    void appendsTheFuelGlobalAfterImportedAndDefinedGlobals() {
        byte[] module = metered("facts");
        Parser.parse(module);

        ModuleInfo info = ModulePrescan.scan(module, PrescanLimits.DEFAULTS);
        assertThat(info.globalCount()).isEqualTo(2);
        assertThat(info.exports())
                .endsWith(new Export(FuelInstrumenter.FUEL_EXPORT, ExternKind.GLOBAL, 2));
    }

    @Test
    void createsTheGlobalAndExportSectionsWhenAbsent() {
        byte[] module =
                FuelInstrumenter.instrument(
                        oneFunction(bytes(0, 0x01, 0x0B)),
                        new Options(FuelCosts.DEFAULTS, Set.of(), 77));

        Instance instance = Engine.INTERPRETER.instantiate(module);
        assertThat(Engine.fuel(instance).getValue()).isEqualTo(77);
        assertThat(ModulePrescan.scan(module, PrescanLimits.DEFAULTS).exports())
                .containsExactly(new Export(FuelInstrumenter.FUEL_EXPORT, ExternKind.GLOBAL, 0));
    }

    @Test
    void isDeterministicAndCopiesEveryOtherSectionByteForByte() {
        byte[] original = Wasm.fixture("control");
        byte[] metered = FuelInstrumenter.instrument(original, Options.DEFAULTS);

        assertThat(FuelInstrumenter.instrument(original, Options.DEFAULTS)).isEqualTo(metered);
        assertThat(sectionsOtherThan(metered, 6, 7, 10))
                .containsExactlyElementsOf(sectionsOtherThan(original, 6, 7, 10));
        CustomSection names =
                ModulePrescan.scan(metered, PrescanLimits.DEFAULTS).customSections().get(0);
        assertThat(names.name()).isEqualTo("name");
        assertThat(Parser.parse(metered).nameSection().nameOfFunction(3)).isEqualTo("fib");
    }

    @Test
    void meteredVectorCodeValidates() {
        Options simd = Options.DEFAULTS.features(EnumSet.of(WasmFeature.SIMD));
        assertThat(Parser.parse(FuelInstrumenter.instrument(Wasm.fixture("simd"), simd)))
                .isNotNull();
    }

    @Test
    void rejectsProposalsThatAreNotEnabled() {
        assertThatThrownBy(() -> metered("simd"))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("uses SIMD, which is not enabled");
        assertThatThrownBy(() -> metered("tailcall"))
                .hasMessageContaining("uses TAIL_CALLS, which is not enabled");
    }

    @Test
    void rejectsReservedNames() {
        byte[] export =
                module(
                        section(
                                7,
                                bytes(1, 14),
                                "__wasmbox_fuel"
                                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                bytes(3, 0)));
        assertThatThrownBy(() -> FuelInstrumenter.instrument(export, Options.DEFAULTS))
                .hasMessageContaining("export __wasmbox_fuel uses the reserved prefix");
        byte[] imp =
                module(
                        section(
                                2,
                                bytes(1, 10),
                                "__wasmbox_".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                bytes(1, 'x', 3, 0x7E, 0)));
        assertThatThrownBy(() -> FuelInstrumenter.instrument(imp, Options.DEFAULTS))
                .hasMessageContaining("import __wasmbox_.x uses the reserved prefix");
    }

    @Test
    void rejectsCodeThatWouldReachTheAddedGlobalOrLocal() {
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        oneFunction(bytes(0, 0x23, 0, 0x1A, 0x0B)),
                                        Options.DEFAULTS))
                .hasMessageContaining("unknown global 0");
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        oneFunction(bytes(1, 1, 0x7F, 0x20, 1, 0x1A, 0x0B)),
                                        Options.DEFAULTS))
                .hasMessageContaining("unknown local 1");
    }

    @Test
    void rejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        oneFunction(bytes(0, 0x06, 0x0B)), Options.DEFAULTS))
                .isInstanceOf(ModuleFormatException.class)
                .hasMessageContaining("unknown or unsupported opcode 0x06");
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        oneFunction(bytes(0, 0x0C, 1, 0x0B)), Options.DEFAULTS))
                .hasMessageContaining("branch depth 1 exceeds the nesting depth 1");
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        oneFunction(bytes(0, 0x05, 0x0B)), Options.DEFAULTS))
                .hasMessageContaining("else without if");
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        module(section(1, bytes(1, 0x5F, 0))), Options.DEFAULTS))
                .hasMessageContaining("uses GC, which is not enabled");
        assertThatThrownBy(
                        () ->
                                FuelInstrumenter.instrument(
                                        Arrays.copyOf(Wasm.fixture("control"), 300),
                                        Options.DEFAULTS))
                .isInstanceOf(ModuleFormatException.class);
    }

    @Test
    void instrumentsALargeModuleIntoOneThatValidates() {
        byte[] large = LargeModule.replicate(Wasm.fixture("control"), 64 << 10);

        byte[] metered = FuelInstrumenter.instrument(large, Options.DEFAULTS);

        assertThat(Parser.parse(metered).codeSection().functionBodyCount())
                .isEqualTo(ModulePrescan.scan(large, PrescanLimits.DEFAULTS).functionCount());
    }

    /** The raw bytes of each section whose id is not in {@code skip}, in order. */
    private static List<String> sectionsOtherThan(byte[] module, int... skip) {
        List<String> out = new ArrayList<>();
        WasmReader r = ModulePrescan.preamble(module);
        while (r.hasMore()) {
            int start = r.pos;
            int id = r.u8();
            int size = r.u32();
            r.pos += size;
            if (Arrays.stream(skip).noneMatch(s -> s == id)) {
                out.add(Arrays.toString(Arrays.copyOfRange(module, start, r.pos)));
            }
        }
        return out;
    }
}
