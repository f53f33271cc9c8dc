/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1048576, 1048576",
        "512B, 512",
        "64KiB, 65536",
        "64KB, 65536",
        "64kb, 65536",
        "16MB, 16777216",
        "16 MiB, 16777216",
        "' 2GiB ', 2147483648",
        "1TB, 1099511627776",
        "-1KB, -1024",
    })
    void parsesSizes(String text, long bytes) {
        assertThat(Units.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({
        "5ns, PT0.000000005S",
        "7us, PT0.000007S",
        "250ms, PT0.25S",
        "2s, PT2S",
        "1m, PT1M",
        "3h, PT3H",
        "1d, PT24H",
        "' 10 ms ', PT0.01S",
    })
    void parsesDurations(String text, Duration duration) {
        assertThat(Units.parseDuration(text)).isEqualTo(duration);
    }

    @Test
    void rejectsWhatIsNotASizeOrDuration() {
        assertThatThrownBy(() -> Units.parseSize("1.5MB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1.5MB' is not a size: use a number of bytes or a unit as in 64KiB");
        assertThatThrownBy(() -> Units.parseSize("9223372036854775807KB"))
                .hasMessage("'9223372036854775807KB' is too large");
        assertThatThrownBy(() -> Units.parseSize("99999999999999999999"))
                .hasMessage("'99999999999999999999' is too large");
        assertThatThrownBy(() -> Units.parseDuration("250MS"))
                .hasMessage("'250MS' has an unknown unit 'MS': use one of ns, us, ms, s, m, h, d");
        assertThatThrownBy(() -> Units.parseDuration("1.5s"))
                .hasMessage("'1.5s' is not a duration: use a number and a unit as in 250ms");
        assertThatThrownBy(() -> Units.parseDuration("9223372036854775807d"))
                .hasMessage("'9223372036854775807d' is too large");
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(Units.formatDuration(Duration.ZERO)).isEqualTo("0ms");
        assertThat(Units.formatDuration(Duration.ofNanos(1500))).isEqualTo("1500ns");
        assertThat(Units.formatDuration(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Units.formatDuration(Duration.ofMillis(-1000))).isEqualTo("-1s");
        assertThat(Units.formatDuration(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Units.formatDuration(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(Units.formatDuration(Duration.ofSeconds(Long.MAX_VALUE)))
                .isEqualTo(Long.MAX_VALUE + "s");
        assertThat(Units.formatSize(0)).isEqualTo("0B");
        assertThat(Units.formatSize(1000)).isEqualTo("1000B");
        assertThat(Units.formatSize(65536)).isEqualTo("64KiB");
        assertThat(Units.formatSize(16L << 20)).isEqualTo("16MiB");
        assertThat(Units.formatSize(1L << 50)).isEqualTo("1024TiB");
    }
}
