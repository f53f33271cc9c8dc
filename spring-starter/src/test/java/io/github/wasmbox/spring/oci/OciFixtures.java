/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.oci;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wasmbox.oci.OciRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The real registry the OCI tests of the starter run against ({@code OCITEST_REGISTRY}, started by
 * {@code .ci/run}; see docs/oci.md), a vendor who signs what it pushes, and the real modules
 * pushed.
 */
final class OciFixtures {
    static final String ADDRESS_VARIABLE = "OCITEST_REGISTRY";

    private OciFixtures() {}

    /** The registry's address; skips the test, saying why, when none is configured. */
    static String address() {
        String address = System.getenv(ADDRESS_VARIABLE);
        assumeTrue(
                address != null && !address.isBlank(),
                ADDRESS_VARIABLE
                        + " is not set, so the starter's tests against a real OCI registry are"
                        + " skipped. Run them with `bash .ci/run`, or start `docker-registry serve`"
                        + " on 127.0.0.1 and set "
                        + ADDRESS_VARIABLE
                        + "=127.0.0.1:<port> (docs/oci.md).");
        return address;
    }

    /** A repository path of its own for one test, so tests never see each other's tags. */
    static String repository(String name) {
        return "wasmbox-test/" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A vendor: pushes modules with their Ed25519 signatures. */
    static final class Vendor {
        private final KeyPair key;
        private final OciRegistry registry;

        Vendor(Path dir) {
            try {
                key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            registry =
                    OciRegistry.builder().plainHttp(true).dockerConfig(dir.resolve("none")).build();
        }

        /** The public key as wasmbox.trusted-keys takes it: 64 hex digits. */
        String publicKeyHex() {
            byte[] spki = key.getPublic().getEncoded();
            return HexFormat.of()
                    .formatHex(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        }

        /** Pushes {@code module} to {@code reference}'s tag and signs it; the manifest digest. */
        String publish(String reference, byte[] module) {
            String digest = registry.push(reference, module);
            String repository = reference.substring(0, reference.lastIndexOf(':'));
            registry.pushSignature(repository + "@" + digest, sign(module));
            return digest;
        }

        private byte[] sign(byte[] module) {
            try {
                Signature signer = Signature.getInstance("Ed25519");
                signer.initSign(key.getPrivate());
                signer.update(module);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A real module: sandbox-core's {@code wat/<name>.wasm} or plugins-rust's dist. */
    static byte[] module(String path) {
        try {
            return Files.readAllBytes(Path.of("..").resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** echo.wat with a custom section naming {@code label}: other bytes, same behaviour. */
    static byte[] echo(String label) {
        byte[] module = module("sandbox-core/src/test/resources/wat/echo.wasm");
        byte[] name = "wasmbox-test".getBytes(StandardCharsets.UTF_8);
        byte[] payload = label.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(module);
        out.write(0);
        out.write(1 + name.length + payload.length); // labels are short: one LEB128 byte
        out.write(name.length);
        out.writeBytes(name);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /**
     * echo.wat with its {@code echo} and {@code fail} exports swapped: calling {@code echo} reports
     * a guest error, as a broken update would.
     */
    static byte[] brokenEcho() {
        byte[] module = module("sandbox-core/src/test/resources/wat/echo.wasm");
        int echo = indexOf(module, "\u0004echo");
        int fail = indexOf(module, "\u0004fail");
        byte[] broken = module.clone();
        System.arraycopy(module, fail, broken, echo, 5);
        System.arraycopy(module, echo, broken, fail, 5);
        return broken;
    }

    private static int indexOf(byte[] bytes, String text) {
        byte[] pattern = text.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new IllegalStateException(text.strip() + " does not occur");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
