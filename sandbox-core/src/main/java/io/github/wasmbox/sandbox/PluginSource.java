/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a module's bytes come from, with the checks to apply to them: an optional pinned SHA-256
 * digest and an optional detached Ed25519 signature. Immutable and thread-safe; the bytes are read
 * when the runtime loads the source, never earlier, and never more than the runtime's {@code
 * maxModuleBytes}.
 *
 * <pre>{@code
 * PluginSource.classpath("plugins/discount.wasm").sha256("3f1c...")
 * }</pre>
 */
public final class PluginSource {

    /**
     * Opens a module's bytes for {@link #of(String, Opener)}. Called once per load, on the loading
     * thread; the runtime closes the stream and reads at most its {@code maxModuleBytes}.
     */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final String description;
    private final Opener opener;
    private final @Nullable String sha256;
    private final byte @Nullable [] signature;

    private PluginSource(
            String description,
            Opener opener,
            @Nullable String sha256,
            byte @Nullable [] signature) {
        this.description = description;
        this.opener = opener;
        this.sha256 = sha256;
        this.signature = signature;
    }

    /**
     * Module bytes from a location this class does not know, such as an OCI registry served by
     * another module. {@code description} names the location in load errors, so it must say where
     * the bytes came from (for example {@code "oci 127.0.0.1:5000/acme/discount@sha256:..."}).
     */
    public static PluginSource of(String description, Opener opener) {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(opener, "opener");
        return new PluginSource(description, opener, null, null);
    }

    /** Module bytes held in memory (copied). */
    public static PluginSource bytes(byte[] module) {
        byte[] copy = module.clone();
        return new PluginSource(
                "bytes[" + copy.length + "]",
                () -> new java.io.ByteArrayInputStream(copy),
                null,
                null);
    }

    /** A module file. */
    public static PluginSource path(Path file) {
        Objects.requireNonNull(file, "file");
        return new PluginSource("file " + file, () -> Files.newInputStream(file), null, null);
    }

    /** A resource on the thread context class loader, or this library's loader. */
    public static PluginSource classpath(String resource) {
        Objects.requireNonNull(resource, "resource");
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        return new PluginSource(
                "classpath:" + name,
                () -> {
                    ClassLoader loader = Thread.currentThread().getContextClassLoader();
                    InputStream in =
                            loader != null
                                    ? loader.getResourceAsStream(name)
                                    : PluginSource.class.getClassLoader().getResourceAsStream(name);
                    if (in == null) {
                        throw new java.io.FileNotFoundException(
                                "no classpath resource '" + name + "'");
                    }
                    return in;
                },
                null,
                null);
    }

    /**
     * A module at a URL ({@code file:}, {@code jar:}, {@code https:}). Fetching follows the JDK's
     * URL handling; pin a digest for anything fetched over a network.
     */
    public static PluginSource url(URI location) {
        Objects.requireNonNull(location, "location");
        return new PluginSource(
                location.toString(), () -> location.toURL().openStream(), null, null);
    }

    /**
     * Pins the module's SHA-256 (64 hex digits, case-insensitive). A module whose digest differs
     * fails to load with {@link PluginLoadException} naming both digests.
     */
    public PluginSource sha256(String hex) {
        Objects.requireNonNull(hex, "hex");
        String normalized = hex.strip().toLowerCase(Locale.ROOT);
        if (normalized.length() != 64 || !normalized.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException(
                    "sha256 must be 64 hexadecimal digits, got '" + hex + "'");
        }
        return new PluginSource(description, opener, normalized, signature);
    }

    /**
     * Attaches a detached Ed25519 signature (64 bytes) over the module bytes, checked against the
     * runtime's trusted keys.
     */
    public PluginSource signature(byte[] ed25519Signature) {
        if (ed25519Signature.length != 64) {
            throw new IllegalArgumentException(
                    "an Ed25519 signature is 64 bytes, got " + ed25519Signature.length);
        }
        return new PluginSource(description, opener, sha256, ed25519Signature.clone());
    }

    /** The pinned digest, if any. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    /** The attached signature, if any (a copy). */
    public Optional<byte[]> signature() {
        return Optional.ofNullable(signature).map(byte[]::clone);
    }

    InputStream open() throws IOException {
        return opener.open();
    }

    @Override
    public String toString() {
        return description;
    }
}
