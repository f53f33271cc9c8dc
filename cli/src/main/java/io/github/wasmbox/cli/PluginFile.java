/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.sandbox.ModuleDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A plugin module read from a file given on the command line: its bytes, digest and declarations.
 * Every way the file can be unusable is an {@link InputException}.
 */
final class PluginFile {
    /** The largest file read; the runtime's own default cap on a module. */
    static final long MAX_BYTES = 32L << 20;

    final Path path;
    final byte[] bytes;
    final String sha256;
    final ModuleDescription description;

    private PluginFile(Path path, byte[] bytes, ModuleDescription description) {
        this.path = path;
        this.bytes = bytes;
        this.sha256 = sha256(bytes);
        this.description = description;
    }

    /** Reads and describes {@code path}. */
    static PluginFile read(Path path) {
        byte[] bytes = readBytes(path);
        try {
            return new PluginFile(path, bytes, ModuleDescription.read(bytes));
        } catch (IllegalArgumentException e) {
            throw new InputException(path + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code path}, a module or any other file, up to {@link #MAX_BYTES}. */
    static byte[] readBytes(Path path) {
        try {
            if (Files.isDirectory(path)) {
                throw new InputException(path + " is a directory, not a file");
            }
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new InputException(
                        path + " has " + size + " bytes, more than the " + MAX_BYTES + " accepted");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(path + ": no such file", e);
        } catch (IOException e) {
            throw new InputException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** The lowercase hex SHA-256 of {@code bytes}, as {@code sha256sum} prints it. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** The plugin name a file loads under when none is given: its name without {@code .wasm}. */
    String defaultName() {
        String name = String.valueOf(path.getFileName());
        return name.endsWith(".wasm") ? name.substring(0, name.length() - 5) : name;
    }
}
