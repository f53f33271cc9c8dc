/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/** {@link RecordSink#jsonLines}: one append per record, serialized so lines never interleave. */
final class JsonLinesSink implements RecordSink {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path directory;

    JsonLinesSink(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public synchronized void write(CallRecord record, String json) {
        Path file = directory.resolve(record.plugin() + ".jsonl");
        try {
            if (!Files.isDirectory(directory)) {
                if (POSIX) {
                    Files.createDirectories(
                            directory,
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(directory);
                }
            }
            if (POSIX && !Files.exists(file)) {
                Files.createFile(
                        file,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out =
                    Files.newOutputStream(
                            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append a call record to " + file, e);
        }
    }
}
