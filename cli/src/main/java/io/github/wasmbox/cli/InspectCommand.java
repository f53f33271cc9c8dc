/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.ImportRef;
import io.github.wasmbox.policy.PluginManifest;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.ModuleDescription;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code wasmbox inspect FILE}: what a module is and declares, without running it. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Shows a plugin's SHA-256, size, imports, exports, manifest, Wasm features and"
                    + " declared memory and tables, without running it."
        })
final class InspectCommand implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PluginFile plugin = PluginFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(plugin));
        } else {
            out.print(toText(plugin));
            out.flush();
        }
        return 0;
    }

    /** Command-mode plugins export {@code _start} (docs/abi.md). */
    private static String mode(ModuleDescription module) {
        return module.exports().stream().anyMatch(e -> e.name().equals("_start"))
                ? "command"
                : "reactor";
    }

    static ObjectNode toJson(PluginFile plugin) {
        ModuleDescription module = plugin.description;
        ObjectNode root = Json.object();
        root.put("file", plugin.path.toString());
        root.put("sha256", plugin.sha256);
        root.put("size", plugin.bytes.length);
        root.put("mode", mode(module));
        ArrayNode imports = root.putArray("imports");
        module.imports()
                .forEach(
                        i ->
                                imports.addObject()
                                        .put("module", i.module())
                                        .put("name", i.name())
                                        .put("kind", i.kind()));
        ArrayNode exports = root.putArray("exports");
        module.exports()
                .forEach(e -> exports.addObject().put("name", e.name()).put("kind", e.kind()));
        ArrayNode memories = root.putArray("memories");
        for (ModuleDescription.Memory m : module.memories()) {
            ObjectNode memory =
                    memories.addObject()
                            .put("minPages", m.minPages())
                            .put("shared", m.shared())
                            .put("imported", m.imported());
            if (m.maxPages().isPresent()) {
                memory.put("maxPages", m.maxPages().getAsLong());
            } else {
                memory.putNull("maxPages");
            }
        }
        ArrayNode tables = root.putArray("tables");
        for (ModuleDescription.Table t : module.tables()) {
            ObjectNode table =
                    tables.addObject()
                            .put("minElements", t.minElements())
                            .put("imported", t.imported());
            if (t.maxElements().isPresent()) {
                table.put("maxElements", t.maxElements().getAsLong());
            } else {
                table.putNull("maxElements");
            }
        }
        ArrayNode features = root.putArray("features");
        module.features().stream().map(WasmFeature::fileName).sorted().forEach(features::add);
        if (module.manifest().isPresent()) {
            PluginManifest m = module.manifest().get();
            ObjectNode manifest = root.putObject("manifest");
            manifest.put("name", m.name().orElse(null));
            manifest.put("version", m.version().orElse(null));
            manifest.put("abi", m.abi());
            ArrayNode names = manifest.putArray("exports");
            m.exports().forEach(names::add);
            ArrayNode capabilities = manifest.putArray("capabilities");
            m.capabilities().forEach(c -> capabilities.add(c.toString()));
        } else {
            root.putNull("manifest");
        }
        ArrayNode sections = root.putArray("customSections");
        module.customSections().forEach(sections::add);
        return root;
    }

    static String toText(PluginFile plugin) {
        ModuleDescription module = plugin.description;
        StringBuilder text = new StringBuilder();
        line(text, "file", plugin.path.toString());
        line(text, "sha256", plugin.sha256);
        line(text, "size", plugin.bytes.length + " bytes");
        line(text, "mode", mode(module));
        if (module.manifest().isPresent()) {
            PluginManifest m = module.manifest().get();
            line(
                    text,
                    "manifest",
                    shown(m.name().orElse("(no name)"))
                            + " "
                            + shown(m.version().orElse("(no version)"))
                            + ", abi "
                            + m.abi());
            line(text, "  exports", names(m.exports()));
            line(
                    text,
                    "  requests",
                    names(m.capabilities().stream().map(ImportRef::toString).toList()));
        } else {
            line(text, "manifest", "none (audited on its imports alone)");
        }
        line(
                text,
                "features",
                module.features().isEmpty()
                        ? "none beyond WebAssembly 2.0"
                        : module.features().stream()
                                .map(WasmFeature::fileName)
                                .sorted()
                                .collect(Collectors.joining(", ")));
        if (module.memories().isEmpty()) {
            line(text, "memory", "none");
        }
        for (ModuleDescription.Memory m : module.memories()) {
            line(
                    text,
                    "memory",
                    (m.imported() ? "imported, " : "")
                            + m.minPages()
                            + " pages ("
                            + m.minPages() * 64
                            + " KiB) initial, "
                            + (m.maxPages().isPresent()
                                    ? "at most " + m.maxPages().getAsLong() + " pages"
                                    : "no maximum")
                            + (m.shared() ? ", shared" : ""));
        }
        for (ModuleDescription.Table t : module.tables()) {
            line(
                    text,
                    "table",
                    (t.imported() ? "imported, " : "")
                            + t.minElements()
                            + " elements initial, "
                            + (t.maxElements().isPresent()
                                    ? "at most " + t.maxElements().getAsLong()
                                    : "no maximum"));
        }
        line(
                text,
                "exports",
                names(
                        module.exports().stream()
                                .map(
                                        e ->
                                                e.name()
                                                        + (e.kind().equals("function")
                                                                ? ""
                                                                : " (" + e.kind() + ")"))
                                .toList()));
        line(
                text,
                "imports",
                names(
                        module.imports().stream()
                                .map(
                                        i ->
                                                i.module()
                                                        + "/"
                                                        + i.name()
                                                        + (i.kind().equals("function")
                                                                ? ""
                                                                : " (" + i.kind() + ")"))
                                .toList()));
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("%-10s %s%n", label, value));
    }

    /** A module's names, escaped: they may hold terminal control sequences. */
    private static String names(List<String> names) {
        return names.isEmpty()
                ? "none"
                : names.stream().map(InspectCommand::shown).collect(Collectors.joining(" "));
    }

    private static String shown(String name) {
        return GuestText.escape(name, GuestText.MAX_NAME_CHARS);
    }
}
