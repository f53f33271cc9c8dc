/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.LearnedPolicy;
import io.github.wasmbox.sandbox.record.PolicyLearner;
import io.github.wasmbox.sandbox.record.RecordSink;
import io.github.wasmbox.sandbox.record.Recording;
import io.github.wasmbox.sandbox.record.ReplayResult;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The example of docs/operations.md: the page quotes it verbatim, and it runs here. */
class OperationsDocTest {
    private static final Path SOURCE =
            Path.of("src/test/java/io/github/wasmbox/host/record/OperationsDocTest.java");
    private static final Logger LOG = LoggerFactory.getLogger(OperationsDocTest.class);

    // --- example operations: begin ---
    static PluginRuntime recordingRuntime(Path records, HostFunctionProvider capabilities) {
        return PluginRuntime.builder()
                .hostModules(capabilities)
                .record(
                        "discount-rules",
                        Recording.to(RecordSink.jsonLines(records)) // records/discount-rules.jsonl
                                .redact(r -> r.masking(f -> f.equals("wasmbox:config/get"), "***"))
                                .build())
                .build();
    }

    static boolean updateKeepsEveryRecordedCall(
            PluginRuntime runtime, List<CallRecord> records, Path update) {
        boolean same = true;
        for (CallRecord record : records) {
            ReplayResult result = runtime.replay(record, PluginSource.path(update));
            for (ReplayResult.Difference d : result.differences()) {
                LOG.warn(
                        "{}: {} was {}, is {}",
                        record.function(),
                        d.what(),
                        d.recorded(),
                        d.replayed());
            }
            same &= result.reproduced();
        }
        return same;
    }

    static String proposePolicy(List<CallRecord> records, PluginPolicy current) {
        LearnedPolicy learned = PolicyLearner.learn(records, current);
        learned.unusedGrants().forEach(grant -> LOG.warn("never used: {}", grant));
        return learned.yaml(); // a policy file: PolicyFiles.readPolicy reads it
    }

    // --- example operations: end ---

    @Test
    void theExampleRecordsReplaysAndLearns(@TempDir Path records) {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(
                                Limits.defaults().toBuilder()
                                        .timeout(Duration.ofSeconds(30))
                                        .build())
                        .allowHostFunction("wasmbox:kv/*")
                        .allowHostFunction("wasmbox:config/get")
                        .allowHostFunction("wasmbox:log/write")
                        .allowKeyValue("coupons", KeyValueAccess.READ_WRITE)
                        .allowKeyValue("loyalty", KeyValueAccess.READ)
                        .config("currency", "EUR")
                        .build();
        Path module = RecordReplayTest.DIST.resolve("discount-rules.wasm");
        try (PluginRuntime runtime =
                recordingRuntime(
                        records,
                        HostModules.of(
                                new KeyValueCapability(new InMemoryKeyValueStore()),
                                new ConfigCapability(),
                                new LogCapability()))) {
            runtime.load("discount-rules", PluginSource.path(module), policy)
                    .invoke("quote", RecordReplayTest.ORDER.getBytes(StandardCharsets.UTF_8));
        }
        List<CallRecord> recorded = CallRecord.readAll(records.resolve("discount-rules.jsonl"));

        String yaml = proposePolicy(recorded, policy);
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            // The masked config answer changes the output, so even the same module differs.
            assertThat(updateKeepsEveryRecordedCall(runtime, recorded, module)).isFalse();
            assertThat(
                            updateKeepsEveryRecordedCall(
                                    runtime,
                                    recorded,
                                    RecordReplayTest.DIST.resolve("discount.wasm")))
                    .isFalse();
        }
        assertThat(yaml)
                .contains("wasmbox:kv/put")
                .contains("coupons")
                .doesNotContain("loyalty")
                .contains("currency: \"EUR\"");
    }

    @Test
    void theGuideQuotesTheExampleVerbatim() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        String source = Files.readString(SOURCE);
        Matcher quoted =
                Pattern.compile("<!-- example: operations -->\n```java\n(.*?)```", Pattern.DOTALL)
                        .matcher(guide);
        Matcher code =
                Pattern.compile(
                                "// --- example operations: begin ---\n(.*?)\n\\s*// --- example"
                                        + " operations: end ---",
                                Pattern.DOTALL)
                        .matcher(source);
        assertThat(quoted.find()).as("docs/operations.md quotes the example").isTrue();
        assertThat(code.find()).isTrue();
        assertThat(quoted.group(1)).isEqualTo(outdent(code.group(1)));
    }

    private static String outdent(String code) {
        return code.strip()
                        .lines()
                        .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                        .collect(Collectors.joining("\n"))
                + "\n";
    }
}
