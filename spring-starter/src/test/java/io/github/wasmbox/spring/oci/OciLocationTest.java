/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginRollouts;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxFailureAnalyzer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code location: oci://…}: a digest pulled once, and the start-up errors of bad input. */
class OciLocationTest {
    private static final ApplicationContextRunner STARTER =
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class))
                    .withPropertyValues("wasmbox.defaults.timeout=10s");

    private static final String DIGEST =
            "sha256:3b1d5e0c2f6a4e8b9c7d1a2f3e4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";

    @Test
    void aDigestLocationIsPulledOnceVerifiedAndServed(@TempDir Path dir) {
        OciFixtures.Vendor vendor = new OciFixtures.Vendor(dir);
        String address = OciFixtures.address();
        String repository = address + "/" + OciFixtures.repository("digest");
        byte[] module = OciFixtures.echo("pinned");
        String digest = vendor.publish(repository + ":1.0.0", module);
        STARTER.withPropertyValues(
                        "wasmbox.oci.plain-http=" + address,
                        "wasmbox.oci.docker-config=" + dir.resolve("none"),
                        "wasmbox.plugins.echo.location=oci://" + repository + "@" + digest)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            assertThat(registry.require("echo").sha256())
                                    .isEqualTo(OciFixtures.sha256(module));
                            assertThat(
                                            registry.require("echo")
                                                    .call(
                                                            "echo",
                                                            "hi".getBytes(StandardCharsets.UTF_8)))
                                    .asString(StandardCharsets.UTF_8)
                                    .isEqualTo("hi");
                            assertThat(registry.status("echo").orElseThrow().location())
                                    .isEqualTo("oci://" + repository + "@" + digest);
                            // A digest is not followed: no rollout to report.
                            assertThat(context.getBean(PluginRollouts.class).rollout("echo"))
                                    .isEmpty();
                        });
    }

    @Test
    void aMalformedReferenceSaysWhichFormsAreTaken() {
        STARTER.withPropertyValues(
                        "wasmbox.plugins.calc.location=oci://registry.example.com/Acme/calc:1")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.calc.location")
                                    .contains("invalid OCI reference")
                                    .contains("must be lowercase");
                            assertThat(analysis.getAction())
                                    .contains("oci://host[:port]/repository:tag")
                                    .contains("@sha256:<manifest digest>");
                        });
    }

    @Test
    void aTagNeedsATrustedKey() {
        STARTER.withPropertyValues(
                        "wasmbox.plugins.calc.location=oci://registry.example.com/acme/calc:stable")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains(
                                            "follows the tag registry.example.com/acme/calc:stable")
                                    .contains("a tag pins nothing")
                                    .contains("wasmbox.trusted-keys is empty");
                            assertThat(analysis.getAction())
                                    .contains("Add the vendor's Ed25519 public key")
                                    .contains(
                                            "oci://registry.example.com/acme/calc@sha256:<manifest"
                                                    + " digest>");
                        });
    }

    @Test
    void withoutWasmboxOciTheErrorNamesTheDependencyToAdd() {
        STARTER.withClassLoader(new FilteredClassLoader("io.github.wasmbox.oci."))
                .withPropertyValues(
                        "wasmbox.plugins.calc.location=oci://registry.example.com/acme/calc@"
                                + DIGEST)
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("needs the wasmbox-oci module");
                            assertThat(analysis.getAction())
                                    .contains("io.github.wasmbox:wasmbox-oci");
                        });
    }

    @Test
    void anUnreachableRegistryFailsARequiredPluginSayingWhatToCheck() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String registry = "127.0.0.1:" + closed;
        STARTER.withPropertyValues(
                        "wasmbox.oci.plain-http=" + registry,
                        "wasmbox.oci.timeout=5s",
                        "wasmbox.plugins.calc.location=oci://" + registry + "/acme/calc@" + DIGEST)
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.calc.location")
                                    .contains(
                                            "could not be pulled from " + registry + "/acme/calc");
                            assertThat(analysis.getAction())
                                    .contains(
                                            "Check that the registry " + registry + " is reachable")
                                    .contains("wasmbox.oci.plain-http")
                                    .contains("wasmbox.plugins.calc.required to false");
                        });
    }

    private static FailureAnalysis analysis(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new WasmboxFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
