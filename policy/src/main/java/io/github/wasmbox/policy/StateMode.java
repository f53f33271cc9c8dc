/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

/**
 * Whether a plugin instance keeps its memory and globals from one call to the next.
 *
 * <p>Immutable and thread-safe.
 */
public enum StateMode {
    /**
     * Every call sees a pristine instance, so nothing one caller left behind is visible to the
     * next. The default.
     */
    PRISTINE,
    /** An instance keeps its state between the calls it serves; the plugin must opt in. */
    STATEFUL
}
