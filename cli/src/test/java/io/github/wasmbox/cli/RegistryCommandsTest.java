/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wasmbox.cli.Cli.Run;
import io.github.wasmbox.oci.OciRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code push} and {@code pull} against the real registry that {@code .ci/run} starts ({@code
 * OCITEST_REGISTRY}, as wasmbox-oci's tests use it).
 */
class RegistryCommandsTest {
    @TempDir Path dir;
    private String repository;
    private String vendor;

    @BeforeEach
    void setUp() {
        String address = System.getenv("OCITEST_REGISTRY");
        assumeTrue(
                address != null && !address.isBlank(),
                "OCITEST_REGISTRY is not set, so push and pull are not tested: run `bash .ci/run`"
                        + " or start `docker-registry serve` on 127.0.0.1 (see docs/oci.md)");
        repository = address + "/wasmbox-cli/echo-" + UUID.randomUUID().toString().substring(0, 8);
        vendor = dir.resolve("vendor").toString();
        assertThat(run("keygen", "--out", vendor).exitCode()).isZero();
    }

    @Test
    void aSignedPushPullsByTagAndByDigestVerifiedIntoAFile() throws IOException {
        Run push =
                run(
                        "push",
                        dist("echo"),
                        repository + ":1.0.0",
                        "--key",
                        vendor + ".key",
                        "--plain-http",
                        "--json");
        assertThat(push.exitCode()).as(push.err()).isZero();
        JsonNode pushed = push.json();
        String digest = pushed.get("digest").asString();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(pushed.get("sha256").asString()).isEqualTo(Cli.committedDigest("echo"));
        assertThat(pushed.get("pin").asString()).isEqualTo(repository + "@" + digest);
        assertThat(pushed.get("signed").asBoolean()).isTrue();

        Path byTag = dir.resolve("by-tag.wasm");
        Run pull =
                run(
                        "pull",
                        "oci://" + repository + ":1.0.0",
                        "--public-key",
                        vendor + ".pub",
                        "--out",
                        byTag.toString(),
                        "--plain-http");
        Run byDigest = run("pull", repository + "@" + digest, "--plain-http", "--json");

        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out())
                .contains("digest     " + digest)
                .contains("sha256     " + Cli.committedDigest("echo"))
                .contains("signature  verified")
                .contains("pin        " + repository + "@" + digest);
        assertThat(Files.readAllBytes(byTag)).isEqualTo(Files.readAllBytes(Path.of(dist("echo"))));
        assertThat(byDigest.exitCode()).as(byDigest.err()).isZero();
        JsonNode pulled = byDigest.json();
        assertThat(pulled.get("digest").asString()).isEqualTo(digest);
        assertThat(pulled.get("signed").asBoolean()).isFalse();
        // The default file is named after the repository, in the working directory.
        Path written = Path.of(pulled.get("file").asString());
        try {
            assertThat(written.getFileName().toString())
                    .isEqualTo(repository.substring(repository.lastIndexOf('/') + 1) + ".wasm");
            assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(byTag));
        } finally {
            Files.deleteIfExists(written);
        }
    }

    @Test
    void aPullThatFailsACheckExitsOneAndWritesNothing() throws IOException {
        assertThat(run("push", dist("echo"), repository + ":unsigned", "--plain-http").exitCode())
                .isZero();
        OciRegistry.builder()
                .plainHttp(true)
                .build()
                .push(repository + ":junk", "not wasm at all".getBytes(StandardCharsets.UTF_8));
        Path out = dir.resolve("out.wasm");

        Run unsigned =
                run(
                        "pull",
                        repository + ":unsigned",
                        "--public-key",
                        vendor + ".pub",
                        "-o",
                        out.toString(),
                        "--plain-http");
        Run unknownTag = run("pull", repository + ":9.9.9", "-o", out.toString(), "--plain-http");
        Run notWasm = run("pull", repository + ":junk", "-o", out.toString(), "--plain-http");
        Run down =
                run(
                        "pull",
                        "127.0.0.1:" + closedPort() + "/acme/echo:1.0.0",
                        "-o",
                        out.toString(),
                        "--plain-http");

        assertThat(unsigned.exitCode()).isEqualTo(1);
        assertThat(unsigned.err()).contains("it has no signature referrer");
        assertThat(unknownTag.exitCode()).isEqualTo(1);
        assertThat(unknownTag.err()).contains("not found (HTTP 404)");
        assertThat(notWasm.exitCode()).isEqualTo(1);
        assertThat(notWasm.err()).contains("holds no usable WebAssembly module");
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err()).startsWith("wasmbox pull: cannot resolve 127.0.0.1:");
        for (Run run : new Run[] {unsigned, unknownTag, notWasm, down}) {
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).doesNotContain("\tat ");
        }
        assertThat(out).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).noneMatch(file -> file.toString().endsWith(".partial"));
        }
    }

    @Test
    void badReferencesAndSignaturesAreInputErrors() throws IOException {
        Path shortSignature = Files.write(dir.resolve("short.sig"), new byte[12]);

        Run noHost = run("pull", "acme/echo:1.0.0", "--plain-http");
        Run noTag = run("push", dist("echo"), repository, "--plain-http");
        Run digestPush =
                run("push", dist("echo"), repository + "@sha256:" + "0".repeat(64), "--plain-http");
        Run badSignature =
                run(
                        "push",
                        dist("echo"),
                        repository + ":1",
                        "--signature",
                        shortSignature.toString(),
                        "--plain-http");
        Run bothWays =
                run(
                        "push",
                        dist("echo"),
                        repository + ":1",
                        "--signature",
                        shortSignature.toString(),
                        "--key",
                        vendor + ".key");
        Run notAModule = run("push", "pom.xml", repository + ":1", "--plain-http");

        assertThat(noHost.err()).contains("'acme' is not a registry host");
        assertThat(noTag.err()).contains("add a tag");
        assertThat(digestPush.err()).contains("push needs a tag");
        assertThat(badSignature.err()).contains("short.sig has 12 bytes");
        assertThat(bothWays.err()).contains("mutually exclusive");
        assertThat(notAModule.err()).contains("pom.xml: not a valid WebAssembly module");
        for (Run run : new Run[] {noHost, noTag, digestPush, badSignature, bothWays, notAModule}) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }

    /** An ECDSA key pair in the PEM forms openssl writes: NAME.key (PKCS#8), NAME.pub (X.509). */
    private String ecdsaKeyPair(String name, String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair pair = generator.generateKeyPair();
        Path base = dir.resolve(name);
        Files.writeString(
                Path.of(base + ".key"),
                KeygenCommand.Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(
                Path.of(base + ".pub"),
                KeygenCommand.Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
        return base.toString();
    }

    @Test
    void aSigstoreBundleSignedWithAnEcdsaKeyIsPushedAndVerifiedByItsPublicKey() throws Exception {
        String cosign = ecdsaKeyPair("cosign", "secp256r1");
        String stranger = ecdsaKeyPair("stranger", "secp256r1");
        // A repository of its own: pushed in the same second, the same module makes the same
        // manifest, whose referrers the detached signature below would then add to.
        String other = repository + "-both";
        Run push =
                run(
                        "push",
                        dist("echo"),
                        repository + ":2.0.0",
                        "--sigstore-key",
                        cosign + ".key",
                        "--plain-http");
        Run pushJson =
                run(
                        "push",
                        dist("echo"),
                        other + ":2.0.1",
                        "--key",
                        vendor + ".key",
                        "--sigstore-key",
                        cosign + ".key",
                        "--plain-http",
                        "--json");
        Path out = dir.resolve("bundled.wasm");

        Run pull =
                run(
                        "pull",
                        repository + ":2.0.0",
                        "--public-key",
                        cosign + ".pub",
                        "-o",
                        out.toString(),
                        "--plain-http");
        Run foreign =
                run(
                        "pull",
                        repository + ":2.0.0",
                        "--public-key",
                        stranger + ".pub",
                        "--public-key",
                        vendor + ".pub",
                        "-o",
                        dir.resolve("foreign.wasm").toString(),
                        "--plain-http");
        Run both =
                run(
                        "pull",
                        other + ":2.0.1",
                        "--public-key",
                        vendor + ".pub",
                        "--plain-http",
                        "-o",
                        dir.resolve("both.wasm").toString(),
                        "--json");

        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.out())
                .contains("signature  none")
                .contains("sigstore   bundle pushed as a referrer of the digest");
        assertThat(pushJson.exitCode()).as(pushJson.err()).isZero();
        assertThat(pushJson.json().get("signed").asBoolean()).isTrue();
        assertThat(pushJson.json().get("sigstoreBundle").asBoolean()).isTrue();
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).contains("signature  verified under a --public-key");
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(Path.of(dist("echo"))));
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.err())
                .contains(
                        "none of its 1 signature referrer(s) verifies under the 1 trusted key(s) and 2 sigstore key(s)")
                .contains("no trusted key verifies the bundle's signature");
        assertThat(dir.resolve("foreign.wasm")).doesNotExist();
        assertThat(both.exitCode()).as(both.err()).isZero();
        assertThat(both.json().get("signed").asBoolean()).isTrue();
    }

    @Test
    void sigstoreKeysThatCannotSignAreInputErrorsAndPushNothing() throws Exception {
        String p384 = ecdsaKeyPair("p384", "secp384r1");
        Path sec1 =
                Files.writeString(
                        dir.resolve("sec1.key"),
                        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        Path encrypted =
                Files.writeString(
                        dir.resolve("cosign.key"),
                        "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n"
                                + "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");

        Run curve = pushWithSigstoreKey(p384 + ".key");
        Run sec1Key = pushWithSigstoreKey(sec1.toString());
        Run cosignKey = pushWithSigstoreKey(encrypted.toString());
        Run p384Public =
                run("pull", repository + ":x", "--public-key", p384 + ".pub", "--plain-http");

        assertThat(curve.err()).contains("is an ECDSA key on a 384-bit curve");
        assertThat(sec1Key.err()).contains("is a SEC1 'EC PRIVATE KEY'; convert it to PKCS#8");
        assertThat(cosignKey.err()).contains("is cosign's encrypted key format");
        assertThat(p384Public.err()).contains("--public-key: a sigstore key must be ECDSA P-256");
        for (Run run : new Run[] {curve, sec1Key, cosignKey, p384Public}) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).doesNotContain("\tat ");
        }
        // Nothing was pushed: the tag does not exist.
        assertThat(run("pull", repository + ":1", "--plain-http").err())
                .contains("not found (HTTP 404)");
    }

    private Run pushWithSigstoreKey(String key) {
        return run("push", dist("echo"), repository + ":1", "--sigstore-key", key, "--plain-http");
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
