/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
import io.github.wasmbox.sandbox.spi.ErrorCode;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Rust {@code hostile-secret-snoop} plugin from {@code plugins-rust/dist}, granted a read-write
 * host directory: every probe for host secrets, every traversal and every symlink, hard link or
 * write out of the preopen comes back as an error, and the host directory is untouched.
 */
class SecretSnoopTest {
    private static final List<WasmType> I32 = List.of(WasmType.I32);

    // The plugin also imports capabilities; stand-ins that find nothing keep this test in core.
    private static final HostFunctionProvider NOTHING_FOUND =
            () ->
                    List.of(
                            notFound("wasmbox:config", "get", 2),
                            notFound("wasmbox:kv", "get", 4),
                            new HostFunctionDefinition(
                                    "wasmbox:log",
                                    "write",
                                    List.of(WasmType.I32, WasmType.I32, WasmType.I32),
                                    I32,
                                    (call, args) -> new long[] {0}));

    private final PluginRuntime runtime =
            PluginRuntime.builder().hostModules(NOTHING_FOUND).build();

    @TempDir Path host;

    @AfterEach
    void close() {
        runtime.close();
    }

    private static HostFunctionDefinition notFound(String module, String name, int params) {
        return new HostFunctionDefinition(
                module,
                name,
                java.util.Collections.nCopies(params, WasmType.I32),
                I32,
                (call, args) -> new long[] {ErrorCode.NOT_FOUND.code()});
    }

    @Test
    void everyProbeForHostSecretsComesBackEmptyOrDenied() throws Exception {
        Files.writeString(host.resolve("orders.csv"), "o-1,42");
        PluginPolicy policy =
                Fixtures.relaxed().toBuilder()
                        .allowHostFunction("wasmbox:config", "get")
                        .allowHostFunction("wasmbox:kv", "get")
                        .allowHostFunction("wasmbox:log", "write")
                        .preopen(PreopenGrant.directory("/data", host).readOnly(false).build())
                        .build();
        Plugin snoop =
                runtime.load("snoop", RustAndCPluginsTest.dist("hostile-secret-snoop"), policy);
        JsonMapper json = JsonMapper.builder().build();

        JsonNode escape = json.readTree(snoop.call("escape", new byte[0]));
        JsonNode files = json.readTree(snoop.call("files", new byte[0]));
        JsonNode env = json.readTree(snoop.call("env", new byte[0]));

        List<String> leaks = new ArrayList<>();
        escape.properties().forEach(e -> collectLeak(leaks, e.getKey(), e.getValue()));
        files.get("reads").properties().forEach(e -> collectLeak(leaks, e.getKey(), e.getValue()));
        assertThat(leaks).isEmpty();
        assertThat(escape.size()).isGreaterThan(20);
        assertThat(files.get("listings").get("/data").toString()).contains("orders.csv");
        assertThat(files.get("listings").get("/etc").asString()).startsWith("error:");
        assertThat(env.get("vars").size()).isZero();
        try (var listing = Files.list(host)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("orders.csv");
        }
        assertThat(Files.notExists(host.resolveSibling("escaped.txt"))).isTrue();
    }

    private static void collectLeak(List<String> leaks, String probe, JsonNode result) {
        if (result.asString().startsWith("ok:")) {
            leaks.add(probe + " = " + result.asString());
        }
    }
}
