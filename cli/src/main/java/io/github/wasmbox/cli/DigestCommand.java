/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wasmbox digest FILE}: the SHA-256 an operator pins, in {@code sha256sum} format. */
@Command(
        name = "digest",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Prints a plugin's SHA-256 as sha256sum does: the value for PluginSource.sha256 and the"
                    + " starter's sha256 property."
        })
final class DigestCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        // The whole module is checked: a digest pinned for a file that cannot load helps no one.
        PluginFile plugin = PluginFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(
                    out,
                    Json.object()
                            .put("file", file.toString())
                            .put("sha256", plugin.sha256)
                            .put("size", plugin.bytes.length));
        } else {
            out.println(plugin.sha256 + "  " + file);
            out.flush();
        }
        return 0;
    }
}
