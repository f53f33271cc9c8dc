/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** Runs the {@code wasmbox} command line in-process, on captured streams. */
final class Cli {
    static final Path DIST = Path.of("..", "plugins-rust", "dist");
    static final Path WAT = Path.of("..", "sandbox-core", "src", "test", "resources", "wat");
    static final Path POLICIES = Path.of("src", "test", "resources", "policies");

    /** What one run left behind. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return Json.MAPPER.readTree(out);
        }
    }

    private Cli() {}

    static Run run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static Run runWithStdin(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                WasmboxCommand.commandLine(
                                new ByteArrayInputStream(stdin),
                                new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8))
                        .execute(args);
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String dist(String plugin) {
        return DIST.resolve(plugin + ".wasm").toString();
    }

    static String wat(String fixture) {
        return WAT.resolve(fixture + ".wasm").toString();
    }

    static String policy(String name) {
        return POLICIES.resolve(name).toString();
    }

    /** The digest committed beside a plugin, as {@code sha256sum} wrote it. */
    static String committedDigest(String plugin) {
        try {
            return Files.readString(DIST.resolve(plugin + ".wasm.sha256")).split(" ")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
