/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.sandbox.PluginLoadException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.ReplayResult;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wasmbox replay RECORDS…}: runs recorded calls again with the host's answers taken from the
 * records, against the recorded module or a new one, and reports what differs.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Replays recorded calls (the .jsonl files of call --record) in the real sandbox, with"
                    + " every host answer (capabilities, clocks, random bytes, files) taken from"
                    + " the record, and compares output, outcome, fuel and memory.",
            "Without --module each call runs against the module it was recorded with (found where"
                    + " it was loaded from) and must reproduce exactly; with --module it runs"
                    + " against that module instead, to check an update against recorded traffic."
                    + " Exit code 1 when any call differs."
        })
final class ReplayCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "RECORDS",
            description = "Record files (.jsonl), as call --record writes them.")
    List<Path> records;

    @Option(
            names = "--module",
            paramLabel = "FILE",
            description = "Replay against this module (.wasm) instead of the recorded one.")
    @Nullable Path module;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        List<CallRecord> calls = RecordFiles.read(records);
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode results = Json.MAPPER.createArrayNode();
        boolean allReproduced = true;
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            int number = 0;
            for (CallRecord record : calls) {
                number++;
                ReplayResult result;
                try {
                    result = runtime.replay(record, source(record));
                } catch (PluginLoadException | IllegalArgumentException e) {
                    throw new InputException(e.getMessage(), e);
                }
                allReproduced &= result.reproduced();
                if (json) {
                    results.add(json(result));
                } else {
                    print(out, number, result);
                }
            }
        }
        if (json) {
            ObjectNode root = Json.object();
            root.put("reproduced", allReproduced);
            root.set("calls", results);
            Json.print(out, root);
        }
        out.flush();
        return allReproduced ? 0 : WasmboxCommand.FAILED;
    }

    /** {@code --module}, else the module the record names, which must still be there. */
    private PluginSource source(CallRecord record) {
        Path file = module;
        if (file == null) {
            String location = record.moduleLocation();
            if (location == null || !Files.isRegularFile(Path.of(location))) {
                throw new InputException(
                        "the record of "
                                + record.plugin()
                                + "/"
                                + record.function()
                                + " names its module as "
                                + (location == null ? "nothing" : "'" + location + "'")
                                + ", which is not a file here; pass it with --module");
            }
            file = Path.of(location);
        }
        byte[] bytes = PluginFile.read(file).bytes;
        return PluginSource.of(file.toString(), () -> new ByteArrayInputStream(bytes));
    }

    private static void print(PrintWriter out, int number, ReplayResult result) {
        CallRecord record = result.record();
        out.printf(
                "#%d %s/%s: %s (%s, fuel %d, memory %d)%n",
                number,
                record.plugin(),
                record.function(),
                result.reproduced() ? "reproduced" : "differs",
                result.outcome(),
                result.fuel(),
                result.peakMemoryBytes());
        for (ReplayResult.Difference difference : result.differences()) {
            out.printf(
                    "    %s: recorded %s%n    %s  replayed %s%n",
                    difference.what(),
                    difference.recorded(),
                    " ".repeat(difference.what().length()),
                    difference.replayed());
        }
    }

    private static ObjectNode json(ReplayResult result) {
        CallRecord record = result.record();
        ObjectNode node = Json.object();
        node.put("plugin", record.plugin());
        node.put("function", record.function());
        node.put("recordedModule", record.moduleSha256());
        node.put("replayedModule", result.moduleSha256());
        node.put("reproduced", result.reproduced());
        node.put("outcome", result.outcome());
        node.put("fuel", result.fuel());
        node.put("peakMemoryBytes", result.peakMemoryBytes());
        ArrayNode differences = node.putArray("differences");
        for (ReplayResult.Difference difference : result.differences()) {
            differences
                    .addObject()
                    .put("what", difference.what())
                    .put("recorded", difference.recorded())
                    .put("replayed", difference.replayed());
        }
        return node;
    }
}
