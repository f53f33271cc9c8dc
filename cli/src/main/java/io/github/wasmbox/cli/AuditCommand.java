/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginLinkException;
import io.github.wasmbox.sandbox.PluginLoadException;
import io.github.wasmbox.sandbox.PluginSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wasmbox audit FILE --policy POLICY}: the load-time audit of the real runtime, with every
 * built-in capability registered, against the host's policy file. The module is loaded (verified,
 * audited, compiled) exactly as the host would load it; nothing runs.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Loads a plugin under the host's policy file as the host would, and lists every"
                    + " violation (exit 1) and every unused or too broad grant (exit 0 when these"
                    + " are all)."
        })
final class AuditCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Mixin PolicyOption policyOption;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (policyOption.file == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Missing required option: '--policy=POLICY'");
        }
        PluginFile plugin = PluginFile.read(file);
        PluginPolicy policy = policyOption.policy(PluginPolicy.denyAll());
        String name = policyOption.name(plugin.defaultName());
        List<String> violations = List.of();
        @Nullable AuditReport report;
        try (Sandbox sandbox = new Sandbox()) {
            Plugin loaded = sandbox.runtime.load(name, PluginSource.bytes(plugin.bytes), policy);
            report = loaded.auditReport();
        } catch (PluginLinkException e) {
            violations = e.violations();
            report = e.auditReport();
        } catch (PluginLoadException e) {
            // Refused before the audit: a disabled feature, a declared size over the limits, ...
            violations = List.of(e.getMessage());
            report = null;
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(plugin, name, violations, report));
        } else {
            out.print(toText(plugin, name, violations, report));
            out.flush();
        }
        return violations.isEmpty() ? 0 : WasmboxCommand.FAILED;
    }

    private String toText(
            PluginFile plugin, String name, List<String> violations, @Nullable AuditReport report) {
        StringBuilder text = new StringBuilder();
        text.append(plugin.path)
                .append(" (sha256 ")
                .append(plugin.sha256)
                .append(") as plugin '")
                .append(name)
                .append("' under ")
                .append(policyOption.file)
                .append(": ")
                .append(violations.isEmpty() ? "loads" : "refused")
                .append('\n');
        // The report lists its own errors; a violation it cannot know (a non-function import,
        // a signature other than the host's, a refusal before the audit) comes first.
        Set<String> reported = new HashSet<>();
        if (report != null) {
            report.errors().forEach(finding -> reported.add(finding.message()));
        }
        violations.stream()
                .filter(v -> !reported.contains(v))
                .forEach(v -> text.append("error: ").append(v).append('\n'));
        if (report != null) {
            text.append(report.toText());
        }
        return text.toString();
    }

    private JsonNode toJson(
            PluginFile plugin, String name, List<String> violations, @Nullable AuditReport report) {
        ObjectNode root = Json.object();
        root.put("file", plugin.path.toString());
        root.put("sha256", plugin.sha256);
        root.put("plugin", name);
        root.put("policy", String.valueOf(policyOption.file));
        root.put("loads", violations.isEmpty());
        ArrayNode errors = root.putArray("violations");
        violations.forEach(errors::add);
        if (report != null) {
            JsonNode audit = Json.MAPPER.readTree(report.toJson());
            root.set("findings", audit.get("findings"));
            root.set("limits", audit.get("limits"));
        } else {
            root.putArray("findings");
            root.putNull("limits");
        }
        return root;
    }
}
