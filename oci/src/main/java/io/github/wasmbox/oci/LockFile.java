/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tags this application has resolved, each with the manifest digest it resolved to, in a JSON
 * file meant to be committed next to the application ({@code {"pins": {"host/repo:tag":
 * "sha256:…"}}}). A tag is resolved once; every later pull uses the recorded digest, so a tag moved
 * in the registry changes nothing until {@link OciRegistry#update(String)} records the new digest.
 * Thread-safe within one JVM; the file is replaced atomically, so a reader never sees half of it.
 */
final class LockFile {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Content(Map<String, String> pins) {}

    private final Path file;

    LockFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized Optional<String> digest(String tagReference) {
        return Optional.ofNullable(read().get(tagReference));
    }

    synchronized void record(String tagReference, String digest) {
        Map<String, String> pins = read();
        pins.put(tagReference, digest);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try {
                JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), new Content(pins));
                Files.move(
                        temp,
                        file,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OCI lock file " + file, e);
        }
    }

    private Map<String, String> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OCI lock file " + file, e);
        }
        @Nullable Content content;
        try {
            content = JSON.readValue(bytes, Content.class);
        } catch (JacksonException e) {
            throw new OciException(
                    "the OCI lock file "
                            + file
                            + " is not valid: "
                            + e.getOriginalMessage()
                            + ". Fix it, or delete it to resolve every tag again.",
                    e);
        }
        TreeMap<String, String> pins = new TreeMap<>();
        if (content != null && content.pins() != null) {
            content.pins()
                    .forEach(
                            (tag, digest) -> {
                                if (!Digests.isSha256(digest)) {
                                    throw new OciException(
                                            "the OCI lock file "
                                                    + file
                                                    + " pins '"
                                                    + tag
                                                    + "' to '"
                                                    + digest
                                                    + "', which is not a sha256:<64 hex digits>"
                                                    + " digest");
                                }
                                pins.put(tag, digest);
                            });
        }
        return pins;
    }
}
