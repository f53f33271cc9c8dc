/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

/**
 * What a plugin pulled from a registry must carry before {@link OciRegistry#pull(String)} hands it
 * to the runtime. A reference is <em>pinned</em> when it names a digest ({@code repo@sha256:…}) or
 * when its tag is resolved through the registry's lock file; it is <em>signed</em> when one of its
 * signature referrers verifies under the registry's trusted keys.
 */
public enum Requirement {
    /** A digest pin: a digest reference, or a tag recorded in the lock file. */
    DIGEST,
    /** A signature that a trusted key verifies. */
    SIGNATURE,
    /** A digest pin or a trusted signature; the default. */
    DIGEST_OR_SIGNATURE,
    /** Both a digest pin and a trusted signature. */
    DIGEST_AND_SIGNATURE;

    boolean needsPin() {
        return this == DIGEST || this == DIGEST_AND_SIGNATURE;
    }

    boolean needsSignature() {
        return this == SIGNATURE || this == DIGEST_AND_SIGNATURE;
    }

    boolean satisfiedBy(boolean pinned, boolean signed) {
        return switch (this) {
            case DIGEST -> pinned;
            case SIGNATURE -> signed;
            case DIGEST_OR_SIGNATURE -> pinned || signed;
            case DIGEST_AND_SIGNATURE -> pinned && signed;
        };
    }
}
