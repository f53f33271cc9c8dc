/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import io.github.wasmbox.policy.GuestText;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads, verifies and writes sigstore bundles of version 0.3 ({@value MediaTypes#SIGSTORE_BUNDLE},
 * the protobuf-specs JSON form) that sign a module with a configured key: {@code
 * verificationMaterial.publicKey} and a {@code messageSignature} whose {@code messageDigest} is the
 * SHA-256 of the module bytes and whose {@code signature} verifies over those bytes (ECDSA P-256
 * with SHA-256, DER-encoded, as {@code cosign sign-blob --key} makes it; or Ed25519 over the bytes
 * themselves).
 *
 * <p>A bundle comes from the registry and is hostile: it is refused past {@link #MAX_BYTES}, past a
 * nesting depth of {@value #MAX_DEPTH}, with any string over {@value #MAX_STRING_CHARS} characters
 * or a duplicate key, and every field read is checked for its type and length before it is used.
 * Transparency-log entries ({@code tlogEntries}) and signed timestamps ({@code
 * timestampVerificationData}) are tolerated and <em>not</em> checked: that needs the log's key and
 * a trust root wasmbox is not configured with. A DSSE envelope (an attestation, not a signature of
 * the module) and a keyless bundle (a Fulcio certificate) are refused, saying why.
 *
 * <p>Stateless and thread-safe.
 */
final class SigstoreBundle {
    /**
     * The largest bundle read: a key-signed bundle is a few hundred bytes, a logged one a few KiB.
     */
    static final int MAX_BYTES = 64 << 10;

    static final int MAX_DEPTH = 16;
    static final int MAX_STRING_CHARS = 32 << 10;

    /** A DER ECDSA P-256 signature is at most 72 bytes, an Ed25519 one 64. */
    private static final int MAX_SIGNATURE_BYTES = 256;

    private static final int MAX_FIELD_CHARS = 512;

    private static final String SHA2_256 = "SHA2_256";
    private static final String BUNDLE_MEDIA_TYPE_PREFIX = "application/vnd.dev.sigstore.bundle";

    private static final JsonMapper JSON =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxDocumentLength(MAX_BYTES)
                                                    .maxNestingDepth(MAX_DEPTH)
                                                    .maxStringLength(MAX_STRING_CHARS)
                                                    .maxNameLength(MAX_FIELD_CHARS)
                                                    .maxNumberLength(32)
                                                    .maxTokenCount(8192)
                                                    .build())
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .build())
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private SigstoreBundle() {}

    /** Why a bundle was refused; the message says what is wrong and what to do instead. */
    static final class InvalidBundleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidBundleException(String message) {
            super(message);
        }

        InvalidBundleException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * A bundle that verified.
     *
     * @param key the trusted key its signature verified under
     * @param signature the signature bytes (for an Ed25519 key, the 64-byte detached signature over
     *     the module that {@code PluginSource.signature} takes)
     */
    record Verified(PublicKey key, byte[] signature) {
        boolean isEd25519() {
            return "Ed25519".equals(SigstoreKeys.algorithm(key));
        }
    }

    /**
     * Checks {@code bundle} against {@code module} and the trusted keys.
     *
     * @throws InvalidBundleException if the bundle is malformed, of another kind or version, for
     *     other bytes, or signed by no trusted key
     */
    static Verified verify(byte[] bundle, byte[] module, SigstoreKeys keys) {
        if (bundle.length > MAX_BYTES) {
            throw new InvalidBundleException(
                    "the bundle is "
                            + bundle.length
                            + " bytes, more than the "
                            + MAX_BYTES
                            + " wasmbox reads");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bundle);
        } catch (JacksonException e) {
            throw new InvalidBundleException(
                    "the bundle is not valid JSON within wasmbox's limits ("
                            + MAX_BYTES
                            + " bytes, depth "
                            + MAX_DEPTH
                            + ", strings of "
                            + MAX_STRING_CHARS
                            + " characters, no duplicate keys): "
                            + GuestText.escape(e.getOriginalMessage(), 200),
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBundleException("the bundle is not a JSON object");
        }
        checkMediaType(string(root, "mediaType", "mediaType"));
        if (root.has("dsseEnvelope")) {
            throw new InvalidBundleException(
                    "the bundle holds a DSSE envelope (an in-toto attestation), not a signature"
                            + " of the module; sign the module itself: cosign sign-blob --key …"
                            + " --new-bundle-format, or OciRegistry.pushSigstoreBundle(…)");
        }
        JsonNode material = object(root, "verificationMaterial", "verificationMaterial");
        if (material.has("certificate") || material.has("x509CertificateChain")) {
            throw new InvalidBundleException(
                    "the bundle is keyless (signed with a Fulcio certificate), which wasmbox does"
                            + " not verify: that needs the Sigstore trust root and a"
                            + " transparency-log check (sigstore-java does both, for the"
                            + " public-good instance). Sign with a key instead (cosign sign-blob"
                            + " --key …, or OciRegistry.pushSigstoreBundle(…)) and configure its"
                            + " public key in sigstoreKeys(…)");
        }
        JsonNode publicKey = object(material, "publicKey", "verificationMaterial.publicKey");
        String hint =
                publicKey.has("hint")
                        ? string(publicKey, "hint", "verificationMaterial.publicKey.hint")
                        : "";
        JsonNode signed = object(root, "messageSignature", "messageSignature");
        JsonNode digest = object(signed, "messageDigest", "messageSignature.messageDigest");
        String algorithm = string(digest, "algorithm", "messageSignature.messageDigest.algorithm");
        if (!SHA2_256.equals(algorithm)) {
            throw new InvalidBundleException(
                    "the bundle's message digest is "
                            + quote(algorithm)
                            + "; wasmbox verifies "
                            + SHA2_256
                            + " digests (what cosign sign-blob writes)");
        }
        byte[] claimed = base64(digest, "digest", "messageSignature.messageDigest.digest");
        byte[] actual = sha256(module);
        if (!MessageDigest.isEqual(claimed, actual)) {
            throw new InvalidBundleException(
                    "the bundle signs other bytes: its message digest is "
                            + HexFormat.of().formatHex(claimed)
                            + ", the module's SHA-256 is "
                            + HexFormat.of().formatHex(actual));
        }
        byte[] signature = base64(signed, "signature", "messageSignature.signature");
        if (signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
            throw new InvalidBundleException(
                    "the bundle's signature is "
                            + signature.length
                            + " bytes; an ECDSA P-256 or Ed25519 signature is 64 to 72");
        }
        for (PublicKey key : keys.keys()) {
            if (verifies(key, module, signature)) {
                return new Verified(key, signature);
            }
        }
        throw new InvalidBundleException(
                "no trusted key verifies the bundle's signature"
                        + (hint.isEmpty() ? "" : " (its key hint is " + quote(hint) + ")")
                        + " under the "
                        + keys.size()
                        + " key(s) in sigstoreKeys(…)");
    }

    private static boolean verifies(PublicKey key, byte[] module, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(SigstoreKeys.algorithm(key));
            verifier.initVerify(key);
            verifier.update(module);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A malformed signature (bad DER, wrong length) verifies under no key.
            return false;
        }
    }

    private static void checkMediaType(String mediaType) {
        if (mediaType.equals(MediaTypes.SIGSTORE_BUNDLE)) {
            return;
        }
        throw new InvalidBundleException(
                (mediaType.startsWith(BUNDLE_MEDIA_TYPE_PREFIX)
                                ? "the bundle's version " + quote(mediaType) + " is not supported"
                                : quote(mediaType) + " is not a sigstore bundle media type")
                        + "; wasmbox reads "
                        + MediaTypes.SIGSTORE_BUNDLE
                        + " (cosign sign-blob --new-bundle-format writes it)");
    }

    /**
     * A new bundle signing {@code module} with {@code key} (ECDSA P-256 or Ed25519): what {@code
     * cosign sign-blob --key … --new-bundle-format} writes, without transparency-log entries.
     *
     * @throws IllegalArgumentException if the key is neither ECDSA P-256 nor Ed25519
     */
    static byte[] sign(byte[] module, PrivateKey key) {
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(SigstoreKeys.algorithm(key));
            signer.initSign(key);
            signer.update(module);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with the key: " + e.getMessage(), e);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("mediaType", MediaTypes.SIGSTORE_BUNDLE);
        root.putObject("verificationMaterial").putObject("publicKey");
        ObjectNode message = root.putObject("messageSignature");
        message.putObject("messageDigest")
                .put("algorithm", SHA2_256)
                .put("digest", Base64.getEncoder().encodeToString(sha256(module)));
        message.put("signature", Base64.getEncoder().encodeToString(signature));
        return JSON.writeValueAsBytes(root);
    }

    private static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw new InvalidBundleException(
                    "the bundle has no "
                            + path
                            + " object"
                            + (node == null ? "" : " (wrong type)"));
        }
        return node;
    }

    private static String string(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isString()) {
            throw new InvalidBundleException(
                    "the bundle has no "
                            + path
                            + " string"
                            + (node == null ? "" : " (wrong type)"));
        }
        String value = node.stringValue();
        if (value.length() > MAX_FIELD_CHARS) {
            throw new InvalidBundleException(
                    "the bundle's "
                            + path
                            + " is "
                            + value.length()
                            + " characters, more than the "
                            + MAX_FIELD_CHARS
                            + " wasmbox reads");
        }
        return value;
    }

    /** Protobuf's JSON form writes bytes as base64, standard or URL-safe, padded or not. */
    private static byte[] base64(JsonNode parent, String name, String path) {
        String text = string(parent, name, path);
        try {
            return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                            ? Base64.getUrlDecoder()
                            : Base64.getDecoder())
                    .decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException("the bundle's " + path + " is not base64", e);
        }
    }

    /** A bundle's string in a message: quoted, escaped and capped as guest text is. */
    private static String quote(String text) {
        return "'" + GuestText.escape(text, 100) + "'";
    }

    /** The raw SHA-256 of {@code bytes}. */
    private static byte[] sha256(byte[] bytes) {
        return HexFormat.of().parseHex(Digests.hex(Digests.sha256(bytes)));
    }
}
