/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("timeout", "max-memory", "fuel", "grants");

    @Test
    void suggestsPlausibleTypos() {
        assertThat(Suggestions.closest("timeot", KEYS)).contains("timeout");
        assertThat(Suggestions.closest("max-memroy", KEYS)).contains("max-memory");
        assertThat(Suggestions.closest("maxMemory", KEYS)).contains("max-memory");
        assertThat(Suggestions.closest("MAX_MEMORY", KEYS)).contains("max-memory");
        assertThat(Suggestions.closest("fule", KEYS)).contains("fuel");
        assertThat(Suggestions.closest("grant", KEYS)).contains("grants");
        assertThat(Suggestions.closest("fuel-limit", KEYS)).contains("fuel");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggestions.closest("colour", KEYS)).isEmpty();
        assertThat(Suggestions.closest("x", KEYS)).isEmpty();
        assertThat(Suggestions.closest("anything", List.of())).isEmpty();
        assertThat(Suggestions.didYouMean("colour", KEYS)).isEmpty();
        assertThat(Suggestions.didYouMean("timout", KEYS)).isEqualTo(", did you mean 'timeout'?");
    }

    @Test
    void measuresLevenshteinDistance() {
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
