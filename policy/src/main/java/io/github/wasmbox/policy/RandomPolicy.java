/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.OptionalLong;

/**
 * Where a plugin's random bytes come from, through WASI {@code random_get} and {@code
 * wasmbox:random}: a {@code SecureRandom}, or a generator seeded for reproducible runs (never for
 * anything that needs secrecy).
 *
 * <p>Immutable and thread-safe.
 */
public final class RandomPolicy {
    private static final RandomPolicy SECURE = new RandomPolicy(OptionalLong.empty());

    private final OptionalLong seed;

    private RandomPolicy(OptionalLong seed) {
        this.seed = seed;
    }

    /** Returns the host's {@code SecureRandom}. The default. */
    public static RandomPolicy secure() {
        return SECURE;
    }

    /** Returns a deterministic generator seeded with {@code seed}. */
    public static RandomPolicy seeded(long seed) {
        return new RandomPolicy(OptionalLong.of(seed));
    }

    /** Returns whether the bytes are reproducible from {@link #seed()}. */
    public boolean isSeeded() {
        return seed.isPresent();
    }

    /** Returns the seed of a seeded generator, otherwise empty. */
    public OptionalLong seed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomPolicy && seed.equals(((RandomPolicy) o).seed);
    }

    @Override
    public int hashCode() {
        return seed.hashCode();
    }

    @Override
    public String toString() {
        return seed.isPresent() ? "seeded(" + seed.getAsLong() + ")" : "secure";
    }
}
