/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.modulepath;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs in a JVM of its own with wasmbox on the module path and this class in the unnamed module, as
 * an application would: loads and calls a plugin, then tries to reach an internal class. Prints one
 * line per finding; {@link ModulePathTest} reads them.
 */
public final class ModulePathMain {
    private ModulePathMain() {}

    public static void main(String[] args) throws Exception {
        Module sandbox = PluginRuntime.class.getModule();
        System.out.println("module " + sandbox.getName());
        System.out.println("exports api " + sandbox.isExported("io.github.wasmbox.sandbox"));
        System.out.println(
                "exports internal " + sandbox.isExported("io.github.wasmbox.sandbox.internal"));
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(
                                Limits.defaults().toBuilder()
                                        .timeout(Duration.ofSeconds(10))
                                        .build())
                        .build();
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            Plugin echo =
                    runtime.load(
                            "echo",
                            PluginSource.bytes(Files.readAllBytes(Path.of(args[0]))),
                            policy);
            byte[] output =
                    echo.call("echo", "over the module path".getBytes(StandardCharsets.UTF_8));
            System.out.println("echo " + new String(output, StandardCharsets.UTF_8));
        }
        Class<?> internal = Class.forName("io.github.wasmbox.sandbox.internal.HostEnvironment");
        try {
            internal.getMethod("variable", String.class).invoke(null, "PATH");
            System.out.println("internal reachable");
        } catch (IllegalAccessException e) {
            System.out.println("internal refused");
        }
    }
}
