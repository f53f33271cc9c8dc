/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs the official WASI preview 1 testsuite ({@code WebAssembly/wasi-testsuite}, branch {@code
 * prod/testsuite-base}, which holds the prebuilt tests) through wasmbox, when the system property
 * {@code wasi.testsuite} names its {@code tests} directory; skipped otherwise, as the suite is not
 * part of this repository. Each test gets exactly what its {@code .json} asks: its arguments, its
 * environment, its {@code root} directory preopened read-write at {@code /} (a copy: the host
 * directory is never written, and its file quota is raised to 4,096 for {@code fd_readdir}), and
 * must end with its exit code and, where the {@code .json} gives one, its stdout.
 *
 * <pre>./mvnw -o -pl sandbox-core -am test -Dtest=WasiTestsuiteTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dwasi.testsuite=/path/to/wasi-testsuite/tests</pre>
 */
class WasiTestsuiteTest {
    private static final PluginRuntime runtime = PluginRuntime.builder().build();

    @AfterAll
    static void close() {
        runtime.close();
    }

    @TestFactory
    Stream<DynamicTest> theOfficialPreview1TestsuitePasses() throws IOException {
        String property = System.getProperty("wasi.testsuite");
        Assumptions.assumeTrue(property != null, "-Dwasi.testsuite=<testsuite>/tests not given");
        List<Path> modules = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(property))) {
            files.filter(p -> p.toString().endsWith(".wasm"))
                    .filter(p -> p.getParent().endsWith(Path.of("testsuite", "wasm32-wasip1")))
                    .sorted()
                    .forEach(modules::add);
        }
        return modules.stream()
                .map(
                        module ->
                                DynamicTest.dynamicTest(
                                        module.getParent().getParent().getParent().getFileName()
                                                + "/"
                                                + module.getFileName(),
                                        () -> run(module)));
    }

    private static void run(Path module) throws IOException {
        String name = module.getFileName().toString().replaceFirst("\\.wasm$", "");
        Path specFile = module.resolveSibling(name + ".json");
        JsonNode spec =
                Files.exists(specFile)
                        ? new ObjectMapper().readTree(Files.readString(specFile))
                        : new ObjectMapper().createObjectNode();
        // Some tests make thousands of file-system calls, each charged as host work.
        PluginPolicy.Builder policy = Fixtures.limits(l -> l.fuel(20_000_000_000L)).toBuilder();
        List<String> args = new ArrayList<>();
        spec.path("args").forEach(arg -> args.add(arg.asString()));
        policy.args(args);
        for (Map.Entry<String, JsonNode> variable : spec.path("env").properties()) {
            policy.allowEnv(variable.getKey(), variable.getValue().asString());
        }
        if (spec.hasNonNull("root")) {
            Path root = module.resolveSibling(spec.get("root").asString());
            // fd_readdir creates a thousand files, more than a grant's default file quota.
            policy.preopen(
                    PreopenGrant.directory("/", root).readOnly(false).maxFiles(4096).build());
        }
        Plugin plugin =
                runtime.load(
                        "wasi-testsuite-" + name,
                        PluginSource.bytes(Files.readAllBytes(module)),
                        policy.build());
        int expectedCode = spec.path("exit_code").asInt(0);
        if (expectedCode == 0) {
            CallResult result = plugin.invoke("_start", new byte[0]);
            if (spec.has("stdout")) {
                assertThat(result.outputAsString()).isEqualTo(spec.get("stdout").asString());
            }
        } else {
            PluginFailedException failed =
                    catchThrowableOfType(
                            () -> plugin.invoke("_start", new byte[0]),
                            PluginFailedException.class);
            assertThat(failed).isNotNull();
            assertThat(failed.code()).isEqualTo(expectedCode);
        }
    }
}
