/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code main} as a process: its exit codes and streams are the ones the in-process tests see. */
class ProcessTest {

    @Test
    void exitCodesAndStreamsOfTheProcess() throws Exception {
        Result help = java("--help");
        Result call = java("call", Cli.dist("echo"), "echo", "--input", "-");
        Result missing = java("inspect", "missing.wasm");

        assertThat(help.code).isZero();
        assertThat(help.out).startsWith("Usage: wasmbox ");
        assertThat(call.code).isZero();
        assertThat(call.out).isEqualTo("piped in");
        assertThat(call.err).contains("fuel ");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).isEqualTo("wasmbox inspect: missing.wasm: no such file\n");
    }

    private record Result(int code, String out, String err) {}

    private static Result java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WasmboxCommand.class.getName());
        command.addAll(List.of(args));
        File err = File.createTempFile("wasmbox-cli", ".err");
        err.deleteOnExit();
        Process process = new ProcessBuilder(command).redirectError(err).start();
        process.getOutputStream().write("piped in".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the process ended").isTrue();
        return new Result(
                process.exitValue(), out, Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
