/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A plugin's typed answer is hostile input to the host: each answer here is a few dozen bytes,
 * inside every limit, and would cost the host CPU, memory or a wrong decision after {@code
 * plugin.call} returned, where no fuel, deadline or memory limit applies. The codec refuses each
 * with a {@link PluginOutputException} naming the rule, and the plugin then still answers.
 */
class HostileTypedOutputTest {
    record Decision(boolean approved, BigDecimal amount) {}

    record Amount(BigDecimal amount) {}

    record Count(boolean approved, long amount) {}

    record Measure(double amount) {}

    private final PluginRuntime runtime = PluginRuntime.builder().build();
    private final Plugin plugin =
            runtime.load("hostile-json", Fixtures.source("hostile_json"), Fixtures.relaxed());

    @AfterEach
    void hostStillServes() {
        Decision fine = plugin.call("fine", "", Decision.class);
        assertThat(fine.amount().setScale(2, RoundingMode.HALF_EVEN).toPlainString())
                .isEqualTo("12.50");
        runtime.close();
    }

    @Test
    void aHugeExponentIsRefusedBeforeTheHostComputesWithIt() {
        assertThatThrownBy(() -> plugin.call("huge_exponent", "", Amount.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("1e99999999")
                .hasMessageContaining("scale");
    }

    @Test
    void aZeroWithAHugeScaleIsRefused() {
        assertThatThrownBy(() -> plugin.call("zero_scale", "", Amount.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("scale");
    }

    @Test
    void aNumberBeyondDoubleRangeIsRefusedRatherThanBecomingInfinity() {
        assertThatThrownBy(() -> plugin.call("overflow", "", Measure.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("1e400")
                .hasMessageContaining("finite");
    }

    @Test
    void aDuplicateKeyIsRefusedRatherThanTheLastOneWinning() {
        assertThatThrownBy(() -> plugin.call("duplicate", "", Decision.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("duplicate")
                .hasMessageContaining("approved");
    }

    @Test
    void aFractionIsNotTruncatedIntoAnInteger() {
        assertThatThrownBy(() -> plugin.call("fraction", "", Count.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("1.99");
    }

    @Test
    void aQuotedNumberIsNotCoercedIntoANumber() {
        assertThatThrownBy(() -> plugin.call("quoted_number", "", Count.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("coercion");
    }

    @Test
    void aQuotedBooleanIsNotCoercedIntoABoolean() {
        assertThatThrownBy(() -> plugin.call("quoted_boolean", "", Decision.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("coercion");
    }

    @Test
    void nestingBeyondTheFixedDepthIsRefusedWithoutStrainingTheStack() {
        assertThatThrownBy(() -> plugin.call("deep", "", Object.class))
                .isInstanceOf(PluginOutputException.class)
                .hasMessageContaining("nesting depth")
                .hasMessageContaining("fixed rule");
    }
}
