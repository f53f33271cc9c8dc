/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.actuate.PluginsEndpoint;
import io.github.wasmbox.spring.autoconfigure.WasmboxActuatorAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A module whose import names and manifest would forge log lines and write terminal escapes reaches
 * the start-up failure report and the actuator endpoint escaped and capped.
 */
class GuestTextStartupTest {
    private static final String FORGING =
            "get\r\n2026-12-02 09:00:00 INFO  [main] all plugins verified\u001b[2J\u001b]0;owned\u0007";

    private static final ApplicationContextRunner RUNNER =
            new ApplicationContextRunner()
                    .withPropertyValues(UnpinnedFixtures.ALLOWED)
                    .withConfiguration(
                            AutoConfigurations.of(
                                    WasmboxAutoConfiguration.class,
                                    WasmboxActuatorAutoConfiguration.class))
                    .withUserConfiguration(FixturesConfiguration.class)
                    .withPropertyValues("management.endpoints.web.exposure.include=plugins")
                    .withPropertyValues("wasmbox.defaults.timeout=10s");

    @TempDir Path directory;

    @Test
    void theStartupFailureReportShowsHostileNamesEscapedAndCapped() throws IOException {
        Path hostile = hostileModule();

        RUNNER.withPropertyValues("wasmbox.plugins.hostile.location=file:" + hostile)
                .run(
                        context -> {
                            FailureAnalysis analysis =
                                    WasmboxAutoConfigurationTest.analysis(
                                            context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox:kv/get\\r\\n2026-12-02 09:00:00 INFO")
                                    .contains("\\u001b[2J")
                                    .contains("…[99811 more chars]")
                                    .hasSizeLessThan(20_000);
                            assertThat(analysis.getDescription().lines())
                                    .allSatisfy(GuestTextStartupTest::safe);
                        });
    }

    @Test
    void theEndpointShowsAnOptionalPluginsFailureAndAWarnedPluginsAuditEscaped()
            throws IOException {
        Path hostile = hostileModule();

        RUNNER.withPropertyValues(
                        "wasmbox.plugins.hostile.location=file:" + hostile,
                        "wasmbox.plugins.hostile.required=false",
                        "wasmbox.plugins.requester.location=file:" + requesterModule(),
                        "wasmbox.plugins.requester.strict-manifest=false")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            PluginsEndpoint endpoint = context.getBean(PluginsEndpoint.class);
                            String failure = endpoint.plugin("hostile").plugin().failure();
                            assertThat(failure)
                                    .contains("wasmbox:kv/get\\r\\n2026-12-02")
                                    .hasSizeLessThan(20_000);
                            assertThat(failure.lines()).allSatisfy(GuestTextStartupTest::safe);
                            PluginsEndpoint.PluginDetail requester = endpoint.plugin("requester");
                            assertThat(requester.audit())
                                    .contains("\\u001b]0;owned\\u0007")
                                    .hasSizeLessThan(2_000);
                            assertThat(requester.audit().lines())
                                    .allSatisfy(GuestTextStartupTest::safe);
                            assertThat(requester.findings())
                                    .singleElement()
                                    .satisfies(GuestTextStartupTest::safe);
                        });
    }

    private static void safe(String line) {
        assertThat(line.chars()).noneMatch(Character::isISOControl);
        assertThat(line).doesNotStartWith("2026-12-02");
    }

    /** Imports a forging name and a 100 kB name from {@code wasmbox:kv}, which is not granted. */
    private Path hostileModule() throws IOException {
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(2);
        for (String name : new String[] {FORGING, "h".repeat(100_000)}) {
            name(imports, "wasmbox:kv");
            name(imports, name);
            imports.writeBytes(new byte[] {0, 0});
        }
        return write("hostile.wasm", imports.toByteArray(), "{\"abi\":1}");
    }

    /** Imports nothing; its manifest requests an ungranted, forging capability. */
    private Path requesterModule() throws IOException {
        return write(
                "requester.wasm",
                new byte[] {0},
                "{\"abi\":1,\"capabilities\":[\"wasmbox:kv/"
                        + FORGING.replace("\r", "\\r")
                                .replace("\n", "\\n")
                                .replace("\u001b", "\\u001b")
                                .replace("\u0007", "\\u0007")
                        + "\"]}");
    }

    private Path write(String file, byte[] importSection, String manifest) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, new byte[] {1, 0x60, 0, 0});
        section(out, 2, importSection);
        ByteArrayOutputStream custom = new ByteArrayOutputStream();
        name(custom, "wasmbox.manifest");
        custom.writeBytes(manifest.getBytes(UTF_8));
        section(out, 0, custom.toByteArray());
        return Files.write(directory.resolve(file), out.toByteArray());
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        leb(out, content.length);
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(UTF_8);
        leb(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void leb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }
}
