/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.internal.CallFailures;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.ReplayingTape;
import io.github.wasmbox.sandbox.internal.engine.HostCallTape;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.LinkedFunction;
import io.github.wasmbox.sandbox.record.ReplayResult;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replays one {@link CallRecord} ({@link PluginRuntime#replay}): loads the module in a runtime of
 * its own, with the record's limits and host-call fuel prices, a grant for every capability
 * function the record answers and nothing live behind them, runs the recorded call once with a
 * {@link ReplayingTape} and compares. Used by one replay on one thread, apart from the plugin
 * thread that serves the call.
 */
final class Replayer implements CallTaps {
    private static final String NOT_LOADED = "(not loaded)";

    private final CallRecord record;
    private volatile @Nullable ReplayingTape tape;
    private volatile @Nullable Ending ending;

    private Replayer(CallRecord record) {
        this.record = record;
    }

    static ReplayResult replay(CallRecord record, PluginSource module) {
        if (record.truncated()) {
            throw new IllegalArgumentException(
                    "the record of plugin '"
                            + record.plugin()
                            + "' function '"
                            + record.function()
                            + "' was truncated (over its size cap), so it holds no input or"
                            + " answers to replay; raise Recording.maxRecordBytes to keep such"
                            + " calls whole");
        }
        Replayer replayer = new Replayer(record);
        PluginRuntime.Builder builder =
                PluginRuntime.builder()
                        .hostCallFuel(record.hostCallFuel(), record.hostCallFuelPerByte());
        PluginPolicy.Builder policy = PluginPolicy.builder().limits(record.limits().toLimits());
        for (LinkedFunction linked : record.linked()) {
            builder.hostFunctions.add(
                    new HostFunctionDefinition(
                            linked.module(),
                            linked.name(),
                            linked.params(),
                            linked.results(),
                            (call, args) -> {
                                throw new IllegalStateException(
                                        "a replay has no live "
                                                + linked.function()
                                                + " for host calls made while the instance"
                                                + " starts");
                            }));
            policy.allowHostFunction(linked.module(), linked.name());
        }
        try (DefaultPluginRuntime runtime =
                new DefaultPluginRuntime(builder, Map.of(record.plugin(), replayer))) {
            Plugin plugin;
            try {
                plugin = runtime.load(record.plugin(), module, policy.build());
            } catch (PluginLinkException e) {
                return ReplayResult.compare(
                        record,
                        NOT_LOADED,
                        "LINK",
                        e.getMessage(),
                        new byte[0],
                        0,
                        0,
                        "the module imports what the record cannot answer: " + e.getMessage(),
                        0);
            }
            return replayer.run(plugin);
        }
    }

    private ReplayResult run(Plugin plugin) {
        if (!plugin.functions().contains(record.function())) {
            return ReplayResult.compare(
                    record,
                    plugin.sha256(),
                    "NO_FUNCTION",
                    "the module exports no function '" + record.function() + "'",
                    new byte[0],
                    0,
                    0,
                    null,
                    0);
        }
        String outcome = PluginEvents.Outcome.SUCCESS.name();
        String message = null;
        try {
            plugin.invoke(record.function(), record.input(), record.attributes());
        } catch (PluginException e) {
            outcome = CallFailures.outcome(e).name();
            message = e.getMessage();
        }
        Ending end = ending;
        ReplayingTape used = tape;
        return ReplayResult.compare(
                record,
                plugin.sha256(),
                outcome,
                message,
                end == null ? new byte[0] : end.output(),
                end == null ? 0 : end.fuel(),
                end == null ? 0 : end.peakMemoryBytes(),
                used == null ? null : used.unanswered(),
                used == null ? 0 : used.used());
    }

    @Override
    public @Nullable HostCallTape start(CallState state) {
        if (tape != null) {
            return null;
        }
        ReplayingTape started = new ReplayingTape(state, record.answers());
        tape = started;
        return started;
    }

    @Override
    public void finish(HostCallTape finished, Ending end) {
        ending = end;
    }
}
