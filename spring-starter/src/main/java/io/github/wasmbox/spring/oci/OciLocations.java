/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.oci;

import io.github.wasmbox.spring.PluginStartupException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The plugins whose {@code location} is {@code oci://…}. This interface names no type of {@code
 * wasmbox-oci}, so that the starter loads without that optional module; {@link OciPlugins}
 * implements it when the module is on the class path.
 */
public interface OciLocations {
    /** The prefix of a location in an OCI registry. */
    String SCHEME = "oci://";

    /** Whether {@code location} names an OCI registry. */
    static boolean isOci(@Nullable String location) {
        return location != null && location.strip().startsWith(SCHEME);
    }

    /**
     * Checks {@code location} now and returns what delivers plugin {@code name}'s module: a digest
     * is pulled once, on the first call, and that module is delivered from then on; a tag is pulled
     * on the first call and then followed, each call delivering the version to serve.
     *
     * @throws PluginStartupException for a malformed reference, or a tag without a key to verify
     *     its signature
     */
    Supplier<Module> module(String name, String location);

    /**
     * A module pulled and checked.
     *
     * @param bytes the module
     * @param sha256 its SHA-256, when the location pins it (a digest), else null
     * @param signature the signature that verified under a trusted key, or null
     */
    record Module(byte[] bytes, @Nullable String sha256, byte @Nullable [] signature) {}
}
