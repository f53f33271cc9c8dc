/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.RecordingTape;
import io.github.wasmbox.sandbox.internal.engine.HostCallTape;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.RecordedLimits;
import io.github.wasmbox.sandbox.record.Recording;
import io.github.wasmbox.sandbox.record.RecordingStats;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one plugin's calls under its {@link Recording}: samples calls as they start, builds each
 * record when the call ends, applies the redaction hook and the caps, and writes to the sink. Lives
 * as long as the runtime, across replaced versions, so the per-plugin cap counts them all.
 * Thread-safe.
 */
final class CallRecorder implements CallTaps {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

    private final String plugin;
    private final Recording recording;
    private final long hostCallFuel;
    private final long hostCallFuelPerByte;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<RecordingStats.DropReason, AtomicLong> dropped =
            new EnumMap<>(RecordingStats.DropReason.class);

    CallRecorder(String plugin, Recording recording, long hostCallFuel, long hostCallFuelPerByte) {
        this.plugin = plugin;
        this.recording = recording;
        this.hostCallFuel = hostCallFuel;
        this.hostCallFuelPerByte = hostCallFuelPerByte;
        for (RecordingStats.DropReason reason : RecordingStats.DropReason.values()) {
            dropped.put(reason, new AtomicLong());
        }
    }

    @Override
    public @Nullable HostCallTape start(CallState state) {
        double rate = recording.sampleRate();
        if (rate < 1 && ThreadLocalRandom.current().nextDouble() >= rate) {
            return null;
        }
        return new RecordingTape(state);
    }

    @Override
    public void finish(HostCallTape tape, Ending ending) {
        if (recording.failedOnly() && ending.outcome() == PluginEvents.Outcome.SUCCESS) {
            return;
        }
        try {
            CallRecord record = recording.redactor().apply(record((RecordingTape) tape, ending));
            String json = record.toJson();
            if (size(json) > recording.maxRecordBytes()) {
                record = record.truncate();
                json = record.toJson();
                if (size(json) > recording.maxRecordBytes()) {
                    drop(RecordingStats.DropReason.RECORD_CAP);
                    return;
                }
                truncated.incrementAndGet();
            }
            long length = size(json);
            long total = bytes.addAndGet(length);
            if (total > recording.maxPluginBytes()) {
                bytes.addAndGet(-length);
                drop(RecordingStats.DropReason.PLUGIN_CAP);
                return;
            }
            recording.sink().write(record, json);
            written.incrementAndGet();
        } catch (RuntimeException e) {
            drop(RecordingStats.DropReason.SINK_FAILED);
            LOG.warn("plugin '{}': a call record could not be written: {}", plugin, e.toString());
        }
    }

    private CallRecord record(RecordingTape tape, Ending ending) {
        PluginVersion version = ending.version();
        return new CallRecord(
                CallRecord.FORMAT,
                plugin,
                ending.context().functionName(),
                version.sha256(),
                version.location(),
                System.currentTimeMillis(),
                ending.input().clone(),
                ending.context().attributes(),
                RecordedLimits.of(version.policy().limits()),
                hostCallFuel,
                hostCallFuelPerByte,
                version.linkedFunctions(),
                tape.answers(),
                ending.outcome().name(),
                ending.message(),
                ending.output(),
                ending.fuel(),
                ending.peakMemoryBytes(),
                ending.durationNanos(),
                false);
    }

    private static long size(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length + 1L;
    }

    private void drop(RecordingStats.DropReason reason) {
        if (dropped.get(reason).getAndIncrement() == 0) {
            LOG.warn(
                    "plugin '{}': a call record was dropped ({}); later drops are only counted",
                    plugin,
                    reason);
        }
    }

    RecordingStats stats() {
        Map<RecordingStats.DropReason, Long> counts =
                new EnumMap<>(RecordingStats.DropReason.class);
        dropped.forEach((reason, count) -> counts.put(reason, count.get()));
        return new RecordingStats(written.get(), truncated.get(), bytes.get(), counts);
    }
}
