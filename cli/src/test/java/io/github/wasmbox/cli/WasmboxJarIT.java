/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.committedDigest;
import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.cli.Cli.Run;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code wasmbox.jar} as users run it, {@code java -jar}, after {@code package} (the
 * module's integration-test phase): every command, its exit codes, its {@code --json} output and
 * its one-line errors. The in-process tests cover each option; this covers what shading could break
 * (the manifest, service files, logging) and the process's own streams and exit status.
 */
class WasmboxJarIT {
    private static final Path JAR = Path.of(System.getProperty("cli.jar"));

    @Test
    void helpListsEveryCommandAndTheJarKnowsItsVersion() throws Exception {
        Run help = java("--help");
        Run version = java("--version");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out().lines().map(String::strip))
                .anyMatch(line -> line.startsWith("inspect "))
                .anyMatch(line -> line.startsWith("audit "))
                .anyMatch(line -> line.startsWith("call "))
                .anyMatch(line -> line.startsWith("digest "))
                .anyMatch(line -> line.startsWith("keygen "))
                .anyMatch(line -> line.startsWith("sign "))
                .anyMatch(line -> line.startsWith("verify "))
                .anyMatch(line -> line.startsWith("push "))
                .anyMatch(line -> line.startsWith("pull "));
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).isEqualTo("wasmbox " + System.getProperty("cli.version") + "\n");
    }

    @Test
    void inspectDigestCallAndAuditAnswer() throws Exception {
        Run inspect = java("inspect", "--json", dist("discount-rules"));
        Run digest = java("digest", dist("echo"));
        Run call = java("call", dist("echo"), "echo", "--input", "-");
        Run callJson = java("call", "--json", dist("echo"), "reverse", "--input", "-");
        Run audit =
                java(
                        "audit",
                        dist("discount-rules"),
                        "--policy",
                        policy("discount-rules-without-kv.yaml"));

        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.json().get("sha256").asString())
                .isEqualTo(committedDigest("discount-rules"));
        assertThat(inspect.json().get("manifest").get("name").asString())
                .isEqualTo("discount-rules");
        assertThat(digest.out()).isEqualTo(committedDigest("echo") + "  " + dist("echo") + "\n");
        assertThat(call.exitCode()).isZero();
        assertThat(call.out()).isEqualTo("piped in");
        assertThat(call.err()).containsPattern("fuel [1-9][0-9]*, time ");
        assertThat(callJson.json().get("output").asString()).isEqualTo("ni depip");
        assertThat(callJson.json().get("fuel").asLong()).isPositive();
        assertThat(audit.exitCode()).isEqualTo(1);
        assertThat(audit.out()).contains("wasmbox:kv/get");
    }

    @Test
    void keygenSignAndVerify(@TempDir Path dir) throws Exception {
        Path wasm = Files.copy(Path.of(dist("echo")), dir.resolve("echo.wasm"));
        Path other = Files.copy(Path.of(dist("add")), dir.resolve("add.wasm"));
        String vendor = dir.resolve("vendor").toString();

        Run keygen = java("keygen", "--out", vendor);
        Run sign = java("sign", wasm.toString(), "--key", vendor + ".key");
        Run verify =
                java(
                        "verify",
                        wasm.toString(),
                        "--signature",
                        wasm + ".sig",
                        "--public-key",
                        vendor + ".pub");
        Run forged =
                java(
                        "verify",
                        other.toString(),
                        "--signature",
                        wasm + ".sig",
                        "--public-key",
                        vendor + ".pub");

        assertThat(keygen.exitCode()).isZero();
        assertThat(sign.exitCode()).isZero();
        assertThat(Files.size(Path.of(wasm + ".sig"))).isEqualTo(64);
        assertThat(verify.exitCode()).isZero();
        assertThat(forged.exitCode()).isEqualTo(1);
    }

    @Test
    void userErrorsExitTwoWithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wasm"), "not a module");

        Run missing = java("inspect", "missing.wasm");
        Run notWasm = java("call", text.toString(), "echo");
        Run badPolicy = java("audit", dist("echo"), "--policy", policy("typo.yaml"));
        Run usage = java("call", dist("echo"));

        assertThat(missing.err()).isEqualTo("wasmbox inspect: missing.wasm: no such file\n");
        assertThat(notWasm.err())
                .startsWith("wasmbox call: " + text + ": not a valid WebAssembly module: ")
                .hasLineCount(1);
        assertThat(badPolicy.err()).startsWith("wasmbox audit: " + policy("typo.yaml") + ": ");
        assertThat(usage.err()).contains("Missing required parameter: 'FUNCTION'");
        for (Run run : List.of(missing, notWasm, badPolicy, usage)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** {@code java -jar wasmbox.jar args}, with "piped in" on its stdin. */
    private static Run java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        File err = File.createTempFile("wasmbox-cli", ".err");
        err.deleteOnExit();
        Process process = new ProcessBuilder(command).redirectError(err).start();
        process.getOutputStream().write("piped in".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the process ended").isTrue();
        return new Run(
                process.exitValue(), out, Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
