/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The Ed25519 public keys whose signatures the runtime accepts. Immutable and thread-safe. Uses
 * only the JDK's Ed25519 provider.
 *
 * <p>Key formats accepted by {@link #parse(String...)}:
 *
 * <ul>
 *   <li>PEM, {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo), as written by {@code
 *       openssl pkey -pubout} for an {@code ed25519} key;
 *   <li>the raw 32-byte key as 64 hexadecimal digits.
 * </ul>
 *
 * A signature is the 64-byte Ed25519 signature of the module bytes exactly as delivered ({@code
 * openssl pkeyutl -sign -rawin -inkey key.pem -in plugin.wasm -out plugin.wasm.sig}).
 */
public final class TrustedKeys {
    private static final TrustedKeys NONE = new TrustedKeys(List.of());

    // An Ed25519 SubjectPublicKeyInfo is this fixed header followed by the raw 32-byte key.
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final List<PublicKey> keys;

    private TrustedKeys(List<PublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** No trusted keys: signed modules cannot be verified, unsigned ones load if allowed. */
    public static TrustedKeys none() {
        return NONE;
    }

    /** The given Ed25519 keys. */
    public static TrustedKeys of(PublicKey... keys) {
        for (PublicKey key : keys) {
            Objects.requireNonNull(key, "key");
            if (!key.getAlgorithm().equals("EdDSA") && !key.getAlgorithm().equals("Ed25519")) {
                throw new IllegalArgumentException(
                        "trusted keys must be Ed25519, got " + key.getAlgorithm());
            }
        }
        return new TrustedKeys(List.of(keys));
    }

    /** Parses keys in PEM or 64-hex-digit form. */
    public static TrustedKeys parse(String... encodedKeys) {
        List<PublicKey> keys = new ArrayList<>();
        for (String encoded : encodedKeys) {
            keys.add(parseKey(encoded));
        }
        return new TrustedKeys(keys);
    }

    private static PublicKey parseKey(String encoded) {
        String text = encoded.strip();
        byte[] spki;
        if (text.startsWith("-----BEGIN PUBLIC KEY-----")) {
            String body =
                    text.replace("-----BEGIN PUBLIC KEY-----", "")
                            .replace("-----END PUBLIC KEY-----", "")
                            .replaceAll("\\s", "");
            try {
                spki = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trusted key PEM is not valid base64", e);
            }
        } else if (text.length() == 64 && text.chars().allMatch(HexFormat::isHexDigit)) {
            byte[] raw = HexFormat.of().parseHex(text);
            spki = new byte[SPKI_PREFIX.length + raw.length];
            System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
            System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        } else {
            throw new IllegalArgumentException(
                    "a trusted key must be a PEM 'PUBLIC KEY' block or 64 hex digits (raw"
                            + " Ed25519 key)");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** True when there are no keys. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The number of keys. */
    public int size() {
        return keys.size();
    }

    /**
     * True when any trusted key verifies the Ed25519 {@code signature} over {@code data}; false for
     * a malformed signature. It is the check a load makes, for code that checks a signature without
     * loading: {@code wasmbox verify}, and a registry client choosing among several signatures.
     */
    public boolean verify(byte[] data, byte[] signature) {
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(data);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (GeneralSecurityException e) {
                // A malformed signature verifies under no key; try the next one.
            }
        }
        return false;
    }
}
