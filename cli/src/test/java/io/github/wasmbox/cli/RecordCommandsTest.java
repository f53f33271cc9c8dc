/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.policy;
import static io.github.wasmbox.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.cli.Cli.Run;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code call --record}, {@code replay} and {@code learn} on the sample's discount-rules. */
class RecordCommandsTest {
    private static final String ORDER =
            Path.of("src", "test", "resources", "order.json").toString();

    private static Path recordTwoQuotes(Path dir) {
        for (int i = 0; i < 2; i++) {
            Run call =
                    run(
                            "call",
                            dist("discount-rules"),
                            "quote",
                            "--policy",
                            policy("discount-rules.yaml"),
                            "--input",
                            ORDER,
                            "--record",
                            dir.toString());
            assertThat(call.exitCode()).isZero();
        }
        return dir.resolve("discount-rules.jsonl");
    }

    @Test
    void recordedCallsReplayExactlyAgainstTheirModule(@TempDir Path dir) {
        Path records = recordTwoQuotes(dir);

        Run replay = run("replay", records.toString());

        assertThat(replay.exitCode()).isZero();
        assertThat(replay.out())
                .containsPattern(
                        "#1 discount-rules/quote: reproduced \\(SUCCESS, fuel [1-9][0-9]*, memory"
                                + " 131072\\)")
                .contains("#2 discount-rules/quote: reproduced");
    }

    @Test
    void replayAgainstANewModuleReportsTheDifferencesAndFails(@TempDir Path dir) {
        Path records = recordTwoQuotes(dir);

        Run replay = run("replay", records.toString(), "--module", dist("discount"), "--json");

        assertThat(replay.exitCode()).isEqualTo(1);
        JsonNode result = replay.json();
        assertThat(result.get("reproduced").asBoolean()).isFalse();
        JsonNode first = result.get("calls").get(0);
        assertThat(first.get("recordedModule").asString())
                .isNotEqualTo(first.get("replayedModule").asString());
        assertThat(first.get("differences").findValuesAsString("what"))
                .contains("outcome", "output", "fuel");
    }

    @Test
    void learnPrintsAPolicyFileAndTheGrantsNoCallUsed(@TempDir Path dir) throws Exception {
        Path records = recordTwoQuotes(dir);

        Run learn = run("learn", records.toString(), "--policy", policy("discount-rules.yaml"));

        assertThat(learn.exitCode()).isZero();
        Path learned = dir.resolve("learned.yaml");
        Files.writeString(learned, learn.out());
        PluginPolicy policy = PolicyFiles.readPolicy(learned);
        assertThat(policy.allowsHostFunction("wasmbox:kv", "put")).isTrue();
        assertThat(policy.allowsHostFunction("wasmbox:http", "request")).isFalse();
        assertThat(policy.config()).containsEntry("currency", "EUR");
        assertThat(learn.err()).contains("unused grant: host-functions: wasmbox:http/request");
    }

    @Test
    void badRecordFilesAreInputErrors(@TempDir Path dir) throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.jsonl"), "{\"format\":1}\n");

        Run missing = run("replay", dir.resolve("none.jsonl").toString());
        Run unreadable = run("learn", garbage.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("none.jsonl: no such file");
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).startsWith("wasmbox learn: ").contains("line 1");
    }
}
