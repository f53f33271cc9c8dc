/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import java.nio.file.Path;

/**
 * Where recorded calls go. Called on the plugin's call thread after the call's result is known and
 * after the record passed the size caps of its {@link Recording}; a sink must be thread-safe, since
 * the calls of a plugin run concurrently, and should be quick, since the call's caller waits for
 * it. An exception it throws is logged and counted, never failing the call.
 */
@FunctionalInterface
public interface RecordSink {

    /**
     * Stores one record.
     *
     * @param record the record
     * @param json the record as one line of JSON, {@link CallRecord#toJson()}, as measured against
     *     the caps
     */
    void write(CallRecord record, String json);

    /**
     * The default sink: appends each record as one line of JSON to {@code
     * <directory>/<plugin>.jsonl}, creating the directory and files as needed (owner-only where the
     * file system has POSIX permissions, since records hold inputs and host answers). Read them
     * back with {@link CallRecord#readAll}.
     */
    static RecordSink jsonLines(Path directory) {
        return new JsonLinesSink(directory);
    }
}
