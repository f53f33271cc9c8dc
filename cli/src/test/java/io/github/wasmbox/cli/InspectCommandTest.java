/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.committedDigest;
import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.run;
import static io.github.wasmbox.cli.Cli.wat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.cli.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class InspectCommandTest {

    @Test
    void showsWhatARustPluginDeclares() throws Exception {
        Run run = run("inspect", dist("discount-rules"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("sha256     " + committedDigest("discount-rules"))
                .contains("size       " + Files.size(Path.of(dist("discount-rules"))) + " bytes")
                .contains("mode       reactor")
                .contains("manifest   discount-rules 0.1.0, abi 1")
                .contains(
                        "requests wasmbox:config/get wasmbox:kv/get wasmbox:kv/put"
                                + " wasmbox:log/write")
                .contains("memory     2 pages (128 KiB) initial, no maximum")
                .containsPattern("imports .* wasmbox:kv/get .*wasi_snapshot_preview1/fd_write");
    }

    @Test
    void jsonHasOneFieldPerFact() throws Exception {
        JsonNode module = run("inspect", "--json", dist("discount-rules")).json();

        assertThat(module.get("sha256").asString()).isEqualTo(committedDigest("discount-rules"));
        assertThat(module.get("size").asLong())
                .isEqualTo(Files.size(Path.of(dist("discount-rules"))));
        assertThat(module.get("mode").asString()).isEqualTo("reactor");
        assertThat(module.get("imports"))
                .anySatisfy(
                        i -> {
                            assertThat(i.get("module").asString()).isEqualTo("wasmbox:kv");
                            assertThat(i.get("name").asString()).isEqualTo("get");
                            assertThat(i.get("kind").asString()).isEqualTo("function");
                        });
        assertThat(module.get("exports").findValuesAsString("name")).contains("quote", "coupons");
        JsonNode manifest = module.get("manifest");
        assertThat(manifest.get("name").asString()).isEqualTo("discount-rules");
        assertThat(manifest.get("abi").asInt()).isEqualTo(1);
        assertThat(manifest.get("capabilities").valueStream().map(JsonNode::asString))
                .containsExactly(
                        "wasmbox:config/get",
                        "wasmbox:kv/get",
                        "wasmbox:kv/put",
                        "wasmbox:log/write");
        assertThat(module.get("memories").get(0).get("minPages").asLong()).isEqualTo(2);
        assertThat(module.get("memories").get(0).get("maxPages").isNull()).isTrue();
        assertThat(module.get("features")).isEmpty();
        assertThat(module.get("customSections").valueStream().map(JsonNode::asString))
                .contains("wasmbox.manifest");
    }

    @Test
    void declaredLimitsFeaturesAndCommandMode() {
        JsonNode facts = run("inspect", "--json", wat("facts")).json();
        assertThat(facts.get("manifest").isNull()).isTrue();
        assertThat(facts.get("memories").get(0).get("maxPages").asLong()).isEqualTo(16);
        assertThat(facts.get("tables").get(0).get("imported").asBoolean()).isTrue();
        assertThat(facts.get("tables").get(1).get("maxElements").asLong()).isEqualTo(8);

        assertThat(run("inspect", "--json", wat("simd")).json().get("features").get(0).asString())
                .isEqualTo("simd");
        assertThat(run("inspect", dist("tax")).out()).contains("mode       command");
    }

    @Test
    void namesFromTheModuleAreEscapedInText(@TempDir Path dir) throws Exception {
        // A module whose only export is named "\u001b[2J" (clear screen).
        byte[] module = {
            0x00,
            0x61,
            0x73,
            0x6d,
            0x01,
            0x00,
            0x00,
            0x00, // magic, version
            0x05,
            0x03,
            0x01,
            0x00,
            0x01, // memory section: one memory, min 1
            0x07,
            0x08,
            0x01,
            0x04,
            0x1b,
            '[',
            '2',
            'J',
            0x02,
            0x00 // export it
        };
        Path file = dir.resolve("escape.wasm");
        Files.write(file, module);

        Run run = run("inspect", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("\u001b").contains("[2J");
        assertThat(run("inspect", "--json", file.toString()).out()).contains("\\u001B[2J");
    }

    @Test
    void inputErrorsExitTwoWithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wasm"), "not a module");

        Run missing = run("inspect", "no-such.wasm");
        Run notWasm = run("inspect", text.toString());
        Run directory = run("inspect", dir.toString());
        Run noFile = run("inspect");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("wasmbox inspect: no-such.wasm: no such file\n");
        assertThat(notWasm.exitCode()).isEqualTo(2);
        assertThat(notWasm.err())
                .startsWith("wasmbox inspect: " + text + ": not a valid WebAssembly module: ")
                .hasLineCount(1);
        assertThat(directory.exitCode()).isEqualTo(2);
        assertThat(directory.err()).contains("is a directory, not a file");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).contains("Missing required parameter: 'FILE'");
        for (Run run : new Run[] {missing, notWasm, directory, noFile}) {
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void helpDescribesTheCommand() {
        Run help = run("inspect", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: wasmbox inspect").contains("--json");
        assertThat(run("help", "inspect").out()).isEqualTo(help.out());
    }

    @Test
    void digestIsTheCommittedOne() {
        Run run = run("digest", dist("echo"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(committedDigest("echo") + "  " + dist("echo") + "\n");
        assertThat(run("digest", "--json", dist("echo")).json().get("sha256").asString())
                .isEqualTo(committedDigest("echo"));
        assertThat(run("digest", "missing.wasm").exitCode()).isEqualTo(2);
    }
}
