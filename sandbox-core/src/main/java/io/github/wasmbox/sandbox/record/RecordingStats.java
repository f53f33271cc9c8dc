/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import java.util.Map;

/**
 * What one plugin's {@link Recording} has done since the runtime was built. Immutable.
 *
 * @param written records handed to the sink
 * @param truncated of those, records that were over the record cap and kept truncated
 * @param bytes the JSON bytes of the records written
 * @param dropped records not written, by reason
 */
public record RecordingStats(
        long written, long truncated, long bytes, Map<DropReason, Long> dropped) {
    public RecordingStats {
        dropped = Map.copyOf(dropped);
    }

    /** Why a record was not written. */
    public enum DropReason {
        /** Even truncated, it was over {@link Recording#maxRecordBytes()}. */
        RECORD_CAP,
        /** The plugin's records had reached {@link Recording#maxPluginBytes()}. */
        PLUGIN_CAP,
        /** The sink or the redaction hook threw. */
        SINK_FAILED
    }
}
