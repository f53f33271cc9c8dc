/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * wasmbox on the module path, checked in a JVM of its own: its module descriptors resolve with
 * Endive and the other dependencies, a plugin loads and runs (Endive compiles it into classes at
 * run time), and an application cannot use an internal package. The build's own tests run on the
 * class path, as a Spring Boot application does.
 */
class ModulePathTest {
    /**
     * What the module path holds besides wasmbox's own modules (class directories, or jars in a
     * reactor build): the jars they require, nothing else.
     */
    private static final List<String> MODULE_JARS =
            List.of(
                    "/run/endive/",
                    "/com/github/ben-manes/caffeine/",
                    "/com/google/jimfs/",
                    "/com/google/guava/",
                    "/tools/jackson/",
                    "/com/fasterxml/jackson/core/jackson-annotations/",
                    "/org/snakeyaml/",
                    "/org/slf4j/slf4j-api/",
                    "/org/jspecify/",
                    "/org/ow2/asm/");

    @Test
    void anApplicationOnTheModulePathRunsPluginsAndCannotReachInternals() throws Exception {
        List<String> modulePath = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String normalized = entry.replace(File.separatorChar, '/');
            if (normalized.endsWith("/test-classes")) {
                classPath.add(entry);
            } else if (normalized.endsWith("/classes")
                    || normalized.matches(".*/target/wasmbox-[^/]*\\.jar")
                    || MODULE_JARS.stream().anyMatch(normalized::contains)) {
                modulePath.add(entry);
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path echo = Path.of("src", "test", "resources", "wat", "echo.wasm").toAbsolutePath();
        Process process =
                new ProcessBuilder(
                                java.toString(),
                                "--module-path",
                                String.join(File.pathSeparator, modulePath),
                                "--add-modules",
                                "io.github.wasmbox.sandbox",
                                "-cp",
                                String.join(File.pathSeparator, classPath),
                                ModulePathMain.class.getName(),
                                echo.toString())
                        .redirectErrorStream(true)
                        .start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the child JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines =
                Arrays.stream(output.split("\n"))
                        .filter(l -> !l.startsWith("SLF4J"))
                        .collect(Collectors.toList());
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(lines)
                .as(output)
                .containsSubsequence(
                        "module io.github.wasmbox.sandbox",
                        "exports api true",
                        "exports internal false",
                        "echo over the module path",
                        "internal refused");
    }
}
