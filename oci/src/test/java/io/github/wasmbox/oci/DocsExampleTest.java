/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/oci.md: the page quotes them verbatim, and they run here. */
class DocsExampleTest {
    private static final Path SOURCE =
            Path.of("src/test/java/io/github/wasmbox/oci/DocsExampleTest.java");

    // --- example vendor: begin ---
    static String publish(String repository, byte[] module, byte[] signature, boolean local) {
        OciRegistry registry = OciRegistry.builder().plainHttp(local).build();
        String digest = registry.push(repository + ":1.4.0", module); // the manifest digest
        registry.pushSignature(repository + "@" + digest, signature); // a referrer of it
        return digest;
    }

    // --- example vendor: end ---

    // --- example operator: begin ---
    static Plugin load(
            PluginRuntime runtime,
            String reference,
            String vendorKey,
            Path lockFile,
            PluginPolicy policy,
            boolean local) {
        OciRegistry registry =
                OciRegistry.builder()
                        .lockFile(lockFile) // a tag is resolved once, then pulled by digest
                        .trustedKeys(TrustedKeys.parse(vendorKey))
                        .require(PinRequirement.DIGEST_AND_SIGNATURE)
                        .plainHttp(local) // only for a registry on 127.0.0.1
                        .build();
        OciModule module = registry.pull(reference);
        return runtime.load("discount", module.source(), policy);
    }

    // --- example operator: end ---

    // --- example sigstore: begin ---
    static String publishWithBundle(
            String repository, byte[] module, PrivateKey vendorKey, boolean local) {
        OciRegistry registry = OciRegistry.builder().plainHttp(local).build();
        String digest = registry.push(repository + ":1.4.0", module);
        registry.pushSigstoreBundle(repository + "@" + digest, module, vendorKey); // ECDSA P-256
        return digest;
    }

    static Plugin loadVerifiedByBundle(
            PluginRuntime runtime, // built with require(PinRequirement.DIGEST)
            String reference,
            String cosignPub, // the vendor's cosign.pub
            Path lockFile,
            PluginPolicy policy,
            boolean local) {
        OciRegistry registry =
                OciRegistry.builder()
                        .lockFile(lockFile)
                        .sigstoreKeys(SigstoreKeys.parse(cosignPub))
                        .require(PinRequirement.DIGEST_AND_SIGNATURE)
                        .plainHttp(local)
                        .build();
        OciModule module = registry.pull(reference);
        return runtime.load("discount", module.source(), policy);
    }

    // --- example sigstore: end ---

    @Test
    void theExamplesPublishAndLoadASignedPinnedModule(@TempDir Path dir) throws Exception {
        String repository = TestRegistry.repository("docs");
        byte[] module = TestRegistry.fixture("echo");
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(vendor.getPrivate());
        signer.update(module);
        String pem =
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(vendor.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
        PluginPolicy policy = TestRegistry.POLICY;

        String digest = publish(repository, module, signer.sign(), true);
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .trustedKeys(TrustedKeys.parse(pem))
                        .require(PinRequirement.SIGNATURE)
                        .build()) {
            Plugin plugin =
                    load(
                            runtime,
                            repository + ":1.4.0",
                            pem,
                            dir.resolve("oci.lock"),
                            policy,
                            true);
            assertThat(plugin.call("echo", new byte[] {4, 2})).containsExactly(4, 2);
        }
        assertThat(Files.readString(dir.resolve("oci.lock"))).contains(digest);
    }

    @Test
    void theSigstoreExamplesPublishAndLoadAModuleSignedWithAnEcdsaKey(@TempDir Path dir)
            throws Exception {
        String repository = TestRegistry.repository("docs-sigstore");
        byte[] module = TestRegistry.fixture("echo");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair vendor = generator.generateKeyPair();
        String cosignPub =
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(vendor.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";

        String digest = publishWithBundle(repository, module, vendor.getPrivate(), true);
        try (PluginRuntime runtime =
                PluginRuntime.builder().require(PinRequirement.DIGEST).build()) {
            Plugin plugin =
                    loadVerifiedByBundle(
                            runtime,
                            repository + ":1.4.0",
                            cosignPub,
                            dir.resolve("oci.lock"),
                            TestRegistry.POLICY,
                            true);
            assertThat(plugin.call("echo", new byte[] {4, 3})).containsExactly(4, 3);
        }
        assertThat(Files.readString(dir.resolve("oci.lock"))).contains(digest);
    }

    @Test
    void theGuideQuotesTheExamplesVerbatim() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "oci.md"));
        String source = Files.readString(SOURCE);
        for (String example : new String[] {"vendor", "operator", "sigstore"}) {
            Matcher quoted =
                    Pattern.compile(
                                    "<!-- example: " + example + " -->\n```java\n(.*?)```",
                                    Pattern.DOTALL)
                            .matcher(guide);
            Matcher code =
                    Pattern.compile(
                                    "// --- example "
                                            + example
                                            + ": begin ---\n(.*?)\n\\s*// --- example "
                                            + example
                                            + ": end ---",
                                    Pattern.DOTALL)
                            .matcher(source);
            assertThat(quoted.find()).as("docs/oci.md quotes the " + example + " example").isTrue();
            assertThat(code.find()).isTrue();
            assertThat(quoted.group(1)).isEqualTo(outdent(code.group(1)));
        }
    }

    /** The example without the class's indentation and the blank line before its end marker. */
    private static String outdent(String code) {
        return code.strip()
                        .lines()
                        .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                        .collect(Collectors.joining("\n"))
                + "\n";
    }
}
