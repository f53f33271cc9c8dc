/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import land.oras.ContainerRef;
import land.oras.Index;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a registry that lies or floods gets: manifests, indexes and referrers listings are read no
 * further than {@link OciRegistry#MAX_MANIFEST_BYTES}, whatever the registry declared.
 */
class HostileRegistryTest {
    @TempDir Path dir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private OciRegistry.Builder registry() {
        return OciRegistry.builder()
                .plainHttp(true)
                .dockerConfig(dir.resolve("no-docker-config.json"))
                .timeout(Duration.ofMinutes(1));
    }

    @Test
    void aManifestThatDeclaresLittleAndStreamsWithoutEndIsCutOff() throws IOException {
        String digest = Digests.sha256("what the registry claims".getBytes(UTF_8));
        AtomicLong sent = new AtomicLong();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v2/",
                exchange -> {
                    if (exchange.getRequestURI().getPath().contains("/manifests/")) {
                        flood(exchange, sent);
                    } else {
                        exchange.sendResponseHeaders(200, -1);
                        exchange.close();
                    }
                });
        server.start();
        String reference = "127.0.0.1:" + server.getAddress().getPort() + "/acme/flood@" + digest;

        assertThatThrownBy(() -> registry().build().pull(reference))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "the manifest of "
                                + reference
                                + " is larger than "
                                + OciRegistry.MAX_MANIFEST_BYTES
                                + " bytes, the most wasmbox reads; refusing it");
        // Cut off at the cap (plus what was in flight), not read to the flood's end.
        assertThat(sent.get()).isLessThan(64L << 20);
    }

    @Test
    void aManifestDeclaredLargerThanTheCapIsRefusedBeforeItIsRead() throws IOException {
        String digest = Digests.sha256("what the registry claims".getBytes(UTF_8));
        AtomicLong sent = new AtomicLong();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v2/",
                exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
                    exchange.sendResponseHeaders(200, 5 << 20);
                    try (OutputStream body = exchange.getResponseBody()) {
                        byte[] chunk = new byte[64 << 10];
                        Arrays.fill(chunk, (byte) ' ');
                        for (int i = 0; i < 80; i++) {
                            body.write(chunk);
                            sent.addAndGet(chunk.length);
                        }
                    } catch (IOException hungUp) {
                        // The client refused to read: what the test expects.
                    }
                    exchange.close();
                });
        server.start();
        String reference = "127.0.0.1:" + server.getAddress().getPort() + "/acme/huge@" + digest;

        assertThatThrownBy(() -> registry().build().pull(reference))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "the manifest of "
                                + reference
                                + " is 5242880 bytes, more than "
                                + OciRegistry.MAX_MANIFEST_BYTES);
        // The declared length alone refused it; the body was not read to its end.
        assertThat(sent.get()).isLessThan(5L << 20);
    }

    @Test
    void aReferrersListingWithoutEndIsCutOff() throws Exception {
        // A registry that serves a genuine module, then floods the signature lookup.
        byte[] module = TestRegistry.fixture("echo");
        byte[] config = "{}".getBytes(UTF_8);
        byte[] manifest =
                ("{\"schemaVersion\":2,\"mediaType\":\""
                                + MediaTypes.OCI_MANIFEST
                                + "\",\"config\":{\"mediaType\":\""
                                + MediaTypes.WASM_CONFIG
                                + "\",\"digest\":\""
                                + Digests.sha256(config)
                                + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
                                + MediaTypes.WASM_LAYER
                                + "\",\"digest\":\""
                                + Digests.sha256(module)
                                + "\",\"size\":"
                                + module.length
                                + "}]}")
                        .getBytes(UTF_8);
        String digest = Digests.sha256(manifest);
        AtomicLong sent = new AtomicLong();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/v2/",
                exchange -> {
                    String path = exchange.getRequestURI().getPath();
                    if (path.endsWith("/manifests/" + digest)) {
                        exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
                        exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
                        answer(exchange, manifest);
                    } else if (path.endsWith("/blobs/" + Digests.sha256(module))) {
                        answer(exchange, module);
                    } else if (path.contains("/referrers/")) {
                        flood(exchange, sent);
                    } else {
                        exchange.sendResponseHeaders(path.equals("/v2/") ? 200 : 404, -1);
                        exchange.close();
                    }
                });
        server.start();
        String reference = "127.0.0.1:" + server.getAddress().getPort() + "/acme/flood@" + digest;
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        assertThatThrownBy(
                        () ->
                                registry()
                                        .trustedKeys(TrustedKeys.of(vendor.getPublic()))
                                        .require(PinRequirement.SIGNATURE)
                                        .build()
                                        .pull(reference))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "the referrers of "
                                + reference
                                + " is larger than "
                                + OciRegistry.MAX_MANIFEST_BYTES
                                + " bytes");
        assertThat(sent.get()).isLessThan(64L << 20);
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void anIndexWhereAWasmManifestBelongsIsRefused() {
        String repo = TestRegistry.repository("index");
        Index index =
                TestRegistry.client()
                        .pushIndex(ContainerRef.parse(repo + ":1"), Index.fromManifests(List.of()));
        String digest = index.getDescriptor().getDigest();
        OciRegistry registry = registry().build();

        assertThatThrownBy(() -> registry.pull(repo + "@" + digest))
                .isInstanceOf(OciException.class)
                .hasMessageContaining(
                        "is a 'application/vnd.oci.image.index.v1+json', not an OCI image"
                                + " manifest");
    }

    @Test
    void aPushedModuleIsNotEmbeddedInItsManifest() {
        String repo = TestRegistry.repository("small-manifest");
        String digest = registry().build().push(repo + ":1", TestRegistry.fixture("echo"));

        String json =
                TestRegistry.client()
                        .getManifest(ContainerRef.parse(repo + "@" + digest))
                        .getJson();

        // A descriptor, not the module again in base64: a 32 MiB module stays pushable.
        assertThat(json).doesNotContain("\"data\"").hasSizeLessThan(1024);
    }

    /** Streams JSON whitespace, chunked (no length declared), until the client hangs up. */
    private static void flood(HttpExchange exchange, AtomicLong sent) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 << 10];
        Arrays.fill(chunk, (byte) ' ');
        try (OutputStream body = exchange.getResponseBody()) {
            while (sent.get() < (64L << 20)) {
                body.write(chunk);
                sent.addAndGet(chunk.length);
            }
        } catch (IOException hungUp) {
            // The client stopped reading: what the test expects.
        } finally {
            exchange.close();
        }
    }
}
