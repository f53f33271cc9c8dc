/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.LearnedPolicy;
import io.github.wasmbox.sandbox.record.PolicyLearner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasmbox learn RECORDS…}: proposes a least-privilege policy from recorded calls and prints
 * it as a policy file.
 */
@Command(
        name = "learn",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Proposes a least-privilege policy from recorded calls (the .jsonl files of call"
                    + " --record) and prints it as a single-policy YAML file: the capability"
                    + " functions, key-value namespaces, HTTP origins and config keys the calls"
                    + " used, and limits at their observed peak plus headroom (fuel +50 %, memory"
                    + " and output x2, timeout x4).",
            "With --policy, the grants of the current policy that no call used are listed on"
                    + " stderr (and its key-value quotas and config values are kept)."
        })
final class LearnCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "RECORDS",
            description = "Record files (.jsonl) of one plugin, as call --record writes them.")
    List<Path> records;

    @Mixin PolicyOption policyOption;

    @Override
    public Integer call() {
        List<CallRecord> calls = RecordFiles.read(records);
        Set<String> plugins = new TreeSet<>();
        calls.forEach(r -> plugins.add(r.plugin()));
        if (policyOption.plugin != null) {
            calls = calls.stream().filter(r -> r.plugin().equals(policyOption.plugin)).toList();
            if (calls.isEmpty()) {
                throw new InputException(
                        "the records hold no call of plugin '"
                                + policyOption.plugin
                                + "'; they hold "
                                + String.join(", ", plugins));
            }
        } else if (plugins.size() > 1) {
            throw new InputException(
                    "the records hold calls of several plugins ("
                            + String.join(", ", plugins)
                            + "); pick one with --plugin");
        }
        PluginPolicy current =
                policyOption.file == null ? null : policyOption.policy(PluginPolicy.denyAll());
        LearnedPolicy learned = PolicyLearner.learn(calls, current);
        PrintWriter out = spec.commandLine().getOut();
        out.print(learned.yaml());
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        for (String unused : learned.unusedGrants()) {
            err.println("unused grant: " + unused);
        }
        err.flush();
        return 0;
    }
}
