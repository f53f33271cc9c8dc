/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import land.oras.ContainerRef;
import land.oras.Index;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull, pin, verify and refuse against a real registry (see {@link TestRegistry}). */
class OciRegistryTest {
    @TempDir Path dir;
    private Path lock;
    private KeyPair vendor;
    private KeyPair stranger;
    private PluginRuntime runtime;

    @BeforeEach
    void setUp() throws Exception {
        lock = dir.resolve("wasmbox-oci.lock");
        vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        runtime = PluginRuntime.builder().trustedKeys(TrustedKeys.of(vendor.getPublic())).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private OciRegistry.Builder registry() {
        return OciRegistry.builder()
                .plainHttp(true)
                .dockerConfig(dir.resolve("no-docker-config.json"));
    }

    private OciRegistry.Builder trustingTheVendor() {
        return registry().trustedKeys(TrustedKeys.of(vendor.getPublic()));
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aTagIsResolvedOnceIntoTheLockFileAndTheModuleLoads() throws IOException {
        String repo = TestRegistry.repository("echo");
        byte[] echo = TestRegistry.fixture("echo");
        OciRegistry registry = registry().lockFile(lock).build();
        String digest = registry.push(repo + ":1.0.0", echo);

        OciModule pulled = registry.pull("oci://" + repo + ":1.0.0");

        assertThat(pulled.digest()).isEqualTo(digest);
        assertThat(pulled.moduleDigest()).isEqualTo(Digests.sha256(echo));
        assertThat(pulled.pinned()).isTrue();
        assertThat(pulled.signed()).isFalse();
        assertThat(Files.readString(lock)).contains("\"" + repo + ":1.0.0\"", digest);
        Plugin plugin = runtime.load("echo", pulled.source(), TestRegistry.POLICY);
        assertThat(plugin.call("echo", "hi".getBytes(UTF_8))).asString(UTF_8).isEqualTo("hi");
        assertThat(pulled.source().toString()).isEqualTo("oci " + repo + "@" + digest);
    }

    @Test
    void aTagMovedAfterTheLockChangesNothingUntilUpdated() {
        String repo = TestRegistry.repository("moved");
        OciRegistry registry = registry().lockFile(lock).build();
        String first = registry.push(repo + ":stable", TestRegistry.fixture("echo"));
        assertThat(registry.pull(repo + ":stable").digest()).isEqualTo(first);

        String second = registry.push(repo + ":stable", TestRegistry.fixture("facts"));

        assertThat(second).isNotEqualTo(first);
        assertThat(registry.resolve(repo + ":stable")).isEqualTo(second);
        OciModule stillFirst = registry.pull(repo + ":stable");
        assertThat(stillFirst.digest()).isEqualTo(first);
        assertThat(stillFirst.moduleDigest())
                .isEqualTo(Digests.sha256(TestRegistry.fixture("echo")));
        // A second client on the same lock file agrees: the pin is in the file, not in memory.
        assertThat(registry().lockFile(lock).build().pull(repo + ":stable").digest())
                .isEqualTo(first);

        assertThat(registry.update(repo + ":stable")).isEqualTo(second);
        assertThat(registry.pull(repo + ":stable").moduleDigest())
                .isEqualTo(Digests.sha256(TestRegistry.fixture("facts")));
    }

    @Test
    void aDigestReferenceIsPinnedWithoutALockFile() {
        String repo = TestRegistry.repository("by-digest");
        OciRegistry registry = registry().build();
        String digest = registry.push(repo + ":1", TestRegistry.fixture("echo"));

        OciModule pulled = registry.pull(repo + "@" + digest);

        assertThat(pulled.pinned()).isTrue();
        assertThat(
                        runtime.load("echo", pulled.source(), TestRegistry.POLICY)
                                .call("echo", new byte[] {1}))
                .containsExactly(1);
    }

    @Test
    void anUnpinnedUnsignedTagIsRefusedWithHowToPinIt() {
        String repo = TestRegistry.repository("unpinned");
        OciRegistry registry = registry().build();
        registry.push(repo + ":1", TestRegistry.fixture("echo"));

        assertThatThrownBy(() -> registry.pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "refusing " + repo + ":1: no signature can be verified (no key is trusted)")
                .hasMessageContaining("it is not pinned")
                .hasMessageContaining("lockFile(")
                .hasMessageContaining("@sha256:");
    }

    @Test
    void aDigestRequirementRefusesAnUnpinnedTagBeforeAskingTheRegistry() throws IOException {
        int closedPort = closedPort();
        OciRegistry registry = registry().require(PinRequirement.DIGEST).build();

        assertThatThrownBy(() -> registry.pull("127.0.0.1:" + closedPort + "/acme/calc:1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("it is not pinned and the requirement is DIGEST");
    }

    @Test
    void aSignatureRequirementWithoutTrustedKeysIsAConfigurationError() {
        assertThatThrownBy(() -> registry().require(PinRequirement.SIGNATURE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no key is trusted; configure trustedKeys(");
    }

    @Test
    void aSignatureReferrerIsFoundThroughTheTagFallbackAndVerified() throws Exception {
        String repo = TestRegistry.repository("signed");
        byte[] echo = TestRegistry.fixture("echo");
        OciRegistry registry = trustingTheVendor().require(PinRequirement.SIGNATURE).build();
        String digest = registry.push(repo + ":1", echo);
        registry.pushSignature(repo + ":1", sign(stranger, echo));
        registry.pushSignature(repo + ":1", sign(vendor, echo));

        OciModule pulled = registry.pull(repo + ":1");

        assertThat(pulled.signed()).isTrue();
        assertThat(pulled.pinned()).isFalse();
        assertThat(pulled.source().signature()).isPresent();
        // distribution 2.8 has no referrers API: both signatures are listed in the fallback tag.
        Index fallback =
                TestRegistry.client()
                        .getIndex(ContainerRef.parse(repo + ":sha256-" + Digests.hex(digest)));
        assertThat(fallback.getManifests())
                .extracting(d -> d.getArtifactType())
                .containsOnly(MediaTypes.ED25519_SIGNATURE)
                .hasSize(2);
        try (PluginRuntime strict =
                PluginRuntime.builder()
                        .trustedKeys(TrustedKeys.of(vendor.getPublic()))
                        .require(PinRequirement.SIGNATURE)
                        .build()) {
            assertThat(
                            strict.load("echo", pulled.source(), TestRegistry.POLICY)
                                    .call("echo", new byte[] {7}))
                    .containsExactly(7);
        }
    }

    @Test
    void aMissingSignatureIsRefusedWhenSignaturesAreRequired() {
        String repo = TestRegistry.repository("unsigned");
        OciRegistry registry =
                trustingTheVendor().lockFile(lock).require(PinRequirement.SIGNATURE).build();
        registry.push(repo + ":1", TestRegistry.fixture("echo"));

        assertThatThrownBy(() -> registry.pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "it has no signature referrer and the requirement is SIGNATURE")
                .hasMessageContaining("pushSignature");
    }

    @Test
    void aForeignSignatureOrOneOverOtherBytesIsRefused() throws Exception {
        String repo = TestRegistry.repository("foreign");
        byte[] echo = TestRegistry.fixture("echo");
        OciRegistry registry =
                trustingTheVendor()
                        .lockFile(lock)
                        .require(PinRequirement.DIGEST_AND_SIGNATURE)
                        .build();
        registry.push(repo + ":1", echo);
        registry.pushSignature(repo + ":1", sign(stranger, echo));
        registry.pushSignature(repo + ":1", sign(vendor, TestRegistry.fixture("facts")));

        assertThatThrownBy(() -> registry.pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "none of its 2 signature referrer(s) verifies under the 1 trusted key(s)");
    }

    @Test
    void theOlderWasmLayerTypeIsRead() {
        String repo = TestRegistry.repository("legacy");
        var manifest =
                TestRegistry.pushArtifact(
                        repo + ":1",
                        MediaTypes.LEGACY_WASM_CONFIG,
                        MediaTypes.LEGACY_WASM_LAYER,
                        TestRegistry.fixture("echo"));

        OciModule pulled = registry().lockFile(lock).build().pull(repo + ":1");

        assertThat(pulled.digest()).isEqualTo(manifest.getDescriptor().getDigest());
        assertThat(
                        runtime.load("legacy", pulled.source(), TestRegistry.POLICY)
                                .call("echo", new byte[] {3}))
                .containsExactly(3);
    }

    @Test
    void anUnexpectedMediaTypeIsRefused() {
        String repo = TestRegistry.repository("tarball");
        TestRegistry.pushArtifact(
                repo + ":layer",
                MediaTypes.WASM_CONFIG,
                "application/vnd.oci.image.layer.v1.tar+gzip",
                TestRegistry.fixture("echo"));
        TestRegistry.pushArtifact(
                repo + ":config",
                "application/vnd.oci.image.config.v1+json",
                MediaTypes.WASM_LAYER,
                TestRegistry.fixture("echo"));
        OciRegistry registry = registry().lockFile(lock).build();

        assertThatThrownBy(() -> registry.pull(repo + ":layer"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "has a layer of media type 'application/vnd.oci.image.layer.v1.tar+gzip',"
                                + " expected application/wasm");
        assertThatThrownBy(() -> registry.pull(repo + ":config"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("is not a Wasm artifact")
                .hasMessageContaining("expected application/vnd.wasm.config.v0+json");
        assertThat(lock).as("nothing refused is recorded").doesNotExist();
    }

    @Test
    void anOversizedLayerIsRefusedBeforeItIsDownloaded() {
        String repo = TestRegistry.repository("big");
        byte[] numeric = TestRegistry.fixture("numeric");
        registry().build().push(repo + ":1", numeric);
        OciRegistry small = registry().lockFile(lock).maxModuleBytes(1024).build();

        assertThatThrownBy(() -> small.pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "Wasm layer is "
                                + numeric.length
                                + " bytes, more than maxModuleBytes (1024); refusing to"
                                + " download it");
    }

    @Test
    void aTamperedLayerIsRefused() throws IOException {
        String repo = TestRegistry.repository("tampered");
        // A module of its own, so that flipping its stored bytes disturbs no other test.
        byte[] unique = TestRegistry.variant(TestRegistry.fixture("echo"), repo);
        OciRegistry registry = registry().lockFile(lock).build();
        registry.push(repo + ":1", unique);
        String layerDigest = Digests.sha256(unique);
        Path stored = TestRegistry.blobFile(layerDigest);
        byte[] bytes = Files.readAllBytes(stored);
        bytes[bytes.length - 1] ^= 1;
        Files.write(stored, bytes);

        assertThatThrownBy(() -> registry.pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("does not match its digest: expected " + layerDigest);
    }

    @Test
    void aTamperedManifestIsRefused() throws IOException {
        String repo = TestRegistry.repository("tampered-manifest");
        OciRegistry registry = registry().lockFile(lock).build();
        String digest = registry.push(repo + ":1", TestRegistry.fixture("echo"));
        registry.pull(repo + ":1");
        Path stored = TestRegistry.blobFile(digest);
        String json = Files.readString(stored);
        assertThat(json).contains("\"org.opencontainers.image.created\":\"2");
        // A valid manifest still, dated a millennium earlier: only the digest can tell.
        Files.writeString(
                stored,
                json.replace(
                        "\"org.opencontainers.image.created\":\"2",
                        "\"org.opencontainers.image.created\":\"1"));

        assertThatThrownBy(() -> registry.pull(repo + ":1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("the registry served a manifest for " + repo + "@" + digest)
                .hasMessageContaining("refusing it");
    }

    @Test
    void aDigestTheRegistryDoesNotHaveAndAnUnknownTagAreNotFound() {
        String repo = TestRegistry.repository("missing");
        OciRegistry registry = registry().lockFile(lock).build();
        registry.push(repo + ":1", TestRegistry.fixture("echo"));
        String other = Digests.sha256("not a manifest".getBytes(UTF_8));

        assertThatThrownBy(() -> registry.pull(repo + "@" + other))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("cannot read the manifest of " + repo + "@" + other)
                .hasMessageContaining("not found (HTTP 404)");
        assertThatThrownBy(() -> registry.pull(repo + ":2"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("cannot resolve " + repo + ":2")
                .hasMessageContaining("404");
        assertThat(lock).doesNotExist();
    }

    @Test
    void aRegistryThatIsDownIsAClearError() throws IOException {
        int closedPort = closedPort();
        OciRegistry registry = registry().lockFile(lock).build();

        assertThatThrownBy(() -> registry.pull("127.0.0.1:" + closedPort + "/acme/calc:1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("cannot resolve 127.0.0.1:" + closedPort + "/acme/calc:1")
                .hasMessageContaining("the registry did not answer (ConnectException)")
                .hasMessageContaining(
                        "check that 127.0.0.1:" + closedPort + " runs and is reachable");
    }

    @Test
    void aRegistryThatAcceptsAndStallsIsBoundedByTheTimeout() throws Exception {
        try (ServerSocket stalling =
                new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // Accepts connections and never answers, like a registry behind a hung proxy.
            Thread acceptor =
                    new Thread(
                            () -> {
                                var held = new java.util.ArrayList<java.net.Socket>();
                                try {
                                    while (true) {
                                        held.add(stalling.accept());
                                    }
                                } catch (IOException closed) {
                                    held.forEach(
                                            s -> {
                                                try {
                                                    s.close();
                                                } catch (IOException ignored) {
                                                    // closing a test socket
                                                }
                                            });
                                }
                            });
            acceptor.setDaemon(true);
            acceptor.start();
            OciRegistry registry = registry().lockFile(lock).timeout(Duration.ofSeconds(1)).build();

            assertThatThrownBy(
                            () ->
                                    registry.pull(
                                            "127.0.0.1:"
                                                    + stalling.getLocalPort()
                                                    + "/acme/calc:1"))
                    .isInstanceOf(OciException.class)
                    .hasMessageContaining("the registry did not answer for 127.0.0.1:")
                    .hasMessageContaining("within PT1S");
            assertThat(lock).doesNotExist();
        }
    }

    @Test
    void credentialsComeFromTheDockerConfig() throws IOException {
        String address = TestRegistry.authAddress();
        String repo =
                address + "/acme/private-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Path dockerConfig = dir.resolve("config.json");
        String auth =
                java.util.Base64.getEncoder()
                        .encodeToString(
                                (TestRegistry.USER + ":" + TestRegistry.PASSWORD).getBytes(UTF_8));
        Files.writeString(
                dockerConfig, "{\"auths\":{\"" + address + "\":{\"auth\":\"" + auth + "\"}}}");
        OciRegistry loggedIn =
                OciRegistry.builder()
                        .plainHttp(true)
                        .dockerConfig(dockerConfig)
                        .lockFile(lock)
                        .build();
        loggedIn.push(repo + ":1", TestRegistry.fixture("echo"));

        assertThat(loggedIn.pull(repo + ":1").moduleDigest())
                .isEqualTo(Digests.sha256(TestRegistry.fixture("echo")));
        OciRegistry anonymous = registry().build();
        assertThatThrownBy(() -> anonymous.pull(repo + "@" + loggedIn.resolve(repo + ":1")))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("the registry refused the credentials (HTTP 401)")
                .hasMessageContaining("docker login " + address);
    }

    @Test
    void aBrokenLockFileSaysHowToRecover() throws IOException {
        Files.writeString(lock, "{\"pins\":{\"127.0.0.1:1/acme/calc:1\":\"latest\"}}");
        OciRegistry registry = registry().lockFile(lock).build();

        assertThatThrownBy(() -> registry.pull("127.0.0.1:1/acme/calc:1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("pins '127.0.0.1:1/acme/calc:1' to 'latest'");
        Files.writeString(lock, "{not json");
        assertThatThrownBy(() -> registry.pull("127.0.0.1:1/acme/calc:1"))
                .isInstanceOf(OciException.class)
                .hasMessageContaining("is not valid")
                .hasMessageContaining("delete it to resolve every tag again");
    }

    static byte[] sign(KeyPair pair, byte[] data) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return signer.sign();
    }
}
