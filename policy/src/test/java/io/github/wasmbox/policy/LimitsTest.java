/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        Limits limits = Limits.defaults();

        assertThat(limits.fuel()).isEqualTo(50_000_000);
        assertThat(limits.instantiationFuel()).isEqualTo(10_000_000);
        assertThat(limits.maxMemoryBytes()).isEqualTo(16L << 20);
        assertThat(limits.maxTableElements()).isEqualTo(10_000);
        assertThat(limits.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(limits.stackSizeBytes()).isEqualTo(1L << 20);
        assertThat(limits.maxInputBytes()).isEqualTo(1 << 20);
        assertThat(limits.maxOutputBytes()).isEqualTo(1 << 20);
        assertThat(limits.maxLogBytes()).isEqualTo(64 << 10);
        assertThat(limits.maxHostResultBytes()).isEqualTo(1 << 20);
        assertThat(limits.maxStdoutBytes()).isEqualTo(64 << 10);
        assertThat(limits.maxStderrBytes()).isEqualTo(64 << 10);
        assertThat(limits.maxOpenFiles()).isEqualTo(16);
        assertThat(limits.maxBytesWritten()).isEqualTo(1L << 20);
        assertThat(limits.poolSize()).isEqualTo(4);
        assertThat(limits.acquireTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limits.quarantineAfter()).isEqualTo(5);
        assertThat(limits.stateMode()).isEqualTo(StateMode.PRISTINE);
        assertThat(Limits.builder().build()).isEqualTo(limits);
    }

    @Test
    void builderSetsEveryField() {
        Limits limits =
                Limits.builder()
                        .fuel(1)
                        .instantiationFuel(2)
                        .maxMemoryBytes(65_536)
                        .maxTableElements(0)
                        .timeout(Duration.ofMillis(5))
                        .stackSizeBytes(1L << 30)
                        .maxInputBytes(3)
                        .maxOutputBytes(4)
                        .maxLogBytes(5)
                        .maxHostResultBytes(6)
                        .maxStdoutBytes(7)
                        .maxStderrBytes(8)
                        .maxOpenFiles(9)
                        .maxBytesWritten(10)
                        .poolSize(1024)
                        .acquireTimeout(Duration.ZERO)
                        .quarantineAfter(0)
                        .stateMode(StateMode.STATEFUL)
                        .build();

        assertThat(limits.fuel()).isEqualTo(1);
        assertThat(limits.instantiationFuel()).isEqualTo(2);
        assertThat(limits.maxMemoryBytes()).isEqualTo(65_536);
        assertThat(limits.maxTableElements()).isZero();
        assertThat(limits.timeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(limits.stackSizeBytes()).isEqualTo(1L << 30);
        assertThat(limits.maxInputBytes()).isEqualTo(3);
        assertThat(limits.maxOutputBytes()).isEqualTo(4);
        assertThat(limits.maxLogBytes()).isEqualTo(5);
        assertThat(limits.maxHostResultBytes()).isEqualTo(6);
        assertThat(limits.maxStdoutBytes()).isEqualTo(7);
        assertThat(limits.maxStderrBytes()).isEqualTo(8);
        assertThat(limits.maxOpenFiles()).isEqualTo(9);
        assertThat(limits.maxBytesWritten()).isEqualTo(10);
        assertThat(limits.poolSize()).isEqualTo(1024);
        assertThat(limits.acquireTimeout()).isZero();
        assertThat(limits.quarantineAfter()).isZero();
        assertThat(limits.stateMode()).isEqualTo(StateMode.STATEFUL);
        assertThat(limits.toBuilder().build()).isEqualTo(limits).hasSameHashCodeAs(limits);
        assertThat(limits).isNotEqualTo(Limits.defaults());
    }

    @Test
    void outOfRangeValuesNameTheFieldAndTheRange() {
        Limits.Builder builder = Limits.builder();

        assertThatThrownBy(() -> builder.fuel(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fuel must be at least 1 but was 0");
        assertThatThrownBy(() -> builder.instantiationFuel(-1))
                .hasMessage("instantiationFuel must be at least 1 but was -1");
        assertThatThrownBy(() -> builder.maxMemoryBytes(65_535))
                .hasMessage("maxMemoryBytes must be at least 65536 but was 65535");
        assertThatThrownBy(() -> builder.maxTableElements(-1))
                .hasMessage("maxTableElements must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
                .hasMessage("timeout must be positive but was 0ms");
        assertThatThrownBy(() -> builder.timeout(Duration.ofMillis(-250)))
                .hasMessage("timeout must be positive but was -250ms");
        assertThatThrownBy(() -> builder.stackSizeBytes(1))
                .hasMessage("stackSizeBytes must be between 65536 and 1073741824 but was 1");
        assertThatThrownBy(() -> builder.stackSizeBytes((1L << 30) + 1))
                .hasMessage(
                        "stackSizeBytes must be between 65536 and 1073741824 but was 1073741825");
        assertThatThrownBy(() -> builder.maxInputBytes(-1))
                .hasMessage("maxInputBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxOutputBytes(-1))
                .hasMessage("maxOutputBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxLogBytes(-1))
                .hasMessage("maxLogBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxHostResultBytes(-1))
                .hasMessage("maxHostResultBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxStdoutBytes(-1))
                .hasMessage("maxStdoutBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxStderrBytes(-1))
                .hasMessage("maxStderrBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxOpenFiles(-1))
                .hasMessage("maxOpenFiles must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.maxBytesWritten(-1))
                .hasMessage("maxBytesWritten must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.poolSize(0))
                .hasMessage("poolSize must be between 1 and 1024 but was 0");
        assertThatThrownBy(() -> builder.poolSize(1025))
                .hasMessage("poolSize must be between 1 and 1024 but was 1025");
        assertThatThrownBy(() -> builder.quarantineAfter(-1))
                .hasMessage("quarantineAfter must be at least 0 but was -1");
        assertThatThrownBy(() -> builder.acquireTimeout(Duration.ofSeconds(-1)))
                .hasMessage("acquireTimeout must not be negative but was -1s");
        assertThatThrownBy(() -> builder.timeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("timeout");
        assertThatThrownBy(() -> builder.stateMode(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("stateMode");
        assertThat(builder.build()).isEqualTo(Limits.defaults());
    }
}
