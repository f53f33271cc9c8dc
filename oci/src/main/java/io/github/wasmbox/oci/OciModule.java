/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginSource;

/**
 * A module pulled from a registry and checked: its manifest matched {@link #digest()}, its single
 * Wasm layer matched {@link #moduleDigest()}, and it met the registry's {@link PinRequirement}.
 * Immutable and thread-safe; {@link #source()} may be loaded any number of times and never goes
 * back to the registry.
 *
 * @param reference the reference as configured, tag or digest
 * @param digest the manifest digest that was pulled ({@code sha256:…})
 * @param moduleDigest the SHA-256 of the module bytes, also pinned on {@link #source()} when the
 *     reference was pinned
 * @param pinned whether the reference was a digest or resolved through the lock file
 * @param signed whether a signature referrer verified under the trusted keys; it is then attached
 *     to {@link #source()}, so the runtime checks it again against its own keys
 * @param source the module for {@code PluginRuntime.load} or {@code replace}
 * @param bytes the module bytes that passed the checks (a copy on every access), for tools that
 *     store or inspect them instead of loading them
 */
public record OciModule(
        String reference,
        String digest,
        String moduleDigest,
        boolean pinned,
        boolean signed,
        PluginSource source,
        byte[] bytes) {
    public OciModule {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
