/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.github.wasmbox.policy.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One instance's files: every preopen is mounted into its own in-memory file system (so a path, a
 * symlink or a rename can never reach the host, nor cross from a read-write grant into a read-only
 * one), plus the quotas that bound them: bytes written by the instance, and each mount's size and
 * entry count.
 *
 * <p>The {@code check…} methods return {@link Errno#SUCCESS} or the errno to give the guest.
 * Confined to the instance's call thread; {@link #close()} releases the file systems.
 */
final class GuestFiles implements AutoCloseable {
    private static final int BLOCK_SIZE = 4096;

    private final List<Mount> mounts;
    private final long maxBytesWritten;
    private long bytesWritten;

    private GuestFiles(List<Mount> mounts, Limits limits) {
        this.mounts = mounts;
        this.maxBytesWritten = limits.maxBytesWritten();
    }

    /**
     * Mounts the images into fresh in-memory file systems, in list order, whose files carry times
     * from the guest's realtime clock, so that file times follow the clock policy too.
     */
    static GuestFiles mount(List<PreopenImage> images, Limits limits, GuestClocks clocks) {
        List<Mount> mounts = new ArrayList<>(images.size());
        GuestFiles files = new GuestFiles(mounts, limits);
        try {
            for (PreopenImage image : images) {
                mounts.add(Mount.of(image, mounts.size(), clocks));
            }
        } catch (IOException e) {
            files.close();
            throw new UncheckedIOException("cannot mount the preopened directories", e);
        }
        return files;
    }

    /** The mounts, in preopen order. */
    List<Mount> mounts() {
        return mounts;
    }

    /** The bytes the guest wrote to files so far. */
    long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Vets creating the entry {@code name} in {@code mount}: a read-only grant refuses, the name
     * must be one a guest may create, and the mount's file quota must have room.
     */
    int checkCreate(Mount mount, String name) {
        if (mount.image.readOnly()) {
            return Errno.EROFS;
        }
        if (!GuestNames.creatable(name)) {
            return Errno.EINVAL;
        }
        if (usage(mount).entries >= mount.image.maxFiles()) {
            return Errno.ENOSPC;
        }
        return Errno.SUCCESS;
    }

    /**
     * How many of {@code requested} bytes a write to a file of {@code mount} may store, bounded by
     * the instance's write quota and the mount's size; a negative errno when nothing may be
     * written.
     */
    long writeAllowance(Mount mount, long requested) {
        if (mount.image.readOnly()) {
            return -Errno.EROFS;
        }
        long room =
                Math.min(
                        maxBytesWritten - bytesWritten,
                        mount.image.maxBytes() - usage(mount).bytes);
        if (requested > 0 && room <= 0) {
            return -Errno.ENOSPC;
        }
        return Math.min(requested, Math.max(room, 0));
    }

    /** Counts bytes a file write stored. */
    void wrote(long bytes) {
        bytesWritten += Math.max(0, bytes);
    }

    /**
     * Vets resizing a file of {@code mount} from {@code current} to {@code newSize} bytes ({@code
     * fd_filestat_set_size}, {@code fd_allocate}): growth counts against the quotas as if written,
     * and is counted when allowed.
     */
    int checkResize(Mount mount, long current, long newSize) {
        if (mount.image.readOnly()) {
            return Errno.EROFS;
        }
        long growth = newSize - current;
        if (growth <= 0) {
            return Errno.SUCCESS;
        }
        if (growth > maxBytesWritten - bytesWritten
                || growth > mount.image.maxBytes() - usage(mount).bytes) {
            return Errno.ENOSPC;
        }
        bytesWritten += growth;
        return Errno.SUCCESS;
    }

    /**
     * The most entries the next walk that measures {@code mount} (before a write to one of its
     * files, a create or a resize) visits: what the last walk found plus the one entry a create
     * since may have added, never more than the mount's file quota. Every create walks first, so
     * the estimate is never short by more than that one.
     */
    static int walkBound(Mount mount) {
        return (int) Math.min(mount.image.maxFiles(), mount.walked + 1L);
    }

    /** Walks the mount; bounded because every create is held to {@code maxFiles}. */
    private static Usage usage(Mount mount) {
        long[] totals = new long[2];
        try (Stream<Path> paths = Files.walk(mount.root)) {
            paths.forEach(
                    path -> {
                        if (path.equals(mount.root)) {
                            return;
                        }
                        totals[1]++;
                        try {
                            BasicFileAttributes attrs =
                                    Files.readAttributes(
                                            path,
                                            BasicFileAttributes.class,
                                            LinkOption.NOFOLLOW_LINKS);
                            if (attrs.isRegularFile()) {
                                totals[0] += attrs.size();
                            }
                        } catch (IOException e) {
                            // Removed while walking: it holds nothing.
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            // An unreadable tree is treated as full so that nothing more is written to it.
            return new Usage(Long.MAX_VALUE / 2, Integer.MAX_VALUE);
        }
        int entries = (int) Math.min(Integer.MAX_VALUE, totals[1]);
        mount.walked = entries;
        return new Usage(totals[0], entries);
    }

    @Override
    public void close() {
        for (Mount mount : mounts) {
            try {
                mount.fileSystem.close();
            } catch (IOException e) {
                // In-memory: nothing to release beyond what the collector takes.
            }
        }
    }

    private record Usage(long bytes, int entries) {}

    /** One preopen's file system. */
    static final class Mount {
        final PreopenImage image;
        final FileSystem fileSystem;
        final Path root;

        /** The preopen's position, which {@code filestat.dev} reports. */
        final int index;

        /**
         * Entries the last walk of this mount found; at first, the image's. Only the owning
         * instance's calls touch it, one at a time.
         */
        int walked;

        private Mount(PreopenImage image, FileSystem fileSystem, int index) {
            this.image = image;
            this.index = index;
            this.fileSystem = fileSystem;
            this.root = fileSystem.getPath("/");
            this.walked = image.directories().size() + image.files().size();
        }

        static Mount of(PreopenImage image, int index, GuestClocks clocks) throws IOException {
            // The file system's own size bound backs up the quota checks: whatever they miss
            // fails as an I/O error instead of growing the heap. Blocks are whole, so it leaves
            // one block of slack per entry.
            long blocks = image.maxBytes() / BLOCK_SIZE + image.maxFiles() + 2;
            FileSystem fs =
                    Jimfs.newFileSystem(
                            Configuration.unix().toBuilder()
                                    .setWorkingDirectory("/")
                                    .setAttributeViews("basic", "owner", "posix", "unix")
                                    .setBlockSize(BLOCK_SIZE)
                                    .setMaxSize(blocks * BLOCK_SIZE)
                                    .setMaxCacheSize(0)
                                    .setFileTimeSource(
                                            () ->
                                                    FileTime.from(
                                                            clocks.now(GuestClocks.REALTIME),
                                                            TimeUnit.NANOSECONDS))
                                    .build());
            Mount mount = new Mount(image, fs, index);
            try {
                for (String directory : image.directories()) {
                    Files.createDirectories(mount.root.resolve(directory));
                }
                for (Map.Entry<String, byte[]> file : image.files().entrySet()) {
                    Path path = mount.root.resolve(file.getKey());
                    @Nullable Path parent = path.getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.write(path, file.getValue());
                }
            } catch (IOException | RuntimeException e) {
                fs.close();
                throw e;
            }
            return mount;
        }
    }
}
