/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.wasi.Descriptor.Kind;
import io.github.wasmbox.sandbox.internal.wasi.GuestPaths.Resolved;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * The path functions of WASI preview 1 ({@code path_*}) on the instance's in-memory files, paths
 * resolved by {@link GuestPaths} from a directory descriptor with the right the function needs.
 * Each checks every pointer before it reads or writes through it, applies the policy (read-only
 * grants, the open-file and file quotas, names, links) and charges the host work, and returns an
 * errno, chosen as Linux would where the specification leaves room. Confined to the instance's call
 * thread.
 */
final class PathCalls {
    private static final int O_CREAT = 1;
    private static final int O_DIRECTORY = 2;
    private static final int O_EXCL = 4;
    private static final int O_TRUNC = 8;
    private static final int SYMLINK_FOLLOW = 1;

    private final WasiContext context;

    PathCalls(WasiContext context) {
        this.context = context;
    }

    /**
     * {@code path_open}. The checks run in Linux's order: the open-file quota, then what the path
     * names (a directory opened for writing is EISDIR, also in a read-only grant), then the grant
     * (EROFS), then the rights the directory passes on, then the name and file quota of a create.
     */
    int open(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_OPEN);
        String path = context.path(memory, args[2], args[3]);
        int oflags = (int) args[4] & 0xffff;
        long base = args[5];
        long inheriting = args[6];
        int fdflags = (int) args[7] & 0xffff;
        memory.check(args[8], 4);
        boolean create = (oflags & O_CREAT) != 0;
        boolean truncate = (oflags & O_TRUNC) != 0;
        boolean write = (base & Rights.FD_WRITE) != 0 || (fdflags & Descriptor.APPEND) != 0;
        if ((fdflags & ~Descriptor.ALL_FLAGS) != 0) {
            return Errno.EINVAL;
        }
        if (context.descriptors.full()) {
            return context.refuse(Errno.EMFILE, "path_open", path);
        }
        if (create) {
            context.chargeWalk(dir.mount);
        }
        GuestFiles.Mount mount = dir.mount();
        Resolved target = GuestPaths.resolve(dir.path(), path, (args[1] & SYMLINK_FOLLOW) != 0);
        BasicFileAttributes attributes = target.attributes();
        if (attributes != null) {
            if (create && (oflags & O_EXCL) != 0) {
                return Errno.EEXIST;
            }
            if (attributes.isSymbolicLink()) {
                return Errno.ELOOP;
            }
            if (attributes.isDirectory() && (write || truncate)) {
                return Errno.EISDIR;
            }
            if (!attributes.isDirectory()
                    && ((oflags & O_DIRECTORY) != 0 || target.trailingSlash())) {
                return Errno.ENOTDIR;
            }
            if (mount.image.readOnly() && (write || truncate)) {
                return context.refuse(Errno.EROFS, "path_open", path);
            }
            if (truncate && !dir.has(Rights.PATH_FILESTAT_SET_SIZE)) {
                return Errno.ENOTCAPABLE;
            }
        } else {
            if (!create) {
                return Errno.ENOENT;
            }
            if ((oflags & O_DIRECTORY) != 0) {
                return Errno.EINVAL;
            }
            if (target.trailingSlash() || target.name() == null) {
                return Errno.EISDIR;
            }
            if (!dir.has(Rights.PATH_CREATE_FILE)) {
                return Errno.ENOTCAPABLE;
            }
            int verdict = context.files.checkCreate(mount, path);
            if (verdict != Errno.SUCCESS) {
                return context.refuse(verdict, "path_open", path);
            }
            try {
                Files.createFile(target.target());
            } catch (IOException e) {
                return FileMetadata.errno(e);
            }
            attributes = GuestPaths.attributes(target.target());
            if (attributes == null) {
                return Errno.EIO;
            }
        }
        Path opened = target.target();
        Descriptor descriptor;
        if (attributes.isDirectory()) {
            descriptor =
                    new Descriptor(
                            Kind.DIRECTORY,
                            mount,
                            opened.normalize(),
                            null,
                            FileMetadata.inode(opened),
                            null,
                            base & dir.rightsInheriting & Rights.DIRECTORY,
                            inheriting & dir.rightsInheriting,
                            fdflags);
        } else {
            FileChannel channel;
            try {
                channel =
                        FileChannel.open(opened, StandardOpenOption.READ, StandardOpenOption.WRITE);
                if (truncate) {
                    channel.truncate(0);
                }
            } catch (IOException e) {
                return FileMetadata.errno(e);
            }
            descriptor =
                    new Descriptor(
                            Kind.FILE,
                            mount,
                            opened,
                            channel,
                            FileMetadata.inode(opened),
                            null,
                            base & dir.rightsInheriting & Rights.FILE,
                            inheriting & dir.rightsInheriting,
                            fdflags);
        }
        memory.putI32(args[8], context.descriptors.add(descriptor));
        return Errno.SUCCESS;
    }

    int createDirectory(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_CREATE_DIRECTORY);
        String path = context.path(memory, args[1], args[2]);
        context.chargeWalk(dir.mount);
        Resolved target = GuestPaths.resolve(dir.path(), path, false);
        if (target.name() == null || target.attributes() != null) {
            return Errno.EEXIST;
        }
        int verdict = context.files.checkCreate(dir.mount(), path);
        if (verdict != Errno.SUCCESS) {
            return context.refuse(verdict, "path_create_directory", path);
        }
        try {
            Files.createDirectory(target.target());
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
        return Errno.SUCCESS;
    }

    int removeDirectory(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_REMOVE_DIRECTORY);
        String path = context.path(memory, args[1], args[2]);
        Resolved target = GuestPaths.resolve(dir.path(), path, false);
        if (target.name() == null) {
            return Errno.EINVAL;
        }
        BasicFileAttributes attributes = target.attributes();
        if (attributes == null) {
            return Errno.ENOENT;
        }
        if (!attributes.isDirectory()) {
            return Errno.ENOTDIR;
        }
        if (dir.mount().image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_remove_directory", path);
        }
        return delete(target.target());
    }

    int unlinkFile(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_UNLINK_FILE);
        String path = context.path(memory, args[1], args[2]);
        Resolved target = GuestPaths.resolve(dir.path(), path, false);
        if (target.name() == null) {
            return Errno.EISDIR;
        }
        BasicFileAttributes attributes = target.attributes();
        if (attributes == null) {
            return Errno.ENOENT;
        }
        if (attributes.isDirectory()) {
            return Errno.EISDIR;
        }
        if (target.trailingSlash()) {
            return Errno.ENOTDIR;
        }
        if (dir.mount().image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_unlink_file", path);
        }
        return delete(target.target());
    }

    int filestatGetPath(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_FILESTAT_GET);
        String path = context.path(memory, args[2], args[3]);
        memory.check(args[4], FileMetadata.FILESTAT_BYTES);
        Path target = existing(dir, path, (args[1] & SYMLINK_FOLLOW) != 0);
        ByteBuffer stat = FileMetadata.stat(dir.mount(), target, -1);
        if (stat == null) {
            return Errno.ENOENT;
        }
        memory.put(args[4], stat);
        return Errno.SUCCESS;
    }

    int filestatSetTimesPath(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_FILESTAT_SET_TIMES);
        String path = context.path(memory, args[2], args[3]);
        FileMetadata.checkTimeFlags(args[6]);
        boolean follow = (args[1] & SYMLINK_FOLLOW) != 0;
        Path target = existing(dir, path, follow);
        if (dir.mount().image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_filestat_set_times", path);
        }
        return FileMetadata.setTimes(
                target,
                follow,
                args[4],
                args[5],
                args[6],
                context.clocks.now(GuestClocks.REALTIME));
    }

    int readlink(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = context.descriptors.directory(args[0], Rights.PATH_READLINK);
        String path = context.path(memory, args[1], args[2]);
        long length = Integer.toUnsignedLong((int) args[4]);
        memory.check(args[3], length);
        memory.check(args[5], 4);
        Path target = existing(dir, path, false);
        BasicFileAttributes attributes = GuestPaths.attributes(target);
        if (attributes == null || !attributes.isSymbolicLink()) {
            return Errno.EINVAL;
        }
        byte[] contents;
        try {
            contents = Files.readSymbolicLink(target).toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
        int n = (int) Math.min(length, contents.length);
        memory.put(args[3], n == contents.length ? contents : Arrays.copyOf(contents, n));
        memory.putI32(args[5], n);
        return Errno.SUCCESS;
    }

    /**
     * {@code path_symlink}: besides the rules for creating, the target must be relative and stay
     * inside the grant when resolved lexically from the link's own directory (EPERM otherwise).
     */
    int symlink(WasiMemory memory, long[] args) throws Failure {
        String contents = context.path(memory, args[0], args[1]);
        Descriptor dir = context.descriptors.directory(args[2], Rights.PATH_SYMLINK);
        String path = context.path(memory, args[3], args[4]);
        context.chargeWalk(dir.mount);
        Resolved link = resolveNew(dir, path);
        GuestFiles.Mount mount = dir.mount();
        if (mount.image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_symlink", path);
        }
        int depth = link.parent().getNameCount();
        if (!GuestNames.staysInside(contents, depth)) {
            return context.refuse(Errno.EPERM, "path_symlink", path);
        }
        int verdict = context.files.checkCreate(mount, path);
        if (verdict != Errno.SUCCESS) {
            return context.refuse(verdict, "path_symlink", path);
        }
        try {
            Files.createSymbolicLink(
                    link.target(), link.parent().getFileSystem().getPath(contents));
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
        return Errno.SUCCESS;
    }

    /**
     * {@code path_link}. A hard link to a symlink (what Linux's {@code linkat} without {@code
     * AT_SYMLINK_FOLLOW} makes) is a copy of the symlink here: the in-memory file system links
     * regular files only, and a symlink's contents never change, so only its link count tells.
     */
    int link(WasiMemory memory, long[] args) throws Failure {
        String oldPath = context.path(memory, args[2], args[3]);
        String newPath = context.path(memory, args[5], args[6]);
        Descriptor from = context.descriptors.directory(args[0], Rights.PATH_LINK_SOURCE);
        Descriptor to = context.descriptors.directory(args[4], Rights.PATH_LINK_TARGET);
        context.chargeWalk(to.mount);
        if (from.mount() != to.mount()) {
            return context.refuse(Errno.EXDEV, "path_link", newPath);
        }
        Resolved source = GuestPaths.resolve(from.path(), oldPath, (args[1] & SYMLINK_FOLLOW) != 0);
        BasicFileAttributes attributes = source.attributes();
        if (attributes == null) {
            return Errno.ENOENT;
        }
        if (attributes.isDirectory()) {
            return Errno.EPERM;
        }
        if (source.trailingSlash()) {
            return Errno.ENOTDIR;
        }
        Resolved link = resolveNew(to, newPath);
        if (link.trailingSlash()) {
            return Errno.ENOENT;
        }
        int verdict = context.files.checkCreate(to.mount(), newPath);
        if (verdict != Errno.SUCCESS) {
            return context.refuse(verdict, "path_link", newPath);
        }
        try {
            if (attributes.isSymbolicLink()) {
                Files.createSymbolicLink(link.target(), Files.readSymbolicLink(source.target()));
            } else {
                Files.createLink(link.target(), source.target());
            }
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
        return Errno.SUCCESS;
    }

    /**
     * {@code path_rename}, with POSIX's rules: a directory replaces only an empty directory and
     * never moves into itself, a file never replaces a directory, both ends in one grant (EXDEV
     * otherwise: a move between file systems would copy past the target's quota).
     */
    int rename(WasiMemory memory, long[] args) throws Failure {
        String oldPath = context.path(memory, args[1], args[2]);
        String newPath = context.path(memory, args[4], args[5]);
        Descriptor from = context.descriptors.directory(args[0], Rights.PATH_RENAME_SOURCE);
        Descriptor to = context.descriptors.directory(args[3], Rights.PATH_RENAME_TARGET);
        if (from.mount() != to.mount()) {
            return context.refuse(Errno.EXDEV, "path_rename", newPath);
        }
        if (to.mount().image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_rename", newPath);
        }
        if (!GuestNames.creatable(newPath)) {
            return context.refuse(Errno.EINVAL, "path_rename", newPath);
        }
        Resolved source = GuestPaths.resolve(from.path(), oldPath, false);
        Resolved destination = GuestPaths.resolve(to.path(), newPath, false);
        if (source.name() == null || destination.name() == null) {
            return Errno.EBUSY;
        }
        BasicFileAttributes moving = source.attributes();
        if (moving == null) {
            return Errno.ENOENT;
        }
        BasicFileAttributes replaced = destination.attributes();
        Path src = source.target();
        Path dst = destination.target();
        if (moving.isDirectory()) {
            if (dst.startsWith(src) && !dst.equals(src)) {
                return Errno.EINVAL;
            }
            if (replaced != null && !replaced.isDirectory()) {
                return Errno.ENOTDIR;
            }
        } else {
            if (source.trailingSlash() || destination.trailingSlash()) {
                return Errno.ENOTDIR;
            }
            if (replaced != null && replaced.isDirectory()) {
                return Errno.EISDIR;
            }
        }
        if (src.equals(dst)) {
            return Errno.SUCCESS;
        }
        try {
            Files.move(src, dst, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
        return Errno.SUCCESS;
    }

    // --- helpers ---

    /**
     * What {@code path} names under {@code dir}, which must exist; a final slash wants a directory.
     */
    private static Path existing(Descriptor dir, String path, boolean follow) throws Failure {
        Resolved target = GuestPaths.resolve(dir.path(), path, follow);
        BasicFileAttributes attributes = target.attributes();
        if (attributes == null) {
            throw new Failure(Errno.ENOENT);
        }
        if (target.trailingSlash() && !attributes.isDirectory()) {
            throw new Failure(Errno.ENOTDIR);
        }
        return target.target();
    }

    /**
     * Where a new entry named {@code path} goes: EEXIST if something is there (ENOTDIR if that is
     * not a directory and the path ends in a slash), ENOENT for a final slash on nothing.
     */
    private static Resolved resolveNew(Descriptor dir, String path) throws Failure {
        Resolved target = GuestPaths.resolve(dir.path(), path, false);
        if (target.name() == null) {
            throw new Failure(Errno.EEXIST);
        }
        BasicFileAttributes attributes = target.attributes();
        if (attributes != null) {
            throw new Failure(
                    target.trailingSlash() && !attributes.isDirectory()
                            ? Errno.ENOTDIR
                            : Errno.EEXIST);
        }
        if (target.trailingSlash()) {
            throw new Failure(Errno.ENOENT);
        }
        return target;
    }

    private static int delete(Path path) {
        try {
            Files.delete(path);
            return Errno.SUCCESS;
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
    }
}
