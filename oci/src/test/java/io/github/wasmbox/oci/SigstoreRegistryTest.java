/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import land.oras.ContainerRef;
import land.oras.Index;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.ManifestDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigstore bundles as OCI referrers, pushed and verified against a real registry (see {@link
 * TestRegistry}); distribution 2.8 has no referrers API, so every bundle here is found through the
 * {@code sha256-<digest>} tag fallback.
 */
class SigstoreRegistryTest {
    @TempDir Path dir;
    private final KeyPair vendor = SigstoreBundleTest.ecdsa("secp256r1");
    private final KeyPair stranger = SigstoreBundleTest.ecdsa("secp256r1");
    private final KeyPair edVendor = SigstoreBundleTest.ed25519();

    private OciRegistry.Builder registry() {
        return OciRegistry.builder()
                .plainHttp(true)
                .dockerConfig(dir.resolve("no-docker-config.json"));
    }

    /** Requires a signature, trusts the vendor's ECDSA key for bundles; nothing pins a tag. */
    private OciRegistry requiringTheVendorsBundle() {
        return registry()
                .sigstoreKeys(SigstoreKeys.of(vendor.getPublic()))
                .lockFile(dir.resolve("oci.lock"))
                .require(PinRequirement.SIGNATURE)
                .build();
    }

    /** The only referrer of the manifest at {@code digest}, read back from the fallback tag. */
    private static Manifest onlyReferrer(String repo, String digest) {
        Index fallback =
                TestRegistry.client()
                        .getIndex(ContainerRef.parse(repo + ":sha256-" + Digests.hex(digest)));
        assertThat(fallback.getManifests()).hasSize(1);
        ManifestDescriptor listed = fallback.getManifests().get(0);
        assertThat(listed.getArtifactType()).isEqualTo(MediaTypes.SIGSTORE_BUNDLE);
        return TestRegistry.client()
                .getManifest(ContainerRef.parse(repo + "@" + listed.getDigest()));
    }

    @Test
    void anEcdsaBundleSatisfiesASignatureRequirementBesideAForeignDetachedSignature()
            throws Exception {
        String repo = TestRegistry.repository("bundle");
        byte[] echo = TestRegistry.fixture("echo");
        OciRegistry vendorSide = registry().build();
        String digest = vendorSide.push(repo + ":1", echo);
        vendorSide.pushSigstoreBundle(repo + "@" + digest, echo, vendor.getPrivate());
        Manifest referrer = onlyReferrer(repo, digest);
        vendorSide.pushSignature(repo + "@" + digest, OciRegistryTest.sign(edVendor, echo));

        OciModule pulled =
                registry()
                        .trustedKeys(TrustedKeys.of(SigstoreBundleTest.ed25519().getPublic()))
                        .sigstoreKeys(SigstoreKeys.of(stranger.getPublic(), vendor.getPublic()))
                        .require(PinRequirement.SIGNATURE)
                        .build()
                        .pull(repo + ":1");

        // The referrer has the shape cosign gives a bundle: its type, one layer of it, the subject.
        assertThat(referrer.getArtifactTypeAsString()).isEqualTo(MediaTypes.SIGSTORE_BUNDLE);
        assertThat(referrer.getLayers())
                .singleElement()
                .extracting(Layer::getMediaType)
                .isEqualTo(MediaTypes.SIGSTORE_BUNDLE);
        assertThat(referrer.getSubject().getDigest()).isEqualTo(digest);
        assertThat(pulled.signed()).isTrue();
        assertThat(pulled.pinned()).isFalse();
        // The runtime cannot check an ECDSA signature again, so none is attached.
        assertThat(pulled.source().signature()).isEmpty();
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            assertThat(
                            runtime.load("echo", pulled.source(), TestRegistry.POLICY)
                                    .call("echo", new byte[] {5}))
                    .containsExactly(5);
        }
    }

    @Test
    void anEd25519BundleIsAttachedForTheRuntimeToCheckAgain() {
        String repo = TestRegistry.repository("ed-bundle");
        byte[] echo = TestRegistry.fixture("echo");
        OciRegistry vendorSide = registry().build();
        vendorSide.push(repo + ":1", echo);
        vendorSide.pushSigstoreBundle(repo + ":1", echo, edVendor.getPrivate());

        OciModule pulled =
                registry()
                        .sigstoreKeys(SigstoreKeys.of(edVendor.getPublic()))
                        .require(PinRequirement.SIGNATURE)
                        .build()
                        .pull(repo + ":1");

        assertThat(pulled.source().signature()).isPresent();
        try (PluginRuntime strict =
                PluginRuntime.builder()
                        .trustedKeys(TrustedKeys.of(edVendor.getPublic()))
                        .require(PinRequirement.SIGNATURE)
                        .build()) {
            assertThat(
                            strict.load("echo", pulled.source(), TestRegistry.POLICY)
                                    .call("echo", new byte[] {6}))
                    .containsExactly(6);
        }
    }

    @Test
    void aTamperedBundleBlobIsRefusedAndNothingIsPinned() throws IOException {
        String repo = TestRegistry.repository("tampered-bundle");
        // A module of its own, so that its bundle's blob is this test's alone.
        byte[] unique = TestRegistry.variant(TestRegistry.fixture("echo"), repo);
        OciRegistry vendorSide = registry().build();
        String digest = vendorSide.push(repo + ":1", unique);
        vendorSide.pushSigstoreBundle(repo + ":1", unique, vendor.getPrivate());
        Layer bundle = onlyReferrer(repo, digest).getLayers().get(0);
        Path stored = TestRegistry.blobFile(bundle.getDigest());
        String json = Files.readString(stored);
        Files.writeString(stored, json.replace("SHA2_256", "SHA2_257"));

        assertThatThrownBy(() -> requiringTheVendorsBundle().pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "the sigstore bundle of "
                                + repo
                                + "@"
                                + onlyReferrerDigest(repo, digest)
                                + " does not match its digest: expected "
                                + bundle.getDigest());
        assertThat(dir.resolve("oci.lock")).doesNotExist();
    }

    private static String onlyReferrerDigest(String repo, String digest) {
        return TestRegistry.client()
                .getIndex(ContainerRef.parse(repo + ":sha256-" + Digests.hex(digest)))
                .getManifests()
                .get(0)
                .getDigest();
    }

    @Test
    void aBundleFromAForeignKeyIsRefusedSayingWhy() {
        String repo = TestRegistry.repository("foreign-bundle");
        byte[] echo = TestRegistry.fixture("echo");
        OciRegistry vendorSide = registry().build();
        String digest = vendorSide.push(repo + ":1", echo);
        vendorSide.pushSigstoreBundle(repo + ":1", echo, stranger.getPrivate());

        assertThatThrownBy(() -> requiringTheVendorsBundle().pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "refusing "
                                + repo
                                + ":1: none of its 1 signature referrer(s) verifies under the 1"
                                + " sigstore key(s) (the sigstore bundle "
                                + onlyReferrerDigest(repo, digest)
                                + ": no trusted key verifies the bundle's signature")
                .hasMessageContaining("pushSigstoreBundle(");
        assertThat(dir.resolve("oci.lock")).doesNotExist();
    }

    @Test
    void aBundleForAnotherModulesDigestIsRefusedWhenPushedAndWhenPulled() {
        String repo = TestRegistry.repository("other-bundle");
        byte[] echo = TestRegistry.fixture("echo");
        byte[] facts = TestRegistry.fixture("facts");
        OciRegistry vendorSide = registry().build();
        vendorSide.push(repo + ":echo", echo);
        vendorSide.push(repo + ":facts", facts);

        assertThatThrownBy(
                        () ->
                                vendorSide.pushSigstoreBundle(
                                        repo + ":echo", facts, vendor.getPrivate()))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("refusing to push a sigstore bundle for " + repo + "@")
                .hasMessageContaining("sign the bytes that were pushed");
        // What pushSigstoreBundle refuses, a hostile pusher does anyway: a valid bundle of the
        // vendor's for facts, attached to echo.
        vendorSide.pushReferrer(
                OciReference.parse(repo + ":echo"),
                MediaTypes.SIGSTORE_BUNDLE,
                SigstoreBundle.sign(facts, vendor.getPrivate()));

        assertThatThrownBy(() -> requiringTheVendorsBundle().pull(repo + ":echo"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("none of its 1 signature referrer(s) verifies")
                .hasMessageContaining(
                        "the bundle signs other bytes: its message digest is "
                                + Digests.hex(Digests.sha256(facts))
                                + ", the module's SHA-256 is "
                                + Digests.hex(Digests.sha256(echo)));
        assertThat(dir.resolve("oci.lock")).doesNotExist();
    }

    @Test
    void anOversizedBundleIsNotDownloaded() {
        String repo = TestRegistry.repository("big-bundle");
        OciRegistry vendorSide = registry().build();
        vendorSide.push(repo + ":1", TestRegistry.fixture("echo"));
        byte[] huge = new byte[SigstoreBundle.MAX_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        vendorSide.pushReferrer(OciReference.parse(repo + ":1"), MediaTypes.SIGSTORE_BUNDLE, huge);

        assertThatThrownBy(() -> requiringTheVendorsBundle().pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        " declares "
                                + huge.length
                                + " bytes, more than the "
                                + SigstoreBundle.MAX_BYTES
                                + " wasmbox reads; not downloaded");
    }

    @Test
    void aSigstoreKeyAloneMeetsASignatureRequirementButNoKeyAtAllDoesNot() {
        assertThat(
                        registry()
                                .sigstoreKeys(SigstoreKeys.of(vendor.getPublic()))
                                .require(PinRequirement.SIGNATURE)
                                .build()
                                .requirement())
                .isEqualTo(PinRequirement.SIGNATURE);
        assertThatThrownBy(() -> registry().require(PinRequirement.SIGNATURE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("or sigstoreKeys(…)");
    }
}
