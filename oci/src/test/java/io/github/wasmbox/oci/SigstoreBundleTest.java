/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.oci.SigstoreBundle.InvalidBundleException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sigstore bundles signed with a key: what verifies, and every way a hostile bundle is refused.
 * Bundles are made by {@link SigstoreBundle#sign} and then edited as JSON, as an attacker would.
 */
class SigstoreBundleTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] module = TestRegistry.fixture("echo");
    private final KeyPair vendor = ecdsa("secp256r1");
    private final KeyPair edVendor = ed25519();
    private final KeyPair stranger = ecdsa("secp256r1");

    static KeyPair ecdsa(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SigstoreKeys trusting(KeyPair... pairs) {
        return SigstoreKeys.of(
                Arrays.stream(pairs).map(KeyPair::getPublic).toArray(PublicKey[]::new));
    }

    private static ObjectNode edit(byte[] bundle) {
        return (ObjectNode) JSON.readTree(bundle);
    }

    private static byte[] bytes(ObjectNode bundle) {
        return JSON.writeValueAsBytes(bundle);
    }

    private void refused(byte[] bundle, String message) {
        assertThatThrownBy(() -> SigstoreBundle.verify(bundle, module, trusting(vendor, edVendor)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anEcdsaP256BundleVerifiesOverTheModuleBytes() throws Exception {
        byte[] bundle = SigstoreBundle.sign(module, vendor.getPrivate());

        SigstoreBundle.Verified verified =
                SigstoreBundle.verify(bundle, module, trusting(stranger, vendor));

        assertThat(verified.key()).isEqualTo(vendor.getPublic());
        assertThat(verified.isEd25519()).isFalse();
        ObjectNode json = edit(bundle);
        assertThat(json.get("mediaType").stringValue())
                .isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
        assertThat(json.at("/messageSignature/messageDigest/algorithm").stringValue())
                .isEqualTo("SHA2_256");
        assertThat(
                        Base64.getDecoder()
                                .decode(
                                        json.at("/messageSignature/messageDigest/digest")
                                                .stringValue()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(module));
        // The signature is what cosign sign-blob --key makes: SHA256withECDSA, DER, over the bytes.
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(vendor.getPublic());
        jdk.update(module);
        assertThat(
                        jdk.verify(
                                Base64.getDecoder()
                                        .decode(
                                                json.at("/messageSignature/signature")
                                                        .stringValue())))
                .isTrue();
    }

    @Test
    void anEd25519BundleCarriesTheDetachedSignatureTheRuntimeChecks() throws Exception {
        byte[] bundle = SigstoreBundle.sign(module, edVendor.getPrivate());

        SigstoreBundle.Verified verified =
                SigstoreBundle.verify(bundle, module, trusting(vendor, edVendor));

        assertThat(verified.isEd25519()).isTrue();
        assertThat(verified.signature()).isEqualTo(OciRegistryTest.sign(edVendor, module));
    }

    @Test
    void aBundleForOtherBytesIsRefusedByItsDigest() {
        byte[] other = SigstoreBundle.sign(TestRegistry.fixture("facts"), vendor.getPrivate());

        refused(other, "the bundle signs other bytes: its message digest is ");
    }

    @Test
    void aDigestThatMatchesWithASignatureOverOtherBytesIsRefused() {
        ObjectNode bundle = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ObjectNode forOther =
                edit(SigstoreBundle.sign(TestRegistry.fixture("facts"), vendor.getPrivate()));
        ((ObjectNode) bundle.get("messageSignature"))
                .put("signature", forOther.at("/messageSignature/signature").stringValue());

        refused(bytes(bundle), "no trusted key verifies the bundle's signature under the 2 key(s)");
    }

    @Test
    void anotherDigestAlgorithmIsRefused() {
        ObjectNode bundle = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) bundle.at("/messageSignature/messageDigest")).put("algorithm", "SHA2_384");

        refused(
                bytes(bundle),
                "the bundle's message digest is 'SHA2_384'; wasmbox verifies SHA2_256");
    }

    @Test
    void aForeignKeyIsRefused() {
        byte[] bundle = SigstoreBundle.sign(module, stranger.getPrivate());

        refused(
                bundle,
                "no trusted key verifies the bundle's signature under the 2 key(s) in sigstoreKeys(");
    }

    @Test
    void aForeignKeyNamedByItsHintIsStillRefused() {
        ObjectNode bundle = edit(SigstoreBundle.sign(module, stranger.getPrivate()));
        // The hint is unauthenticated: it names a key, it proves nothing.
        ((ObjectNode) bundle.at("/verificationMaterial/publicKey")).put("hint", "vendor\u001b[2J");

        refused(bytes(bundle), "(its key hint is 'vendor\\u001b[2J')");
    }

    @Test
    void truncatedMalformedAndDuplicatedJsonIsRefused() {
        byte[] bundle = SigstoreBundle.sign(module, vendor.getPrivate());
        String json = new String(bundle, UTF_8);

        refused(Arrays.copyOf(bundle, bundle.length / 2), "the bundle is not valid JSON");
        refused("not json".getBytes(UTF_8), "the bundle is not valid JSON");
        refused((json + " {}").getBytes(UTF_8), "the bundle is not valid JSON");
        refused("[]".getBytes(UTF_8), "the bundle is not a JSON object");
        refused(
                json.replaceFirst("\\{", "{\"mediaType\":\"" + MediaTypes.SIGSTORE_BUNDLE + "\",")
                        .getBytes(UTF_8),
                "Duplicate");
        refused(
                json.replace("\"messageSignature\"", "\"messageSignatures\"").getBytes(UTF_8),
                "the bundle has no messageSignature object");
        refused(
                json.replace(
                                "\"verificationMaterial\":{\"publicKey\":{}}",
                                "\"verificationMaterial\":[]")
                        .getBytes(UTF_8),
                "the bundle has no verificationMaterial object (wrong type)");
    }

    @Test
    void oversizedDeepAndLongBundlesAreRefusedBeforeTheyAreUsed() {
        ObjectNode padded = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        padded.put("padding", "x".repeat(SigstoreBundle.MAX_BYTES));
        ObjectNode longString = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) longString.get("verificationMaterial"))
                .put("note", "x".repeat(SigstoreBundle.MAX_STRING_CHARS + 1));
        String deep =
                "{\"mediaType\":\""
                        + MediaTypes.SIGSTORE_BUNDLE
                        + "\",\"x\":"
                        + "[".repeat(10_000)
                        + "]".repeat(10_000)
                        + "}";
        ObjectNode longHint = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) longHint.at("/verificationMaterial/publicKey")).put("hint", "h".repeat(600));

        refused(bytes(padded), "more than the " + SigstoreBundle.MAX_BYTES + " wasmbox reads");
        refused(bytes(longString), "String value length");
        refused(deep.getBytes(UTF_8), "nesting depth");
        refused(bytes(longHint), "verificationMaterial.publicKey.hint is 600 characters");
    }

    @Test
    void anUnknownMediaTypeOrVersionIsRefusedNamingTheOneRead() {
        ObjectNode older = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        older.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.2");
        ObjectNode newer = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        newer.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.4+json");
        ObjectNode other = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        other.put("mediaType", "application/vnd.in-toto+json");

        refused(
                bytes(older),
                "the bundle's version 'application/vnd.dev.sigstore.bundle+json;version=0.2' is not"
                        + " supported; wasmbox reads application/vnd.dev.sigstore.bundle.v0.3+json");
        refused(bytes(newer), "'application/vnd.dev.sigstore.bundle.v0.4+json' is not supported");
        refused(bytes(other), "'application/vnd.in-toto+json' is not a sigstore bundle media type");
    }

    @Test
    void aDsseEnvelopeIsRefusedAsAnAttestation() {
        ObjectNode bundle = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        bundle.remove("messageSignature");
        bundle.putObject("dsseEnvelope")
                .put("payloadType", "application/vnd.in-toto+json")
                .put("payload", "e30=")
                .putArray("signatures");

        refused(bytes(bundle), "the bundle holds a DSSE envelope (an in-toto attestation)");
    }

    @Test
    void aKeylessBundleIsRefusedSayingWhyAndWhatToUseInstead() {
        ObjectNode certificate = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ObjectNode material = (ObjectNode) certificate.get("verificationMaterial");
        material.remove("publicKey");
        material.putObject("certificate").put("rawBytes", "MIIB");
        material.putArray("tlogEntries").addObject().put("logIndex", "1");
        ObjectNode chain = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) chain.get("verificationMaterial"))
                .putObject("x509CertificateChain")
                .putArray("certificates");

        for (ObjectNode keyless : new ObjectNode[] {certificate, chain}) {
            refused(
                    bytes(keyless),
                    "the bundle is keyless (signed with a Fulcio certificate), which wasmbox does"
                            + " not verify: that needs the Sigstore trust root");
            refused(bytes(keyless), "configure its public key in sigstoreKeys(");
        }
    }

    @Test
    void transparencyLogEntriesAreToleratedAndNotTrusted() {
        ObjectNode logged = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ObjectNode material = (ObjectNode) logged.get("verificationMaterial");
        material.putArray("tlogEntries")
                .addObject()
                .put("logIndex", "25579")
                .put("canonicalizedBody", "eyJhcGlWZXJzaW9uIjoiMC4wLjEifQ==");
        material.putObject("timestampVerificationData").putArray("rfc3161Timestamps");
        ObjectNode forged = logged.deepCopy();
        ((ObjectNode) forged.get("messageSignature")).put("signature", "MEUCIQ==");

        assertThat(SigstoreBundle.verify(bytes(logged), module, trusting(vendor)).key())
                .isEqualTo(vendor.getPublic());
        // A log entry vouches for nothing here: a bad signature is refused all the same.
        refused(bytes(forged), "no trusted key verifies the bundle's signature");
    }

    @Test
    void badSignatureAndDigestEncodingsAreRefused() {
        ObjectNode notBase64 = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) notBase64.get("messageSignature")).put("signature", "%%%");
        ObjectNode empty = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) empty.get("messageSignature")).put("signature", "");
        ObjectNode numeric = edit(SigstoreBundle.sign(module, vendor.getPrivate()));
        ((ObjectNode) numeric.at("/messageSignature/messageDigest")).put("digest", 42);

        refused(bytes(notBase64), "the bundle's messageSignature.signature is not base64");
        refused(bytes(empty), "the bundle's signature is 0 bytes");
        refused(bytes(numeric), "no messageSignature.messageDigest.digest string (wrong type)");
    }

    @Test
    void onlyEcdsaP256AndEd25519KeysAreAccepted() throws Exception {
        KeyPair p384 = ecdsa("secp384r1");
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String pem =
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(vendor.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";

        assertThat(SigstoreKeys.parse(pem).size()).isEqualTo(1);
        assertThatThrownBy(() -> SigstoreKeys.of(p384.getPublic()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("an ECDSA key on a 384-bit curve other than P-256");
        assertThatThrownBy(() -> SigstoreBundle.sign(module, rsa.getPrivate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be ECDSA P-256 or Ed25519, got a key of algorithm RSA");
        assertThatThrownBy(
                        () ->
                                SigstoreKeys.parse(
                                        "-----BEGIN PUBLIC KEY-----\n%%\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> SigstoreKeys.parse("cosign.pub"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a sigstore key must be a PEM");
    }
}
