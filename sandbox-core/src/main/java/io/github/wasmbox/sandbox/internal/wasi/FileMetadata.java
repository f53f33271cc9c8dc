/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Metadata on the in-memory file systems as WASI encodes it: {@code filestat}, file types, inode
 * numbers, times set through {@code fstflags}, and the errno for what the file system throws.
 * Stateless; not instantiable.
 */
final class FileMetadata {
    static final int FILESTAT_BYTES = 64;
    private static final int FST_ATIM = 1;
    private static final int FST_ATIM_NOW = 2;
    private static final int FST_MTIM = 4;
    private static final int FST_MTIM_NOW = 8;

    private FileMetadata() {}

    /** A file's size, or the errno of failing to read it. */
    static long size(FileChannel channel) throws Failure {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new Failure(errno(e));
        }
    }

    /** Validates {@code fstflags}: no unknown bit, never a time and "now" for the same time. */
    static void checkTimeFlags(long flags) throws Failure {
        if ((flags & ~0xfL) != 0
                || (flags & (FST_ATIM | FST_ATIM_NOW)) == (FST_ATIM | FST_ATIM_NOW)
                || (flags & (FST_MTIM | FST_MTIM_NOW)) == (FST_MTIM | FST_MTIM_NOW)) {
            throw new Failure(Errno.EINVAL);
        }
    }

    /** Sets the times {@code flags} names, {@code now} for "now"; an errno. */
    static int setTimes(Path path, boolean follow, long atim, long mtim, long flags, long now) {
        FileTime access =
                (flags & FST_ATIM_NOW) != 0
                        ? nanos(now)
                        : (flags & FST_ATIM) != 0 ? nanos(atim) : null;
        FileTime modified =
                (flags & FST_MTIM_NOW) != 0
                        ? nanos(now)
                        : (flags & FST_MTIM) != 0 ? nanos(mtim) : null;
        LinkOption[] options =
                follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, options)
                    .setTimes(modified, access, null);
        } catch (IOException e) {
            return errno(e);
        }
        return Errno.SUCCESS;
    }

    private static FileTime nanos(long nanos) {
        return FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The {@code filestat} of {@code path} (a symlink itself, not followed), or null if nothing is
     * there or, for {@code inode} other than -1, something other than that inode.
     */
    static @Nullable ByteBuffer stat(GuestFiles.Mount mount, Path path, long inode) {
        BasicFileAttributes attributes = GuestPaths.attributes(path);
        if (attributes == null) {
            return null;
        }
        long ino = inode(path);
        if (inode != -1 && ino != inode) {
            return null;
        }
        ByteBuffer stat = WasiMemory.buffer(FILESTAT_BYTES);
        stat.putLong(0, mount.index);
        stat.putLong(8, ino);
        stat.put(16, (byte) filetype(attributes));
        stat.putLong(24, unixAttribute(path, "nlink"));
        stat.putLong(32, attributes.isRegularFile() ? attributes.size() : 0);
        stat.putLong(40, attributes.lastAccessTime().to(TimeUnit.NANOSECONDS));
        stat.putLong(48, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        Object ctime = attribute(path, "unix:ctime");
        stat.putLong(
                56,
                ctime instanceof FileTime
                        ? ((FileTime) ctime).to(TimeUnit.NANOSECONDS)
                        : attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        return stat;
    }

    static long inode(Path path) {
        return unixAttribute(path, "ino");
    }

    private static long unixAttribute(Path path, String name) {
        Object value = attribute(path, "unix:" + name);
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    private static @Nullable Object attribute(Path path, String name) {
        try {
            return Files.getAttribute(path, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    static int filetype(@Nullable BasicFileAttributes attributes) {
        if (attributes == null) {
            return Filetype.UNKNOWN;
        }
        if (attributes.isDirectory()) {
            return Filetype.DIRECTORY;
        }
        if (attributes.isSymbolicLink()) {
            return Filetype.SYMBOLIC_LINK;
        }
        return attributes.isRegularFile() ? Filetype.REGULAR_FILE : Filetype.UNKNOWN;
    }

    /** The errno for what the in-memory file system threw. */
    static int errno(IOException e) {
        if (e instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (e instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY;
        }
        if (e instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        String message = String.valueOf(e.getMessage());
        // Jimfs's own size bound, behind the quota checks.
        return message.contains("space") ? Errno.ENOSPC : Errno.EIO;
    }
}
