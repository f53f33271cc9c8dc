/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

/**
 * What a plugin must carry before it is loaded, set once for a whole runtime with {@link
 * PluginRuntime.Builder#require(PinRequirement)}. A plugin is <em>pinned</em> when its source names
 * the SHA-256 its bytes must have ({@link PluginSource#sha256(String)}), and <em>signed</em> when
 * its source carries a detached Ed25519 signature that a trusted key verifies ({@link
 * PluginSource#signature(byte[])}). {@code wasmbox-oci} applies the same requirement to what it
 * pulls, where a reference is pinned when it names a digest or its tag is recorded in a lock file.
 */
public enum PinRequirement {
    /** Nothing: any source loads. The runtime's default. */
    NONE,
    /** A SHA-256 pin. */
    DIGEST,
    /** A signature that a trusted key verifies. */
    SIGNATURE,
    /** A SHA-256 pin or a trusted signature. */
    DIGEST_OR_SIGNATURE,
    /** Both a SHA-256 pin and a trusted signature. */
    DIGEST_AND_SIGNATURE;

    /** Whether every plugin must be pinned, whatever its signature. */
    public boolean needsPin() {
        return this == DIGEST || this == DIGEST_AND_SIGNATURE;
    }

    /** Whether every plugin must carry a trusted signature, whatever its pin. */
    public boolean needsSignature() {
        return this == SIGNATURE || this == DIGEST_AND_SIGNATURE;
    }

    /** Whether a plugin that is (or is not) pinned and signed meets this requirement. */
    public boolean isSatisfiedBy(boolean pinned, boolean signed) {
        return switch (this) {
            case NONE -> true;
            case DIGEST -> pinned;
            case SIGNATURE -> signed;
            case DIGEST_OR_SIGNATURE -> pinned || signed;
            case DIGEST_AND_SIGNATURE -> pinned && signed;
        };
    }
}
