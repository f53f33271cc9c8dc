/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.oci.OciRegistry;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code registry} profile for real: the four vendors pushed, signed, to the OCI registry that
 * {@value #REGISTRY} names ({@code .ci/run} starts one), pulled by the app at start-up by tag,
 * verified and served. Skipped, saying so, without that registry.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "checkout.rates-api.port=0")
@ActiveProfiles("registry")
@EnabledIfEnvironmentVariable(
        named = RegistryProfileTest.REGISTRY,
        matches = ".+",
        disabledReason =
                "OCITEST_REGISTRY is not set: the registry profile needs a real OCI registry (bash"
                        + " .ci/run starts one; docs/oci.md shows how to start your own)")
class RegistryProfileTest {
    static final String REGISTRY = "OCITEST_REGISTRY";
    static final List<String> VENDORS =
            List.of("fraud-score", "discount-rules", "shipping-rates", "tax");

    @LocalServerPort int port;
    @Autowired PluginRegistry plugins;

    /** A database of its own. */
    @TempDir static Path dataDirectory;

    /** What scripts/push-vendors.sh does, under a namespace of this run's own. */
    @DynamicPropertySource
    static void pushedVendors(DynamicPropertyRegistry properties) throws Exception {
        String registry = System.getenv(REGISTRY);
        String namespace = "checkout-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path none = Files.createTempDirectory("no-docker-config").resolve("config.json");
        OciRegistry client = OciRegistry.builder().plainHttp(true).dockerConfig(none).build();
        for (String plugin : VENDORS) {
            byte[] module = Files.readAllBytes(Path.of("../plugins-rust/dist", plugin + ".wasm"));
            String repository = registry + "/" + namespace + "/" + plugin;
            String digest = client.push(repository + ":1.0.0", module);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(vendor.getPrivate());
            signer.update(module);
            client.pushSignature(repository + "@" + digest, signer.sign());
        }
        String pem =
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
        properties.add("CHECKOUT_REGISTRY", () -> registry);
        properties.add("CHECKOUT_REGISTRY_NAMESPACE", () -> namespace);
        properties.add("CHECKOUT_VENDOR_KEY", () -> pem);
        properties.add("checkout.data-dir", dataDirectory::toString);
    }

    @Test
    void theVendorsComeFromTheRegistryVerifiedAndQuote() throws Exception {
        for (String vendor : VENDORS) {
            PluginStatus status = plugins.status(vendor).orElseThrow();
            assertThat(status.state()).as(vendor).isEqualTo(PluginStatus.State.LOADED);
            assertThat(status.location())
                    .as(vendor)
                    .startsWith("oci://" + System.getenv(REGISTRY) + "/checkout-")
                    .endsWith("/" + vendor + ":1.0.0");
        }
        HttpResponse<String> quote =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://localhost:" + port + "/api/quotes"))
                                        .header("content-type", "application/json")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        CheckoutApplicationTest.order(
                                                                "c-registry", "WELCOME10", "DE")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(quote.statusCode()).as(quote.body()).isEqualTo(201);
        assertThat(quote.body()).contains("\"discountCents\"");
    }
}
