/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.ReplayResult;
import io.github.wasmbox.spring.autoconfigure.InvalidWasmboxPropertyException;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code wasmbox.plugins.<name>.record.*} records a plugin's calls for replay. */
class RecordPropertiesTest {
    private static final ApplicationContextRunner RUNNER =
            new ApplicationContextRunner()
                    .withPropertyValues(
                            UnpinnedFixtures.ALLOWED,
                            "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                            "wasmbox.plugins.echo.limits.timeout=30s")
                    .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class));

    @Test
    void aRecordDirectoryRecordsTheCallsThatReplayExactly(@TempDir Path records) {
        RUNNER.withPropertyValues("wasmbox.plugins.echo.record.directory=" + records)
                .run(
                        context -> {
                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            registry.require("echo")
                                    .call("reverse", "hello".getBytes(StandardCharsets.UTF_8));
                            assertThat(
                                            context.getBean(PluginRuntime.class)
                                                    .recordingStats("echo")
                                                    .orElseThrow()
                                                    .written())
                                    .isEqualTo(1);
                        });

        List<CallRecord> recorded = CallRecord.readAll(records.resolve("echo.jsonl"));
        assertThat(recorded)
                .singleElement()
                .satisfies(
                        r ->
                                assertThat(r.output())
                                        .isEqualTo("olleh".getBytes(StandardCharsets.UTF_8)));
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            ReplayResult replay =
                    runtime.replay(recorded.get(0), PluginSource.classpath("plugins/echo.wasm"));
            assertThat(replay.reproduced()).isTrue();
        }
    }

    @Test
    void aBadSampleRateFailsTheStartNamingTheProperty(@TempDir Path records) {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.record.directory=" + records,
                        "wasmbox.plugins.echo.record.sample-rate=2")
                .run(
                        context -> {
                            Throwable failure = context.getStartupFailure();
                            while (failure != null
                                    && !(failure instanceof InvalidWasmboxPropertyException)) {
                                failure = failure.getCause();
                            }
                            assertThat(failure)
                                    .isInstanceOf(InvalidWasmboxPropertyException.class)
                                    .hasMessageContaining("sampleRate must be between 0 and 1");
                            assertThat(((InvalidWasmboxPropertyException) failure).propertyKey())
                                    .isEqualTo("wasmbox.plugins.echo.record");
                        });
    }
}
