/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A directory the plugin sees through WASI at {@link #guestPath()}. Its content comes either from a
 * host directory or from in-memory files given here; either way the runtime copies it into an
 * in-memory file system held to {@link #maxBytes()} and {@link #maxFiles()}, so the guest never
 * touches a host path. Read-only unless {@link Builder#readOnly(boolean) readOnly(false)}.
 *
 * <p>Immutable and thread-safe; {@link #files()} returns copies.
 */
public final class PreopenGrant {
    private final String guestPath;
    private final @Nullable Path hostDirectory;
    private final Map<String, byte[]> files;
    private final boolean readOnly;
    private final long maxBytes;
    private final int maxFiles;

    private PreopenGrant(Builder builder) {
        guestPath = builder.guestPath;
        hostDirectory = builder.hostDirectory;
        files = Collections.unmodifiableMap(new LinkedHashMap<>(builder.files));
        readOnly = builder.readOnly;
        maxBytes = builder.maxBytes;
        maxFiles = builder.maxFiles;
    }

    /**
     * Returns a builder for a grant of the host directory {@code hostDirectory} at {@code
     * guestPath}.
     *
     * @throws IllegalArgumentException if the guest path is not absolute and normalized
     */
    public static Builder directory(String guestPath, Path hostDirectory) {
        return new Builder(guestPath, Objects.requireNonNull(hostDirectory, "hostDirectory"));
    }

    /**
     * Returns a builder for a grant of in-memory files at {@code guestPath}; add them with {@link
     * Builder#file}.
     *
     * @throws IllegalArgumentException if the guest path is not absolute and normalized
     */
    public static Builder inMemory(String guestPath) {
        return new Builder(guestPath, null);
    }

    /** Returns the absolute path where the guest sees the directory, such as {@code /data}. */
    public String guestPath() {
        return guestPath;
    }

    /** Returns the host directory whose content is copied in, if this grant has one. */
    public Optional<Path> hostDirectory() {
        return Optional.ofNullable(hostDirectory);
    }

    /**
     * Returns copies of the in-memory files, keyed by their path relative to {@link #guestPath()}
     * in insertion order; empty for a host directory.
     */
    public Map<String, byte[]> files() {
        Map<String, byte[]> copies = new LinkedHashMap<>();
        files.forEach((path, content) -> copies.put(path, content.clone()));
        return Collections.unmodifiableMap(copies);
    }

    /** Returns whether the guest is refused every write. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Returns the most bytes the directory may hold, content copied in included. */
    public long maxBytes() {
        return maxBytes;
    }

    /** Returns the most files the directory may hold, content copied in included. */
    public int maxFiles() {
        return maxFiles;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PreopenGrant)) {
            return false;
        }
        PreopenGrant that = (PreopenGrant) o;
        if (!guestPath.equals(that.guestPath)
                || !Objects.equals(hostDirectory, that.hostDirectory)
                || readOnly != that.readOnly
                || maxBytes != that.maxBytes
                || maxFiles != that.maxFiles
                || !files.keySet().equals(that.files.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            if (!Arrays.equals(file.getValue(), that.files.get(file.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(guestPath, hostDirectory, files.keySet(), readOnly, maxBytes, maxFiles);
    }

    @Override
    public String toString() {
        return guestPath
                + " <- "
                + (hostDirectory == null ? files.size() + " in-memory files" : hostDirectory)
                + (readOnly ? " (read-only, " : " (read-write, ")
                + "max "
                + Units.formatSize(maxBytes)
                + ", "
                + maxFiles
                + " files)";
    }

    /**
     * Builds a {@link PreopenGrant}; defaults are read-only, 1 MiB and 64 files.
     *
     * <p>Not thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private final String guestPath;
        private final @Nullable Path hostDirectory;
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private boolean readOnly = true;
        private long maxBytes = 1L << 20;
        private int maxFiles = 64;

        private Builder(String guestPath, @Nullable Path hostDirectory) {
            this.guestPath = checkGuestPath(guestPath);
            this.hostDirectory = hostDirectory;
        }

        private static String checkGuestPath(String guestPath) {
            Objects.requireNonNull(guestPath, "guestPath");
            if (!guestPath.startsWith("/")
                    || (guestPath.length() > 1 && !isNormalRelative(guestPath.substring(1)))) {
                throw new IllegalArgumentException(
                        "preopen guestPath must be absolute and normalized (like /data), without"
                                + " '.', '..', '//' or a trailing '/', but was '"
                                + guestPath
                                + "'");
            }
            return guestPath;
        }

        private static boolean isNormalRelative(String path) {
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty()
                        || segment.equals(".")
                        || segment.equals("..")
                        || segment.indexOf('\0') >= 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Adds an in-memory file at {@code relativePath} (such as {@code conf/app.json}) with a
         * copy of {@code content}.
         *
         * @throws IllegalStateException if this grant is backed by a host directory
         * @throws IllegalArgumentException if the path is not relative and normalized
         */
        public Builder file(String relativePath, byte[] content) {
            Objects.requireNonNull(relativePath, "relativePath");
            Objects.requireNonNull(content, "content");
            if (hostDirectory != null) {
                throw new IllegalStateException(
                        "preopen "
                                + guestPath
                                + " is backed by a host directory; it takes no files");
            }
            if (!isNormalRelative(relativePath)) {
                throw new IllegalArgumentException(
                        "preopen file path must be relative and normalized (like conf/app.json)"
                                + " but was '"
                                + relativePath
                                + "'");
            }
            files.put(relativePath, content.clone());
            return this;
        }

        /** Sets whether the guest is refused every write; default true. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Sets the most bytes the directory may hold; default 1 MiB.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException(
                        "preopen maxBytes must be at least 0 but was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Sets the most files the directory may hold; default 64.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder maxFiles(int maxFiles) {
            if (maxFiles < 0) {
                throw new IllegalArgumentException(
                        "preopen maxFiles must be at least 0 but was " + maxFiles);
            }
            this.maxFiles = maxFiles;
            return this;
        }

        /**
         * Returns the grant.
         *
         * @throws IllegalArgumentException if the in-memory files exceed {@code maxFiles} or {@code
         *     maxBytes}
         */
        public PreopenGrant build() {
            if (files.size() > maxFiles) {
                throw new IllegalArgumentException(
                        "preopen "
                                + guestPath
                                + " holds "
                                + files.size()
                                + " files but maxFiles is "
                                + maxFiles);
            }
            long bytes = files.values().stream().mapToLong(content -> content.length).sum();
            if (bytes > maxBytes) {
                throw new IllegalArgumentException(
                        "preopen "
                                + guestPath
                                + " holds "
                                + bytes
                                + " bytes but maxBytes is "
                                + maxBytes);
            }
            return new PreopenGrant(this);
        }
    }
}
