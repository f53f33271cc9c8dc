/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import org.jspecify.annotations.Nullable;

/**
 * A policy file that cannot be read or is not a valid policy. The message starts with the key path
 * of the offending entry ({@code plugins.discount.limits.timeout}), then says what is wrong with
 * which value and, where a known key or value is close, {@code did you mean …}.
 *
 * <p>Unchecked. Immutable and thread-safe.
 */
public final class PolicyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String keyPath;

    PolicyFileException(String keyPath, String problem) {
        this(keyPath, problem, null);
    }

    PolicyFileException(String keyPath, String problem, @Nullable Throwable cause) {
        super(keyPath.isEmpty() ? problem : keyPath + ": " + problem, cause);
        this.keyPath = keyPath;
    }

    /**
     * Returns the dotted path of the offending key, such as {@code plugins.discount.limits.timeout}
     * or {@code plugins.discount.grants.outbound[1]}; empty for a file that is not valid YAML or
     * JSON at all.
     */
    public String keyPath() {
        return keyPath;
    }
}
