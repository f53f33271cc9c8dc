/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known word an operator most likely meant, for "did you mean" hints in policy files and
 * in configuration built on them (the Spring starter uses it for its property keys). Stateless and
 * thread-safe.
 */
public final class Suggestions {
    private Suggestions() {}

    /**
     * Returns the candidate closest to {@code input} by edit distance, ignoring case, dashes and
     * underscores (so {@code maxMemory} and {@code max_memory} find {@code max-memory}), when it is
     * close enough to be a plausible typo.
     */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String normalizedInput = normalize(input);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(normalizedInput, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        boolean plausible =
                bestDistance < normalizedInput.length()
                        && (bestDistance <= 2 || bestDistance <= normalizedInput.length() / 3);
        if (plausible) {
            return Optional.of(best);
        }
        for (String candidate : candidates) {
            String normalized = normalize(candidate);
            if (normalized.length() >= 3 && normalizedInput.startsWith(normalized)) {
                return Optional.of(candidate); // "simd128" meant "simd"
            }
        }
        return Optional.empty();
    }

    /** Returns {@code ", did you mean 'x'?"} or an empty string. */
    static String didYouMean(String input, Collection<String> candidates) {
        return closest(input, candidates)
                .map(match -> ", did you mean '" + match + "'?")
                .orElse("");
    }

    private static String normalize(String word) {
        return word.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** Levenshtein distance with two rolling rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
