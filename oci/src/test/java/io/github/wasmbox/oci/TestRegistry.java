/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.Registry;

/**
 * The real registry the tests run against: Debian's {@code docker-registry} (distribution 2.8) that
 * {@code .ci/run} starts on 127.0.0.1. {@code OCITEST_REGISTRY} is its address and {@code
 * OCITEST_REGISTRY_ROOT} its storage directory, which the tampering tests edit behind the
 * registry's back. Not {@code WASMBOX_*}: Spring would bind those to the starter's properties.
 */
final class TestRegistry {
    static final String ADDRESS_VARIABLE = "OCITEST_REGISTRY";
    static final String ROOT_VARIABLE = "OCITEST_REGISTRY_ROOT";
    static final String AUTH_VARIABLE = "OCITEST_AUTH_REGISTRY";

    /**
     * The deny-all policy with a 10 s call timeout, so that a loaded machine cannot turn a test
     * into a timeout.
     */
    static final PluginPolicy POLICY =
            PluginPolicy.builder()
                    .limits(Limits.defaults().toBuilder().timeout(Duration.ofSeconds(10)).build())
                    .build();

    /** The user of {@code registry/htpasswd}, which the second registry of .ci/run wants. */
    static final String USER = "vendor";

    static final String PASSWORD = "wasmbox-test-only";

    private TestRegistry() {}

    /** The registry's address; skips the test, saying why, when none is configured. */
    static String address() {
        String address = System.getenv(ADDRESS_VARIABLE);
        assumeTrue(
                address != null && !address.isBlank(),
                ADDRESS_VARIABLE
                        + " is not set, so the tests that need a real OCI registry are skipped."
                        + " Run them with `bash .ci/run`, or start `docker-registry serve` on"
                        + " 127.0.0.1 and set "
                        + ADDRESS_VARIABLE
                        + "=127.0.0.1:<port> (and "
                        + ROOT_VARIABLE
                        + " to its storage directory).");
        return address;
    }

    /** The registry's storage directory; skips the test, saying why, when none is configured. */
    static Path root() {
        address();
        String root = System.getenv(ROOT_VARIABLE);
        assumeTrue(
                root != null && !root.isBlank(),
                ROOT_VARIABLE
                        + " is not set, so the tests that tamper with the registry's storage are"
                        + " skipped.");
        return Path.of(root);
    }

    /** The address of the registry that wants {@link #USER}; skips the test when none. */
    static String authAddress() {
        address();
        String address = System.getenv(AUTH_VARIABLE);
        assumeTrue(
                address != null && !address.isBlank(),
                AUTH_VARIABLE
                        + " is not set, so the registry-credentials tests are skipped. .ci/run"
                        + " starts a registry with oci/src/test/resources/registry/htpasswd.");
        return address;
    }

    /** A repository of its own for one test, so tests never see each other's tags. */
    static String repository(String name) {
        return address()
                + "/wasmbox-test/"
                + name
                + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The registry client itself, for pushing what wasmbox's push never would. */
    static Registry client() {
        return Registry.builder().insecure().build();
    }

    static byte[] fixture(String name) {
        try {
            return Files.readAllBytes(
                    Path.of("../sandbox-core/src/test/resources/wat/" + name + ".wasm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes one layer under the given config and layer media types; returns the manifest. */
    static Manifest pushArtifact(
            String reference, String configType, String layerType, byte[] layer) {
        Registry client = client();
        ContainerRef ref = ContainerRef.parse(reference);
        Layer blob = client.pushBlob(ref, layer).withMediaType(layerType);
        Layer config = client.pushBlob(ref, "{}".getBytes(StandardCharsets.UTF_8));
        return client.pushManifest(
                ref,
                Manifest.empty()
                        .withConfig(Config.fromBlob(configType, config))
                        .withLayers(List.of(blob)));
    }

    /** The file in which the registry stores the blob (or manifest) with {@code digest}. */
    static Path blobFile(String digest) {
        String hex = Digests.hex(digest);
        return root().resolve(
                        "docker/registry/v2/blobs/sha256/"
                                + hex.substring(0, 2)
                                + "/"
                                + hex
                                + "/data");
    }

    /** The module with a custom section naming {@code label}: other bytes, same behaviour. */
    static byte[] variant(byte[] module, String label) {
        byte[] name = "wasmbox-test".getBytes(StandardCharsets.UTF_8);
        byte[] payload = label.getBytes(StandardCharsets.UTF_8);
        int size = 1 + name.length + payload.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module);
        out.write(0);
        out.write(size); // labels are short: one LEB128 byte
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * echo.wat with its {@code echo} and {@code fail} exports swapped: calling {@code echo} reports
     * a guest error, as a broken update of a plugin would. Other bytes, same imports and shape.
     */
    static byte[] brokenEcho() {
        byte[] module = fixture("echo");
        int echo = indexOf(module, "\u0004echo");
        int fail = indexOf(module, "\u0004fail");
        byte[] broken = module.clone();
        System.arraycopy(module, fail, broken, echo, 5);
        System.arraycopy(module, echo, broken, fail, 5);
        return broken;
    }

    /** The one index of {@code text} in {@code bytes}; fails if it is not there exactly once. */
    private static int indexOf(byte[] bytes, String text) {
        byte[] pattern = text.getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                if (found >= 0) {
                    throw new IllegalStateException(text.strip() + " occurs more than once");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalStateException(text.strip() + " does not occur");
        }
        return found;
    }
}
