/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.sandbox.record.CallRecord;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the call records that {@code call --record} writes, for {@code replay} and {@code learn}.
 */
final class RecordFiles {
    private RecordFiles() {}

    /**
     * Every record of every file, in order.
     *
     * @throws InputException naming the file that is missing, unreadable or holds no records
     */
    static List<CallRecord> read(List<Path> files) {
        List<CallRecord> records = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new InputException(
                        file + ": no such file; pass the .jsonl files that call --record wrote");
            }
            List<CallRecord> read;
            try {
                read = CallRecord.readAll(file);
            } catch (IllegalArgumentException e) {
                throw new InputException(e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new InputException(
                        file + ": cannot be read: " + e.getCause().getMessage(), e);
            }
            if (read.isEmpty()) {
                throw new InputException(file + ": holds no call records");
            }
            records.addAll(read);
        }
        return records;
    }
}
