/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import org.junit.jupiter.api.Test;

/** The runtime-wide {@link PinRequirement}, through real loads of the echo fixture. */
class PinRequirementTest {
    private final byte[] module = Fixtures.wasm("echo");
    private final String digest = ModuleLoader.sha256(module);

    @Test
    void aPluginWithNeitherPinNorSignatureIsRefusedWithHowToPinIt() {
        try (PluginRuntime runtime =
                PluginRuntime.builder().require(PinRequirement.DIGEST_OR_SIGNATURE).build()) {
            assertThatThrownBy(
                            () ->
                                    runtime.load(
                                            "echo", PluginSource.bytes(module), Fixtures.relaxed()))
                    .isInstanceOf(PluginSignatureException.class)
                    .hasMessageContaining(
                            "carries neither a SHA-256 pin nor a trusted signature, and the"
                                    + " runtime requires DIGEST_OR_SIGNATURE")
                    .hasMessageContaining("PluginSource.sha256(\"" + digest + "\")");
            assertThat(runtime.plugin("echo")).isEmpty();

            Plugin pinned =
                    runtime.load(
                            "echo", PluginSource.bytes(module).sha256(digest), Fixtures.relaxed());
            assertThat(pinned.call("echo", "x".getBytes(UTF_8))).asString(UTF_8).isEqualTo("x");
        }
    }

    @Test
    void eachRequirementAsksForWhatItNames() throws Exception {
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(vendor.getPrivate());
        signer.update(module);
        byte[] signature = signer.sign();
        PluginSource bare = PluginSource.bytes(module);
        PluginSource pinned = bare.sha256(digest);
        PluginSource signed = bare.signature(signature);
        PluginSource both = pinned.signature(signature);

        assertThat(loads(PinRequirement.NONE, vendor, bare)).isTrue();
        assertThat(loads(PinRequirement.DIGEST, vendor, pinned)).isTrue();
        assertThat(loads(PinRequirement.DIGEST, vendor, signed)).isFalse();
        assertThat(loads(PinRequirement.SIGNATURE, vendor, signed)).isTrue();
        assertThat(loads(PinRequirement.SIGNATURE, vendor, pinned)).isFalse();
        assertThat(loads(PinRequirement.DIGEST_OR_SIGNATURE, vendor, signed)).isTrue();
        assertThat(loads(PinRequirement.DIGEST_AND_SIGNATURE, vendor, pinned)).isFalse();
        assertThat(loads(PinRequirement.DIGEST_AND_SIGNATURE, vendor, signed)).isFalse();
        assertThat(loads(PinRequirement.DIGEST_AND_SIGNATURE, vendor, both)).isTrue();
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .trustedKeys(TrustedKeys.of(vendor.getPublic()))
                        .require(PinRequirement.DIGEST_AND_SIGNATURE)
                        .build()) {
            assertThatThrownBy(() -> runtime.load("echo", pinned, Fixtures.relaxed()))
                    .isInstanceOf(PluginSignatureException.class)
                    .hasMessageContaining("carries no trusted signature");
            assertThatThrownBy(() -> runtime.load("echo", signed, Fixtures.relaxed()))
                    .isInstanceOf(PluginSignatureException.class)
                    .hasMessageContaining("carries no SHA-256 pin");
        }
    }

    @Test
    void warnOnlyLoadsTheUnpinnedButNeverAMismatch() {
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .require(PinRequirement.DIGEST)
                        .unpinnedWarnOnly(true)
                        .build()) {
            assertThat(runtime.load("echo", PluginSource.bytes(module), Fixtures.relaxed()))
                    .isNotNull();
            assertThatThrownBy(
                            () ->
                                    runtime.load(
                                            "other",
                                            PluginSource.bytes(module).sha256("0".repeat(64)),
                                            Fixtures.relaxed()))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("does not match its pinned SHA-256");
            assertThat(runtime.plugin("other")).isEmpty();
        }
    }

    private static boolean loads(PinRequirement requirement, KeyPair vendor, PluginSource source) {
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .trustedKeys(TrustedKeys.of(vendor.getPublic()))
                        .require(requirement)
                        .build()) {
            runtime.load("echo", source, Fixtures.relaxed());
            return true;
        } catch (PluginLoadException e) {
            return false;
        }
    }
}
