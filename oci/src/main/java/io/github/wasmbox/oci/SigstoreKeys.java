/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The public keys a sigstore bundle referrer must verify under ({@link
 * OciRegistry.Builder#sigstoreKeys(SigstoreKeys)}): ECDSA P-256 keys, what {@code cosign
 * generate-key-pair} makes, and Ed25519 keys, the ones wasmbox's detached signatures use. Immutable
 * and thread-safe; only the JDK's providers are used.
 *
 * <p>Key formats accepted by {@link #parse(String...)}:
 *
 * <ul>
 *   <li>PEM, {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo), as {@code cosign
 *       generate-key-pair} writes {@code cosign.pub} and {@code openssl pkey -pubout} writes any
 *       public key;
 *   <li>a raw 32-byte Ed25519 key as 64 hexadecimal digits, as {@code TrustedKeys} reads it.
 * </ul>
 */
public final class SigstoreKeys {
    private static final SigstoreKeys NONE = new SigstoreKeys(List.of());

    // An Ed25519 SubjectPublicKeyInfo is this fixed header followed by the raw 32-byte key.
    private static final byte[] ED25519_SPKI_PREFIX =
            HexFormat.of().parseHex("302a300506032b6570032100");

    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private final List<PublicKey> keys;

    private SigstoreKeys(List<PublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** No keys: sigstore bundles are not fetched. */
    public static SigstoreKeys none() {
        return NONE;
    }

    /**
     * The given keys.
     *
     * @throws IllegalArgumentException if a key is neither ECDSA P-256 nor Ed25519
     */
    public static SigstoreKeys of(PublicKey... keys) {
        for (PublicKey key : keys) {
            algorithm(Objects.requireNonNull(key, "key"));
        }
        return new SigstoreKeys(List.of(keys));
    }

    /**
     * Parses keys in PEM or 64-hex-digit form.
     *
     * @throws IllegalArgumentException if a key is malformed, or neither ECDSA P-256 nor Ed25519
     */
    public static SigstoreKeys parse(String... encodedKeys) {
        List<PublicKey> keys = new ArrayList<>();
        for (String encoded : encodedKeys) {
            PublicKey key = parseKey(encoded);
            algorithm(key);
            keys.add(key);
        }
        return new SigstoreKeys(keys);
    }

    private static PublicKey parseKey(String encoded) {
        String text = encoded.strip();
        if (text.length() == 64 && text.chars().allMatch(HexFormat::isHexDigit)) {
            byte[] raw = HexFormat.of().parseHex(text);
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
            return decode(spki, "Ed25519");
        }
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new IllegalArgumentException(
                    "a sigstore key must be a PEM '"
                            + PEM_BEGIN
                            + "' block (cosign.pub, or openssl pkey -pubout) or 64 hex digits"
                            + " (a raw Ed25519 key)");
        }
        byte[] spki;
        try {
            // Strict base64: the MIME decoder would skip stray characters instead of refusing them.
            spki =
                    Base64.getDecoder()
                            .decode(
                                    text.substring(
                                                    PEM_BEGIN.length(),
                                                    text.length() - PEM_END.length())
                                            .replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM public key is not valid base64", e);
        }
        // The SubjectPublicKeyInfo names its algorithm; try the two that are accepted.
        for (String algorithm : List.of("EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm)
                        .generatePublic(new X509EncodedKeySpec(spki));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException(
                "the PEM public key is neither an ECDSA nor an Ed25519 key; a sigstore key is"
                        + " ECDSA P-256 (cosign generate-key-pair) or Ed25519");
    }

    private static PublicKey decode(byte[] spki, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an " + algorithm + " public key: " + e.getMessage(), e);
        }
    }

    /**
     * The JCA signature algorithm for a key: {@code SHA256withECDSA} for P-256, {@code Ed25519}.
     * Private and public keys alike, so that signing and verifying agree.
     *
     * @throws IllegalArgumentException for any other key
     */
    static String algorithm(Key key) {
        if (key instanceof ECKey ec && isP256(ec.getParams())) {
            return "SHA256withECDSA";
        }
        if (key instanceof EdECKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return "Ed25519";
        }
        throw new IllegalArgumentException(
                "a sigstore key must be ECDSA P-256 or Ed25519, got "
                        + describe(key)
                        + " (cosign generate-key-pair and openssl genpkey -algorithm EC -pkeyopt"
                        + " ec_paramgen_curve:P-256 make P-256 keys)");
    }

    private static String describe(Key key) {
        if (key instanceof ECKey ec) {
            return "an ECDSA key on a "
                    + ec.getParams().getOrder().bitLength()
                    + "-bit curve other than P-256";
        }
        if (key instanceof EdECKey ed) {
            return "an " + ed.getParams().getName() + " key";
        }
        return "a key of algorithm " + key.getAlgorithm();
    }

    private static boolean isP256(ECParameterSpec params) {
        ECParameterSpec p256 = P256.SPEC;
        return params.getCurve().equals(p256.getCurve())
                && params.getGenerator().equals(p256.getGenerator())
                && params.getOrder().equals(p256.getOrder())
                && params.getCofactor() == p256.getCofactor();
    }

    /** Holds the P-256 parameters, computed once from the JDK's named curve. */
    private static final class P256 {
        static final ECParameterSpec SPEC;

        static {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec("secp256r1"));
                SPEC = parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every JDK has the P-256 curve", e);
            }
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

    List<PublicKey> keys() {
        return keys;
    }
}
