/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.HostAnswer;
import io.github.wasmbox.sandbox.record.RecordSink;
import io.github.wasmbox.sandbox.record.Recording;
import io.github.wasmbox.sandbox.record.RecordingStats;
import io.github.wasmbox.sandbox.record.ReplayResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording's options (redaction, failed-only, sampling, caps) and replay against new modules. */
class RecordingTest {
    private static final byte[] ORDER = RecordReplayTest.ORDER.getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        RecordReplayTest.ratesApi();
    }

    @AfterAll
    static void stop() {
        RecordReplayTest.stop();
    }

    private static PluginSource dist(String name) {
        return PluginSource.path(RecordReplayTest.DIST.resolve(name + ".wasm"));
    }

    private static List<CallRecord> record(
            Path records, Recording recording, String plugin, String function, byte[]... inputs) {
        try (PluginRuntime runtime =
                RecordReplayTest.capabilities().record(plugin, recording).build()) {
            Plugin loaded = runtime.load(plugin, dist(plugin), RecordReplayTest.everything());
            for (byte[] input : inputs) {
                try {
                    loaded.invoke(function, input);
                } catch (PluginException expected) {
                    // recorded as a failure
                }
            }
        }
        Path file = records.resolve(plugin + ".jsonl");
        return Files.exists(file) ? CallRecord.readAll(file) : List.of();
    }

    @Test
    void theRedactionHookMasksConfigValuesBeforeTheyAreWritten(@TempDir Path records)
            throws Exception {
        PluginPolicy secretCurrency =
                RecordReplayTest.everything().toBuilder()
                        .config("currency", "XQZ")
                        .allowKeyValue("coupons", KeyValueAccess.READ_WRITE)
                        .build();
        Recording masked =
                Recording.to(RecordSink.jsonLines(records))
                        .redact(r -> r.masking(f -> f.equals("wasmbox:config/get"), "***"))
                        .build();
        try (PluginRuntime runtime =
                RecordReplayTest.capabilities().record("discount-rules", masked).build()) {
            runtime.load("discount-rules", dist("discount-rules"), secretCurrency)
                    .invoke("quote", ORDER);
        }

        CallRecord record = CallRecord.readAll(records.resolve("discount-rules.jsonl")).get(0);
        List<HostAnswer> config =
                record.answers().stream()
                        .filter(a -> a.function().equals("wasmbox:config/get"))
                        .toList();
        assertThat(config).isNotEmpty().allMatch(HostAnswer::masked);
        assertThat(config.get(0).pending()).isEqualTo("***".getBytes(StandardCharsets.UTF_8));
        // The output still holds what the plugin wrote; the host's answer does not.
        assertThat(new String(record.output(), StandardCharsets.UTF_8)).contains("XQZ");

        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            ReplayResult replay = runtime.replay(record, dist("discount-rules"));
            assertThat(replay.differences())
                    .extracting(ReplayResult.Difference::what)
                    .contains("output");
            assertThat(new String(replay.output(), StandardCharsets.UTF_8)).contains("***");
        }
    }

    @Test
    void failedOnlyKeepsTheCallsThatDidNotSucceed(@TempDir Path records) {
        Recording failedOnly = Recording.to(RecordSink.jsonLines(records)).failedOnly(true).build();
        assertThat(record(records, failedOnly, "echo", "echo", ORDER)).isEmpty();

        List<CallRecord> kept = record(records, failedOnly, "echo", "fail", ORDER);

        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).function()).isEqualTo("fail");
        assertThat(kept.get(0).outcome()).isEqualTo("FAILED");
    }

    @Test
    void aSampleRateOfZeroRecordsNothing(@TempDir Path records) {
        Recording none = Recording.to(RecordSink.jsonLines(records)).sampleRate(0).build();

        assertThat(record(records, none, "echo", "echo", ORDER, ORDER)).isEmpty();
    }

    @Test
    void aRecordOverItsCapIsKeptTruncatedAndCannotBeReplayed(@TempDir Path records) {
        Recording small = Recording.to(RecordSink.jsonLines(records)).maxRecordBytes(4096).build();
        byte[] large = new byte[8192];

        List<CallRecord> kept = record(records, small, "echo", "echo", large);

        assertThat(kept).singleElement().satisfies(r -> assertThat(r.truncated()).isTrue());
        assertThat(kept.get(0).input()).isEmpty();
        assertThat(kept.get(0).output()).isEmpty();
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            assertThatThrownBy(() -> runtime.replay(kept.get(0), dist("echo")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("truncated")
                    .hasMessageContaining("maxRecordBytes");
        }
    }

    @Test
    void recordsPastThePluginCapAreDroppedAndCounted(@TempDir Path records) throws Exception {
        Recording capped = Recording.to(RecordSink.jsonLines(records)).maxPluginBytes(4096).build();
        RecordingStats stats;
        try (PluginRuntime runtime =
                RecordReplayTest.capabilities().record("echo", capped).build()) {
            Plugin echo = runtime.load("echo", dist("echo"), RecordReplayTest.everything());
            for (int i = 0; i < 20; i++) {
                echo.invoke("echo", ORDER);
            }
            stats = runtime.recordingStats("echo").orElseThrow();
            assertThat(runtime.recordingStats("other")).isEmpty();
        }

        assertThat(Files.size(records.resolve("echo.jsonl"))).isLessThanOrEqualTo(4096);
        assertThat(stats.written()).isPositive().isLessThan(20);
        assertThat(stats.dropped().get(RecordingStats.DropReason.PLUGIN_CAP))
                .isEqualTo(20 - stats.written());
        assertThat(CallRecord.readAll(records.resolve("echo.jsonl")))
                .hasSize((int) stats.written());
    }

    @Test
    void replayAgainstAnotherModuleReportsTheDifferences(@TempDir Path records) {
        CallRecord record =
                record(
                                records,
                                Recording.to(RecordSink.jsonLines(records)).build(),
                                "discount",
                                "quote",
                                ORDER)
                        .get(0);

        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            ReplayResult same = runtime.replay(record, dist("discount"));
            ReplayResult other = runtime.replay(record, dist("discount-rules"));

            assertThat(same.reproduced()).isTrue();
            assertThat(other.sameModule()).isFalse();
            assertThat(other.reproduced()).isFalse();
            assertThat(other.differences())
                    .extracting(ReplayResult.Difference::what)
                    .contains("fuel");
        }
    }

    @Test
    void aModuleImportingWhatTheRecordCannotAnswerIsReported(@TempDir Path records) {
        CallRecord record =
                record(
                                records,
                                Recording.to(RecordSink.jsonLines(records)).build(),
                                "echo",
                                "echo",
                                ORDER)
                        .get(0);

        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            ReplayResult result = runtime.replay(record, dist("discount-rules"));

            assertThat(result.outcome()).isEqualTo("LINK");
            assertThat(result.differences())
                    .first()
                    .satisfies(
                            d -> {
                                assertThat(d.what()).isEqualTo("host-calls");
                                assertThat(d.replayed())
                                        .contains("import wasmbox:kv/get is not granted");
                            });
        }
    }
}
