/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.internal.wasm.FuelDifferentialTest.Run;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

/**
 * A split module behaves exactly like the unsplit one, fuel included, under both engines. The
 * limits here split every function that has a construct of two instructions or more, so every
 * region shape in the fixtures moves: exits to enclosing labels and to the function, carried
 * values, written locals, {@code if} conditions, {@code br_table}.
 */
class OutlinerTest {
    static final Outliner.Limits EVERYTHING = new Outliner.Limits(2, 0, 2, 1_000_000);

    @ParameterizedTest
    @ValueSource(strings = {"numeric", "control", "memory", "tables", "tailcall", "regions"})
    void splitModulesBehaveAndMeterExactlyLikeTheOriginal(String fixture) {
        byte[] metered =
                FuelInstrumenter.instrument(Wasm.fixture(fixture), FuelDifferentialTest.OPTIONS);
        byte[] split = Outliner.outline(metered, EVERYTHING);

        if (fixture.equals("tailcall")) {
            assertThat(split).as("tail-calling functions stay whole").isEqualTo(metered);
        } else {
            assertThat(Parser.parse(split).functionSection().functionCount())
                    .as("functions moved out")
                    .isGreaterThan(Parser.parse(metered).functionSection().functionCount());
        }
        for (Engine engine : Engine.values()) {
            Run expected = FuelDifferentialTest.run(metered, engine, true);
            Run actual = FuelDifferentialTest.run(split, engine, true);
            assertThat(actual.outcomes()).as(engine.name()).isEqualTo(expected.outcomes());
            assertThat(actual.memory()).isEqualTo(expected.memory());
            assertThat(actual.fuel()).isEqualTo(expected.fuel());
        }
    }

    @Test
    void aFunctionTooCostlyToAnalyseStaysWhole() {
        // About 100,000 instructions under 1,000 nested blocks: analysing every region would
        // take about 10^8 steps, over the module's budget, so a hostile module cannot stall the
        // load. The same code under 10 blocks is cheap to analyse and is split.
        byte[] deep = nested(1_000);
        byte[] shallow = nested(10);

        assertThat(Outliner.outline(deep, Outliner.Limits.DEFAULTS)).isSameAs(deep);
        byte[] split = Outliner.outline(shallow, Outliner.Limits.DEFAULTS);
        assertThat(Parser.parse(split).functionSection().functionCount()).isGreaterThan(1);
    }

    /** One function: {@code depth} blocks around 500 blocks of 100 × (local.get 0, drop). */
    private static byte[] nested(int depth) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(Wasm.bytes(1, 1, 0x7F)); // one i32 local
        for (int i = 0; i < depth; i++) {
            body.writeBytes(Wasm.bytes(0x02, 0x40));
        }
        for (int group = 0; group < 500; group++) {
            body.writeBytes(Wasm.bytes(0x02, 0x40));
            for (int i = 0; i < 100; i++) {
                body.writeBytes(Wasm.bytes(0x20, 0, 0x1A));
            }
            body.write(0x0B);
        }
        for (int i = 0; i <= depth; i++) {
            body.write(0x0B);
        }
        return ModulePrescanTest.oneFunction(body.toByteArray());
    }

    /** What one plugin call did, as far as a caller can see. */
    record Quote(long status, String output, long fuel) {}

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSplitRustPluginQuotesTheSameWithTheSameFuel(Engine engine) throws Exception {
        byte[] plugin =
                Files.readAllBytes(Path.of("..", "plugins-rust", "dist", "discount-rules.wasm"));
        byte[] metered = FuelInstrumenter.instrument(plugin, FuelInstrumenter.Options.DEFAULTS);
        byte[] split = Outliner.outline(metered, EVERYTHING);
        String order =
                "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"items\":["
                        + "{\"sku\":\"A\",\"quantity\":12,\"unitPriceCents\":2500},"
                        + "{\"sku\":\"B\",\"quantity\":1,\"unitPriceCents\":19900}]}";

        Quote expected = quote(metered, engine, order);
        Quote actual = quote(split, engine, order);

        assertThat(expected.output()).contains("\"subtotalCents\":49900");
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * Calls the plugin's {@code quote} with the ABI's input and output functions; every other
     * import answers zeros, the same for both modules.
     */
    private static Quote quote(byte[] module, Engine engine, String order) {
        byte[] input = order.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ImportValues imports =
                Engine.imports(
                        module,
                        (i, type) ->
                                (instance, args) -> {
                                    switch (i.name()) {
                                        case "input_length":
                                            return new long[] {input.length};
                                        case "input_read":
                                            instance.memory().write((int) args[0], input);
                                            return null;
                                        case "output_write":
                                            output.writeBytes(
                                                    instance.memory()
                                                            .readBytes(
                                                                    (int) args[0], (int) args[1]));
                                            return null;
                                        default:
                                            return new long[type.returns().size()];
                                    }
                                });
        Instance instance = engine.instantiate(module, imports);
        Engine.fuel(instance).setValue(1L << 40);
        long status = instance.export("quote").apply()[0];
        return new Quote(
                status,
                output.toString(StandardCharsets.UTF_8),
                (1L << 40) - Engine.fuel(instance).getValue());
    }
}
