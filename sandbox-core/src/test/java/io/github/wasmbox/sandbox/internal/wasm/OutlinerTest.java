package io.github.wasmbox.sandbox.internal.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.Parser;
import io.github.wasmbox.sandbox.internal.wasm.FuelDifferentialTest.Run;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A split module behaves exactly like the unsplit one, fuel included, under both engines. The
 * limits here split every function that has a construct of two instructions or more, so every
 * region shape in the fixtures moves: exits to enclosing labels and to the function, carried
 * values, written locals, {@code if} conditions, {@code br_table}.
 */
class OutlinerTest {
    static final Outliner.Limits EVERYTHING = new Outliner.Limits(2, 0, 2, 1_000_000);

    @ParameterizedTest
    @ValueSource(strings = {"numeric", "control", "memory", "tables", "tailcall"})
    void splitModulesBehaveAndMeterExactlyLikeTheOriginal(String fixture) {
        byte[] metered =
                FuelInstrumenter.instrument(Wasm.fixture(fixture), FuelDifferentialTest.OPTIONS);
        byte[] split = Outliner.outline(metered, EVERYTHING);

        assertThat(Parser.parse(split).functionSection().functionCount())
                .as("functions moved out")
                .isGreaterThan(Parser.parse(metered).functionSection().functionCount());
        for (Engine engine : Engine.values()) {
            Run expected = FuelDifferentialTest.run(metered, engine, true);
            Run actual = FuelDifferentialTest.run(split, engine, true);
            assertThat(actual.outcomes()).as(engine.name()).isEqualTo(expected.outcomes());
            assertThat(actual.memory()).isEqualTo(expected.memory());
            assertThat(actual.fuel()).isEqualTo(expected.fuel());
        }
    }
}
