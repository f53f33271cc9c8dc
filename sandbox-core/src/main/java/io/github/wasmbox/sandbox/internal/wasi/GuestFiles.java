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
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One instance's files: every preopen is mounted into its own in-memory file system (so a path, a
 * symlink or a rename can never reach the host, nor cross from a read-write grant into a read-only
 * one), plus the bookkeeping the quotas need: which descriptor belongs to which mount, how many
 * files are open, how many bytes were written.
 *
 * <p>The {@code check…} methods return {@link Errno#SUCCESS} or the errno to give the guest;
 * descriptors this class does not know (stdio, bad numbers) pass, and the WASI implementation
 * answers for them. Confined to the instance's call thread; {@link #close()} releases the file
 * systems.
 */
public final class GuestFiles implements AutoCloseable {
    private static final int BLOCK_SIZE = 4096;

    private final List<Mount> mounts;
    private final Map<Integer, Handle> handles = new HashMap<>();
    private final int maxOpenFiles;
    private final long maxBytesWritten;
    private int openFiles;
    private long bytesWritten;

    private GuestFiles(List<Mount> mounts, Limits limits) {
        this.mounts = mounts;
        this.maxOpenFiles = limits.maxOpenFiles();
        this.maxBytesWritten = limits.maxBytesWritten();
    }

    /**
     * Mounts the images into fresh in-memory file systems. Preopens become descriptors 3, 4, … in
     * list order, as the WASI implementation numbers them.
     */
    public static GuestFiles mount(List<PreopenImage> images, Limits limits) {
        List<Mount> mounts = new ArrayList<>(images.size());
        GuestFiles files = new GuestFiles(mounts, limits);
        try {
            int fd = 3;
            for (PreopenImage image : images) {
                Mount mount = Mount.of(image);
                mounts.add(mount);
                files.handles.put(fd++, new Handle(mount, mount.root, true, true));
            }
        } catch (IOException e) {
            files.close();
            throw new UncheckedIOException("cannot mount the preopened directories", e);
        }
        return files;
    }

    /** The guest path and in-memory root of every mount, in descriptor order. */
    public Map<String, Path> roots() {
        Map<String, Path> roots = new LinkedHashMap<>();
        for (Mount mount : mounts) {
            roots.put(mount.image.guestPath(), mount.root);
        }
        return roots;
    }

    /** The bytes the guest wrote to files so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Vets {@code path_open}: the open-file quota, read-only grants (write access, creation,
     * truncation) and, for a file that would be created, its name and the file quota.
     */
    public int checkOpen(int dirFd, String path, boolean create, boolean truncate, boolean write) {
        Handle dir = handles.get(dirFd);
        if (dir == null) {
            return Errno.SUCCESS;
        }
        if (openFiles >= maxOpenFiles) {
            return Errno.EMFILE;
        }
        if (dir.mount.image.readOnly() && (create || truncate || write)) {
            return Errno.EROFS;
        }
        Path target = resolve(dir, path);
        if (target == null) {
            return Errno.EINVAL;
        }
        if (create && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return checkCreate(dir, path);
        }
        return Errno.SUCCESS;
    }

    /** Records a descriptor that {@code path_open} returned. */
    public void opened(int dirFd, String path, int fd) {
        Handle dir = handles.get(dirFd);
        if (dir == null) {
            return;
        }
        Path target = resolve(dir, path);
        forget(fd);
        Path known = target == null ? dir.path : target;
        handles.put(
                fd,
                new Handle(dir.mount, known, target != null && Files.isDirectory(target), false));
        openFiles++;
    }

    /** Records a closed descriptor. */
    public void closed(int fd) {
        forget(fd);
    }

    /** Records {@code fd_renumber}: {@code to} now is what {@code from} was. */
    public void renumbered(int from, int to) {
        if (from == to) {
            return;
        }
        Handle moved = handles.remove(from);
        forget(to);
        if (moved != null) {
            handles.put(to, moved);
        }
    }

    private void forget(int fd) {
        Handle old = handles.remove(fd);
        if (old != null && !old.preopen) {
            openFiles--;
        }
    }

    /**
     * Vets a path call that changes the tree under {@code dirFd} (mkdir, unlink, rmdir, set times);
     * {@code creates} adds the name rules and the file quota.
     */
    public int checkPathMutation(int dirFd, String path, boolean creates) {
        Handle dir = handles.get(dirFd);
        if (dir == null) {
            return Errno.SUCCESS;
        }
        if (dir.mount.image.readOnly()) {
            return Errno.EROFS;
        }
        return creates ? checkCreate(dir, path) : Errno.SUCCESS;
    }

    /**
     * Vets {@code path_rename} and {@code path_link}: both ends writable and in the same mount (a
     * move between file systems would copy past the target's quota), the new name allowed, and for
     * a link the file quota.
     */
    public int checkTwoPaths(int oldFd, int newFd, String newPath, boolean link) {
        Handle from = handles.get(oldFd);
        Handle to = handles.get(newFd);
        if (from == null || to == null) {
            return Errno.SUCCESS;
        }
        if (from.mount != to.mount) {
            return Errno.EXDEV;
        }
        if (to.mount.image.readOnly()) {
            return Errno.EROFS;
        }
        if (link) {
            return checkCreate(to, newPath);
        }
        return GuestNames.creatable(newPath) ? Errno.SUCCESS : Errno.EINVAL;
    }

    /**
     * Vets {@code path_symlink}: besides the rules for creating, the target must be relative and
     * stay inside the mount from the link's own directory.
     */
    public int checkSymlink(String target, int dirFd, String linkPath) {
        Handle dir = handles.get(dirFd);
        if (dir == null) {
            return Errno.SUCCESS;
        }
        if (dir.mount.image.readOnly()) {
            return Errno.EROFS;
        }
        Path link = resolve(dir, linkPath);
        if (link == null) {
            return Errno.EINVAL;
        }
        Path parent = link.getParent();
        int depth = parent == null ? 0 : parent.getNameCount();
        if (!GuestNames.staysInside(target, depth)) {
            return Errno.EPERM;
        }
        return checkCreate(dir, linkPath);
    }

    /** Vets a call that changes an open descriptor's metadata ({@code fd_filestat_set_times}). */
    public int checkFdMutation(int fd) {
        Handle handle = handles.get(fd);
        return handle != null && handle.mount.image.readOnly() ? Errno.EROFS : Errno.SUCCESS;
    }

    /**
     * How many of {@code requested} bytes a write to {@code fd} may store: all of them for a
     * descriptor that is not a file, otherwise bounded by the instance's write quota and the
     * mount's size; a negative errno when nothing may be written.
     */
    public long writeAllowance(int fd, long requested) {
        Handle handle = handles.get(fd);
        if (handle == null || handle.directory) {
            return requested;
        }
        if (handle.mount.image.readOnly()) {
            return -Errno.EROFS;
        }
        long room =
                Math.min(
                        maxBytesWritten - bytesWritten,
                        handle.mount.image.maxBytes() - usage(handle.mount).bytes);
        if (requested > 0 && room <= 0) {
            return -Errno.ENOSPC;
        }
        return Math.min(requested, Math.max(room, 0));
    }

    /**
     * The most entries a directory listing on {@code fd} may visit: the file quota of its mount, 0
     * for a descriptor outside every mount such as stdout.
     */
    public int entriesBound(int fd) {
        Handle handle = handles.get(fd);
        return handle == null ? 0 : handle.mount.image.maxFiles();
    }

    /**
     * The most entries the next walk that measures {@code fd}'s mount (before a write to one of its
     * files, a create or a resize) visits: what the last walk found plus the one entry a create
     * since may have added, never more than the mount's file quota; 0 for a descriptor outside
     * every mount. Every create walks first, so the estimate is never short by more than that one.
     */
    public int walkBound(int fd) {
        Handle handle = handles.get(fd);
        if (handle == null) {
            return 0;
        }
        Mount mount = handle.mount;
        return (int) Math.min(mount.image.maxFiles(), mount.walked + 1L);
    }

    /** Counts bytes a file write stored. */
    public void wrote(int fd, long bytes) {
        if (handles.containsKey(fd) && bytes > 0) {
            bytesWritten += bytes;
        }
    }

    /**
     * Vets {@code fd_filestat_set_size} and {@code fd_allocate}: read-only refuses, growth counts
     * against the quotas as if written.
     */
    public int checkResize(int fd, long newSize) {
        Handle handle = handles.get(fd);
        if (handle == null || handle.directory) {
            return Errno.SUCCESS;
        }
        if (handle.mount.image.readOnly()) {
            return Errno.EROFS;
        }
        long current = 0;
        try {
            current = Files.size(handle.path);
        } catch (IOException | RuntimeException e) {
            // The file was renamed or removed under its descriptor: count all growth.
        }
        long growth = newSize - current;
        if (growth <= 0) {
            return Errno.SUCCESS;
        }
        if (growth > maxBytesWritten - bytesWritten
                || growth > handle.mount.image.maxBytes() - usage(handle.mount).bytes) {
            return Errno.ENOSPC;
        }
        bytesWritten += growth;
        return Errno.SUCCESS;
    }

    private int checkCreate(Handle dir, String path) {
        if (!GuestNames.creatable(path)) {
            return Errno.EINVAL;
        }
        if (usage(dir.mount).entries >= dir.mount.image.maxFiles()) {
            return Errno.ENOSPC;
        }
        return Errno.SUCCESS;
    }

    /** The path a guest names under {@code dir}, or null when it is not a valid path at all. */
    private static @Nullable Path resolve(Handle dir, String path) {
        try {
            return dir.path.resolve(path).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
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

    private record Handle(Mount mount, Path path, boolean directory, boolean preopen) {}

    private static final class Mount {
        final PreopenImage image;
        final FileSystem fileSystem;
        final Path root;

        /**
         * Entries the last walk of this mount found; at first, the image's. Only the owning
         * instance's calls touch it, one at a time.
         */
        int walked;

        private Mount(PreopenImage image, FileSystem fileSystem) {
            this.image = image;
            this.fileSystem = fileSystem;
            this.root = fileSystem.getPath("/");
            this.walked = image.directories().size() + image.files().size();
        }

        static Mount of(PreopenImage image) throws IOException {
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
                                    .build());
            Mount mount = new Mount(image, fs);
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
