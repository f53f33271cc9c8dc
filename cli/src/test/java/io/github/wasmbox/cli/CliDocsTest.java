/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/cli.md documents every command and option the tool has. */
class CliDocsTest {

    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "cli.md"));
        CommandLine line =
                WasmboxCommand.commandLine(
                        InputStream.nullInputStream(),
                        new PrintStream(PrintStream.nullOutputStream()),
                        new PrintStream(PrintStream.nullOutputStream()));

        line.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            if (name.equals("help")) {
                                return;
                            }
                            assertThat(docs).containsPattern("(?m)^## .*`" + name + "`");
                            sub.getCommandSpec()
                                    .options()
                                    .forEach(
                                            option ->
                                                    assertThat(docs)
                                                            .as("docs/cli.md on %s", name)
                                                            .contains(option.longestName()));
                        });
        for (String code : line.getCommandSpec().usageMessage().exitCodeList().keySet()) {
            assertThat(docs).contains("| `" + code.strip() + "` |");
        }
    }
}
