/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A guest's descriptor table: numbers handed out lowest first, as POSIX does, and the open-file
 * quota, which counts what {@code path_open} opened (not the standard streams nor the preopens).
 * Confined to the instance's call thread; {@link #close()} closes every open file.
 */
final class DescriptorTable implements AutoCloseable {
    private final List<@Nullable Descriptor> slots = new ArrayList<>();
    private final int maxOpenFiles;
    private int openFiles;

    DescriptorTable(int maxOpenFiles) {
        this.maxOpenFiles = maxOpenFiles;
    }

    /** The descriptor numbered {@code fd} (an unsigned value), or null if none is. */
    @Nullable Descriptor get(long fd) {
        long number = Integer.toUnsignedLong((int) fd);
        return number < slots.size() ? slots.get((int) number) : null;
    }

    /** The descriptor numbered {@code fd}; EBADF if none is. */
    Descriptor require(long fd) throws Failure {
        Descriptor descriptor = get(fd);
        if (descriptor == null) {
            throw new Failure(Errno.EBADF);
        }
        return descriptor;
    }

    /**
     * The directory descriptor {@code fd}, which must hold {@code right}: else EBADF, ENOTDIR or
     * ENOTCAPABLE.
     */
    Descriptor directory(long fd, long right) throws Failure {
        Descriptor descriptor = require(fd);
        if (descriptor.kind != Descriptor.Kind.DIRECTORY) {
            throw new Failure(Errno.ENOTDIR);
        }
        if (!descriptor.has(right)) {
            throw new Failure(Errno.ENOTCAPABLE);
        }
        return descriptor;
    }

    /** Whether the open-file quota leaves no room for another {@code path_open}. */
    boolean full() {
        return openFiles >= maxOpenFiles;
    }

    /** Adds {@code descriptor} under the lowest free number, which it returns. */
    int add(Descriptor descriptor) {
        int fd = slots.indexOf(null);
        if (fd < 0) {
            fd = slots.size();
            slots.add(descriptor);
        } else {
            slots.set(fd, descriptor);
        }
        if (counted(descriptor)) {
            openFiles++;
        }
        return fd;
    }

    /** Closes {@code fd}; whether it was open. */
    boolean close(long fd) {
        Descriptor descriptor = get(fd);
        if (descriptor == null) {
            return false;
        }
        slots.set((int) fd, null);
        release(descriptor);
        return true;
    }

    /** {@code fd_renumber}: {@code to}, closed first if open, becomes what {@code from} was. */
    boolean renumber(long from, long to) {
        Descriptor moved = get(from);
        Descriptor replaced = get(to);
        if (moved == null || replaced == null) {
            return false;
        }
        if (moved != replaced) {
            release(replaced);
            slots.set((int) to, moved);
            slots.set((int) from, null);
        }
        return true;
    }

    private void release(Descriptor descriptor) {
        if (counted(descriptor)) {
            openFiles--;
        }
        FileChannel channel = descriptor.channel;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // In-memory: closing cannot lose data.
            }
        }
    }

    private static boolean counted(Descriptor descriptor) {
        return descriptor.mount != null && descriptor.preopenName == null;
    }

    @Override
    public void close() {
        for (Descriptor descriptor : slots) {
            if (descriptor != null) {
                release(descriptor);
            }
        }
        slots.clear();
    }
}
