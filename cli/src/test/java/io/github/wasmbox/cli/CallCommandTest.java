/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.policy;
import static io.github.wasmbox.cli.Cli.run;
import static io.github.wasmbox.cli.Cli.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.cli.Cli.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CallCommandTest {
    private static final String ORDER =
            Path.of("src", "test", "resources", "order.json").toString();

    @Test
    void echoesItsInputAndPrintsFuel() {
        Run run = runWithStdin(bytes("hello"), "call", dist("echo"), "echo", "--input", "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hello");
        assertThat(run.err())
                .containsPattern("\nfuel [1-9][0-9]*, time [0-9.]+ ms, peak memory 131072 bytes\n");
    }

    @Test
    void jsonCarriesOutputAndStatistics() {
        JsonNode call =
                runWithStdin(
                                bytes("hello"),
                                "call",
                                "--json",
                                dist("echo"),
                                "reverse",
                                "--input",
                                "-")
                        .json();

        assertThat(call.get("output").asString()).isEqualTo("olleh");
        assertThat(call.get("fuel").asLong()).isPositive();
        assertThat(call.get("timeNanos").asLong()).isPositive();
        assertThat(call.get("peakMemoryBytes").asLong()).isEqualTo(131072);
        assertThat(call.get("stdout").asString()).isEmpty();
    }

    @Test
    void fuelIsTheSandboxes() {
        // The same call twice: fuel is deterministic, whatever the machine.
        long first =
                run("call", "--json", dist("echo"), "length", "--input", ORDER)
                        .json()
                        .get("fuel")
                        .asLong();
        long second =
                run("call", "--json", dist("echo"), "length", "--input", ORDER)
                        .json()
                        .get("fuel")
                        .asLong();
        assertThat(first).isEqualTo(second);

        Run starved = run("call", dist("hostile-endless-loop"), "spin", "--fuel", "1000000");
        assertThat(starved.exitCode()).isEqualTo(1);
        assertThat(starved.err()).startsWith("wasmbox call: ").contains("fuel");
        assertThat(starved.out()).isEmpty();
    }

    @Test
    void runsUnderThePolicyFileWithItsCapabilities() {
        JsonNode quote =
                run(
                                "call",
                                dist("discount-rules"),
                                "quote",
                                "--input",
                                ORDER,
                                "--policy",
                                policy("discount-rules.yaml"))
                        .json();

        assertThat(quote.get("currency").asString()).isEqualTo("EUR");
        assertThat(quote.get("subtotalCents").asLong()).isEqualTo(4000);
        assertThat(quote.get("discountCents").asLong()).isPositive();
    }

    @Test
    void aPluginWithoutItsGrantsIsRefused() {
        Run run = run("call", dist("discount-rules"), "quote", "--input", ORDER);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("wasmbox call: plugin 'discount-rules' cannot be linked")
                .contains("wasmbox:kv/get");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void aFailingCallExitsOneWithThePluginsMessage() {
        Run run =
                runWithStdin(
                        bytes("no reason"), "call", "--json", dist("echo"), "fail", "--input", "-");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode error = run.json().get("error");
        assertThat(error.get("type").asString()).isEqualTo("PluginFailedException");
        assertThat(error.get("message").asString()).contains("asked to fail: no reason");
    }

    @Test
    void aCommandModePluginReadsTheInputAsStdin() throws Exception {
        Run run =
                runWithStdin(
                        Files.readAllBytes(Path.of(ORDER)),
                        "call",
                        dist("tax"),
                        "_start",
                        "--input",
                        "-");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .startsWith("{\"orderId\":\"o-1\",\"country\":\"DE\",\"netCents\":4000,");
    }

    @Test
    void limitOptionsTakeThePolicyFilesSyntax(@TempDir Path dir) {
        Run memory = run("call", dist("echo"), "echo", "--max-memory", "lots");
        Run timeout = run("call", dist("echo"), "echo", "--timeout", "5 parsecs");
        Run fuel = run("call", dist("echo"), "echo", "--fuel", "many");
        Run input =
                run("call", dist("echo"), "echo", "--input", dir.resolve("absent.json").toString());
        Run tooSmall = run("call", dist("echo"), "echo", "--max-memory", "64KB");

        assertThat(memory.exitCode()).isEqualTo(2);
        assertThat(memory.err())
                .startsWith("wasmbox call: a limit option is invalid: ")
                .contains("lots");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).contains("parsecs");
        assertThat(fuel.err())
                .isEqualTo("wasmbox call: --fuel must be a whole number, got 'many'\n");
        assertThat(input.exitCode()).isEqualTo(2);
        assertThat(input.err()).endsWith("absent.json: no such file\n");
        // A valid limit the module cannot live with is the sandbox's refusal, not an input error.
        assertThat(tooSmall.exitCode()).isEqualTo(1);
        assertThat(tooSmall.err()).startsWith("wasmbox call: plugin 'echo'");
        for (Run run : new Run[] {memory, timeout, fuel, input, tooSmall}) {
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
