/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import java.util.Set;

/** The media and artifact types wasmbox reads and writes. */
final class MediaTypes {
    private MediaTypes() {}

    /** The CNCF Wasm OCI artifact's config. */
    static final String WASM_CONFIG = "application/vnd.wasm.config.v0+json";

    /** The CNCF Wasm OCI artifact's single layer. */
    static final String WASM_LAYER = "application/wasm";

    /** The layer written by the older wasm-to-oci tooling, still found in registries. */
    static final String LEGACY_WASM_LAYER = "application/vnd.wasm.content.layer.v1+wasm";

    /** The config the older wasm-to-oci tooling wrote next to its layer. */
    static final String LEGACY_WASM_CONFIG = "application/vnd.wasm.config.v1+json";

    static final Set<String> CONFIGS = Set.of(WASM_CONFIG, LEGACY_WASM_CONFIG);
    static final Set<String> LAYERS = Set.of(WASM_LAYER, LEGACY_WASM_LAYER);

    /**
     * The artifact type of a referrer holding the detached Ed25519 signature wasmbox already
     * verifies ({@code PluginSource.signature}): one layer of this type with the 64 signature bytes
     * over the module bytes.
     */
    static final String ED25519_SIGNATURE = "application/vnd.wasmbox.signature.ed25519.v1";

    /**
     * A sigstore bundle, version 0.3 (protobuf-specs JSON form): the artifact type of a referrer
     * holding one, and the media type of its single layer, as {@code cosign} attaches it. wasmbox
     * reads the message-signature form signed with a configured key ({@link SigstoreBundle}).
     */
    static final String SIGSTORE_BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";

    /** The OCI empty descriptor's type, for a referrer's config. */
    static final String EMPTY = "application/vnd.oci.empty.v1+json";

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    /** An index: the referrers API's answer and the {@code sha256-<digest>} fallback tag. */
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
}
