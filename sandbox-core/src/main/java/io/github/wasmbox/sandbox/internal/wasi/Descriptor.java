/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a guest's descriptor table: a standard stream, an open regular file or an open
 * directory, with its rights, flags and (for a file) its offset. Confined to the instance's call
 * thread.
 */
final class Descriptor {
    /** What a descriptor refers to. */
    enum Kind {
        STDIN,
        STDOUT,
        STDERR,
        FILE,
        DIRECTORY
    }

    /** WASI {@code fdflags}: append. */
    static final int APPEND = 1;

    /** The flags a descriptor may carry: all of them, each as a no-op but append. */
    static final int ALL_FLAGS = 0x1f;

    final Kind kind;

    /** The mount a file or directory lives in; null for a standard stream. */
    final GuestFiles.@Nullable Mount mount;

    /**
     * Where a file or directory was opened, in its mount. A directory resolves paths from here; a
     * file reads its metadata from here while it is there, else from what it knew at open.
     */
    final @Nullable Path path;

    /** An open file's bytes; null for anything else. */
    final @Nullable FileChannel channel;

    /** The file's inode number at open, for its metadata once it was renamed or unlinked. */
    final long inode;

    /** The guest path a preopen was granted at; null for anything else. */
    final @Nullable String preopenName;

    long rightsBase;
    long rightsInheriting;
    int flags;

    /** The offset of the next {@code fd_read} or {@code fd_write} of a file. */
    long position;

    Descriptor(
            Kind kind,
            GuestFiles.@Nullable Mount mount,
            @Nullable Path path,
            @Nullable FileChannel channel,
            long inode,
            @Nullable String preopenName,
            long rightsBase,
            long rightsInheriting,
            int flags) {
        this.kind = kind;
        this.mount = mount;
        this.path = path;
        this.channel = channel;
        this.inode = inode;
        this.preopenName = preopenName;
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
        this.flags = flags;
    }

    static Descriptor stream(Kind kind, long rights) {
        return new Descriptor(kind, null, null, null, 0, null, rights, 0, 0);
    }

    /** The mount of a file or directory. */
    GuestFiles.Mount mount() {
        return require(mount, "mount");
    }

    /** Where a file or directory was opened. */
    Path path() {
        return require(path, "path");
    }

    /** A file's channel. */
    FileChannel channel() {
        return require(channel, "channel");
    }

    private <T> T require(@Nullable T value, String what) {
        if (value == null) {
            throw new IllegalStateException("a " + kind + " descriptor has no " + what);
        }
        return value;
    }

    boolean has(long right) {
        return (rightsBase & right) == right;
    }

    boolean append() {
        return (flags & APPEND) != 0;
    }

    /** The WASI file type {@code fd_fdstat_get} and {@code fd_filestat_get} report. */
    int filetype() {
        switch (kind) {
            case FILE:
                return Filetype.REGULAR_FILE;
            case DIRECTORY:
                return Filetype.DIRECTORY;
            default:
                return Filetype.CHARACTER_DEVICE;
        }
    }
}
