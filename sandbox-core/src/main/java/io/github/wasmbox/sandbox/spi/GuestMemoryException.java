/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

/**
 * A plugin passed a pointer or length that does not fit its memory or the policy's caps. The
 * runtime turns it into a trap ({@link io.github.wasmbox.sandbox.PluginTrapException}) or, for a
 * length over a size cap, into a {@link io.github.wasmbox.sandbox.ResourceExhaustedException}.
 */
public final class GuestMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean overCap;

    public GuestMemoryException(String message, boolean overCap) {
        super(message);
        this.overCap = overCap;
    }

    /** True when the range was valid but larger than a policy cap. */
    public boolean overCap() {
        return overCap;
    }
}
