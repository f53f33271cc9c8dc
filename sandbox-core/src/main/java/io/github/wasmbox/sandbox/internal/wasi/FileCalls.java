/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.CappedBuffer;
import io.github.wasmbox.sandbox.internal.wasi.Descriptor.Kind;
import io.github.wasmbox.sandbox.internal.wasi.GuestPaths.Resolved;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The descriptor and path functions of WASI preview 1 ({@code fd_*}, {@code path_*}) on the
 * instance's in-memory files. Each takes the guest's raw arguments, checks every pointer before it
 * reads or writes through it, applies the policy (read-only grants, quotas, names, links, the
 * per-call byte cap) and the descriptor's rights, charges the host work, and returns an errno,
 * chosen as Linux would where the specification leaves room. Confined to the instance's call
 * thread.
 */
final class FileCalls {
    private static final int O_CREAT = 1;
    private static final int O_DIRECTORY = 2;
    private static final int O_EXCL = 4;
    private static final int O_TRUNC = 8;
    private static final int SYMLINK_FOLLOW = 1;
    private static final int FST_ATIM = 1;
    private static final int FST_ATIM_NOW = 2;
    private static final int FST_MTIM = 4;
    private static final int FST_MTIM_NOW = 8;
    private static final int FILESTAT_BYTES = 64;
    private static final int DIRENT_BYTES = 24;

    private final WasiContext context;
    private final byte[] stdin;
    private int stdinPosition;

    FileCalls(WasiContext context, byte[] stdin) {
        this.context = context;
        this.stdin = stdin;
    }

    // --- reading and writing ---

    /** {@code fd_read} and, {@code positional}, {@code fd_pread}. */
    int read(WasiMemory memory, long[] args, boolean positional) throws Failure {
        int count = iovecCount(memory, args);
        Descriptor d = descriptor(args[0]);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (!d.has(Rights.FD_READ)) {
            return Errno.EBADF;
        }
        long offset = positional ? offset(d, args[3]) : d.position;
        long[] iovecs = iovecs(memory, args[1], count);
        long resultPtr = args[positional ? 4 : 3];
        memory.check(resultPtr, 4);
        int limit = (int) Math.min(total(iovecs), context.state.limits().maxHostResultBytes());
        byte[] data;
        if (d.kind == Kind.STDIN) {
            int n = Math.min(limit, stdin.length - stdinPosition);
            data = new byte[n];
            System.arraycopy(stdin, stdinPosition, data, 0, n);
            stdinPosition += n;
        } else {
            data = readFile(channel(d), offset, limit);
            if (!positional) {
                d.position += data.length;
            }
        }
        scatter(memory, iovecs, data);
        context.charge(context.fuelPerByte * data.length);
        memory.putI32(resultPtr, data.length);
        return Errno.SUCCESS;
    }

    /**
     * {@code fd_write} and, {@code positional}, {@code fd_pwrite}. A file write is shortened to
     * what the per-call cap and the quotas allow (a short write, which POSIX programs retry) or
     * refused when nothing fits; an append descriptor writes at the end, {@code fd_pwrite}
     * included, as on Linux.
     */
    int write(WasiMemory memory, long[] args, boolean positional) throws Failure {
        int count = iovecCount(memory, args);
        Descriptor d = descriptor(args[0]);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (!d.has(Rights.FD_WRITE)) {
            return Errno.EBADF;
        }
        long offset = positional ? offset(d, args[3]) : d.position;
        if (d.kind == Kind.FILE) {
            context.chargeWalk(d.mount);
        }
        long[] iovecs = iovecs(memory, args[1], count);
        long resultPtr = args[positional ? 4 : 3];
        memory.check(resultPtr, 4);
        long allowed = Math.min(total(iovecs), context.state.limits().maxHostResultBytes());
        if (d.kind == Kind.FILE) {
            allowed = context.files.writeAllowance(mount(d), allowed);
            if (allowed < 0) {
                return context.refuse((int) -allowed, "fd_write", "fd " + args[0]);
            }
        } else {
            // The call's capture buffers: over their cap, the call fails before anything is copied.
            stream(d).ensureRoom(allowed);
        }
        byte[] data = gather(memory, iovecs, (int) allowed);
        if (d.kind == Kind.FILE) {
            FileChannel channel = channel(d);
            try {
                long at = d.append() ? channel.size() : offset;
                channel.write(ByteBuffer.wrap(data), at);
                if (!positional) {
                    d.position = at + data.length;
                }
            } catch (IOException e) {
                return errno(e);
            }
            context.files.wrote(data.length);
        } else {
            stream(d).write(data, 0, data.length);
        }
        context.charge(context.fuelPerByte * data.length);
        memory.putI32(resultPtr, data.length);
        return Errno.SUCCESS;
    }

    private CappedBuffer stream(Descriptor d) {
        return d.kind == Kind.STDOUT ? context.state.stdout() : context.state.stderr();
    }

    /**
     * The iovec count of a read or write, its array checked first (outside memory traps); more than
     * {@link WasiCosts#IOV_MAX} fails with EINVAL, as on Linux, before any is read.
     */
    private static int iovecCount(WasiMemory memory, long[] args) throws Failure {
        long count = Integer.toUnsignedLong((int) args[2]);
        memory.check(args[1], count * 8);
        if (count > WasiCosts.IOV_MAX) {
            throw new Failure(Errno.EINVAL);
        }
        return (int) count;
    }

    /** Charges for the iovecs, then reads and checks them all: pointer, length, pointer, …. */
    private long[] iovecs(WasiMemory memory, long ptr, int count) {
        context.charge(WasiCosts.PER_IOVEC * count);
        ByteBuffer raw = memory.view(ptr, count * 8);
        long[] iovecs = new long[count * 2];
        for (int i = 0; i < count; i++) {
            iovecs[2 * i] = Integer.toUnsignedLong(raw.getInt());
            iovecs[2 * i + 1] = Integer.toUnsignedLong(raw.getInt());
            memory.check(iovecs[2 * i], iovecs[2 * i + 1]);
        }
        return iovecs;
    }

    private static long total(long[] iovecs) {
        long total = 0;
        for (int i = 1; i < iovecs.length; i += 2) {
            total += iovecs[i];
        }
        return total;
    }

    private static byte[] gather(WasiMemory memory, long[] iovecs, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(limit);
        for (int i = 0; i < iovecs.length && out.size() < limit; i += 2) {
            int n = (int) Math.min(iovecs[i + 1], limit - out.size());
            out.writeBytes(memory.bytes(iovecs[i], n));
        }
        return out.toByteArray();
    }

    private static void scatter(WasiMemory memory, long[] iovecs, byte[] data) {
        int done = 0;
        for (int i = 0; i < iovecs.length && done < data.length; i += 2) {
            int n = (int) Math.min(iovecs[i + 1], data.length - done);
            byte[] part = new byte[n];
            System.arraycopy(data, done, part, 0, n);
            memory.put(iovecs[i], part);
            done += n;
        }
    }

    private static byte[] readFile(FileChannel channel, long offset, int limit) throws Failure {
        try {
            long available = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit, available));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.position() == buffer.capacity()
                    ? buffer.array()
                    : Arrays.copyOf(buffer.array(), buffer.position());
        } catch (IOException e) {
            throw new Failure(errno(e));
        }
    }

    /** The explicit offset of {@code fd_pread}/{@code fd_pwrite}: a file's, never negative. */
    private static long offset(Descriptor d, long offset) throws Failure {
        if (d.kind != Kind.FILE) {
            throw new Failure(Errno.ESPIPE);
        }
        if (offset < 0) {
            throw new Failure(Errno.EINVAL);
        }
        return offset;
    }

    // --- descriptors ---

    int seek(WasiMemory memory, long fd, long offset, long whence, long resultPtr) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (d.kind != Kind.FILE) {
            return Errno.ESPIPE;
        }
        boolean tell = whence == 1 && offset == 0;
        if (!d.has(Rights.FD_SEEK) && !(tell && d.has(Rights.FD_TELL))) {
            return Errno.ENOTCAPABLE;
        }
        long base;
        switch ((int) whence & 0xff) {
            case 0:
                base = 0;
                break;
            case 1:
                base = d.position;
                break;
            case 2:
                base = size(channel(d));
                break;
            default:
                return Errno.EINVAL;
        }
        memory.check(resultPtr, 8);
        long target = base + offset;
        if (target < 0 || ((base ^ target) & (offset ^ target)) < 0) {
            return Errno.EINVAL;
        }
        d.position = target;
        memory.putI64(resultPtr, target);
        return Errno.SUCCESS;
    }

    int tell(WasiMemory memory, long fd, long resultPtr) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (d.kind != Kind.FILE) {
            return Errno.ESPIPE;
        }
        if (!d.has(Rights.FD_TELL)) {
            return Errno.ENOTCAPABLE;
        }
        memory.putI64(resultPtr, d.position);
        return Errno.SUCCESS;
    }

    int close(long fd) {
        return context.descriptors.close(fd) ? Errno.SUCCESS : Errno.EBADF;
    }

    int renumber(long from, long to) {
        return context.descriptors.renumber(from, to) ? Errno.SUCCESS : Errno.EBADF;
    }

    int fdstatGet(WasiMemory memory, long fd, long ptr) throws Failure {
        Descriptor d = descriptor(fd);
        ByteBuffer stat = WasiMemory.buffer(24);
        stat.put(0, (byte) d.filetype());
        stat.putShort(2, (short) d.flags);
        stat.putLong(8, d.rightsBase);
        stat.putLong(16, d.rightsInheriting);
        memory.put(ptr, stat);
        return Errno.SUCCESS;
    }

    int fdstatSetFlags(long fd, long flags) throws Failure {
        Descriptor d = descriptor(fd);
        if (!d.has(Rights.FD_FDSTAT_SET_FLAGS)) {
            return Errno.ENOTCAPABLE;
        }
        if ((flags & ~(long) Descriptor.ALL_FLAGS & 0xffff) != 0) {
            return Errno.EINVAL;
        }
        d.flags = (int) flags & 0xffff;
        return Errno.SUCCESS;
    }

    /** {@code fd_fdstat_set_rights}: rights only ever narrow; asking for more is ENOTCAPABLE. */
    int fdstatSetRights(long fd, long base, long inheriting) throws Failure {
        Descriptor d = descriptor(fd);
        if ((base & ~d.rightsBase) != 0 || (inheriting & ~d.rightsInheriting) != 0) {
            return Errno.ENOTCAPABLE;
        }
        d.rightsBase = base;
        d.rightsInheriting = inheriting;
        return Errno.SUCCESS;
    }

    int advise(long fd, long offset, long length, long advice) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EBADF;
        }
        if (d.kind != Kind.FILE) {
            return Errno.ESPIPE;
        }
        if ((advice & 0xff) > 5 || offset < 0 || length < 0) {
            return Errno.EINVAL;
        }
        return Errno.SUCCESS;
    }

    /** {@code fd_sync} and {@code fd_datasync}: in memory, every write is already durable. */
    int sync(long fd) throws Failure {
        descriptor(fd);
        return Errno.SUCCESS;
    }

    int allocate(long fd, long offset, long length) throws Failure {
        if (offset < 0 || length < 0 || offset + length < 0) {
            return Errno.EINVAL;
        }
        Descriptor d = descriptor(fd);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (d.kind != Kind.FILE) {
            return Errno.ESPIPE;
        }
        if (!d.has(Rights.FD_ALLOCATE)) {
            return Errno.ENOTCAPABLE;
        }
        context.chargeWalk(d.mount);
        long size = size(channel(d));
        return offset + length > size ? resize(d, size, offset + length, "fd_allocate") : 0;
    }

    int filestatSetSize(long fd, long newSize) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (d.kind != Kind.FILE) {
            return Errno.EINVAL;
        }
        if (mount(d).image.readOnly()) {
            return context.refuse(Errno.EROFS, "fd_filestat_set_size", "fd " + fd);
        }
        if (!d.has(Rights.FD_FILESTAT_SET_SIZE)) {
            return Errno.ENOTCAPABLE;
        }
        if (newSize < 0) {
            return Errno.EINVAL;
        }
        context.chargeWalk(d.mount);
        return resize(d, size(channel(d)), newSize, "fd_filestat_set_size");
    }

    private int resize(Descriptor d, long size, long newSize, String call) throws Failure {
        int verdict = context.files.checkResize(mount(d), size, newSize);
        if (verdict != Errno.SUCCESS) {
            return context.refuse(verdict, call, "fd of " + d.path);
        }
        FileChannel channel = channel(d);
        try {
            if (newSize < size) {
                channel.truncate(newSize);
            } else if (newSize > size) {
                channel.write(ByteBuffer.allocate(1), newSize - 1);
            }
        } catch (IOException e) {
            return errno(e);
        }
        return Errno.SUCCESS;
    }

    int filestatGet(WasiMemory memory, long fd, long ptr) throws Failure {
        context.charge(WasiCosts.FILE_SYSTEM_CALL);
        Descriptor d = descriptor(fd);
        memory.check(ptr, FILESTAT_BYTES);
        ByteBuffer stat;
        if (d.kind == Kind.FILE || d.kind == Kind.DIRECTORY) {
            Path path = d.path;
            stat = path == null ? null : stat(mount(d), path, d.inode);
            if (stat == null) {
                // Renamed or unlinked under its descriptor: what the descriptor itself knows.
                stat = WasiMemory.buffer(FILESTAT_BYTES);
                stat.putLong(0, mount(d).index);
                stat.putLong(8, d.inode);
                stat.put(16, (byte) d.filetype());
                stat.putLong(32, d.channel == null ? 0 : size(d.channel));
            }
        } else {
            stat = WasiMemory.buffer(FILESTAT_BYTES);
            stat.put(16, (byte) d.filetype());
        }
        memory.put(ptr, stat);
        return Errno.SUCCESS;
    }

    int filestatSetTimes(long fd, long atim, long mtim, long flags) throws Failure {
        context.charge(WasiCosts.FILE_SYSTEM_CALL);
        Descriptor d = descriptor(fd);
        if (!d.has(Rights.FD_FILESTAT_SET_TIMES)) {
            return Errno.ENOTCAPABLE;
        }
        checkTimeFlags(flags);
        if (d.mount == null || d.path == null) {
            return Errno.SUCCESS;
        }
        if (d.mount.image.readOnly()) {
            return context.refuse(Errno.EROFS, "fd_filestat_set_times", "fd " + fd);
        }
        return setTimes(d.path, true, atim, mtim, flags);
    }

    /**
     * For {@code poll_oneoff}: the bytes a read of {@code fd} would return now ({@code read}) or 0
     * for a write, as every descriptor is ready at once; a negative errno for a bad descriptor.
     */
    long pollReady(long fd, boolean read) {
        Descriptor d = context.descriptors.get(fd);
        if (d == null || d.kind == Kind.DIRECTORY) {
            return -Errno.EBADF;
        }
        if (!read) {
            return 0;
        }
        if (d.kind == Kind.STDIN) {
            return stdin.length - stdinPosition;
        }
        FileChannel channel = d.channel;
        try {
            return channel == null ? 0 : Math.max(0, channel.size() - d.position);
        } catch (IOException e) {
            return -errno(e);
        }
    }

    // --- preopens and listings ---

    int prestatGet(WasiMemory memory, long fd, long ptr) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.preopenName == null) {
            return Errno.EBADF;
        }
        ByteBuffer prestat = WasiMemory.buffer(8);
        prestat.putInt(4, d.preopenName.getBytes(StandardCharsets.UTF_8).length);
        memory.put(ptr, prestat);
        return Errno.SUCCESS;
    }

    int prestatDirName(WasiMemory memory, long fd, long ptr, long length) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.preopenName == null) {
            return Errno.EBADF;
        }
        byte[] name = d.preopenName.getBytes(StandardCharsets.UTF_8);
        if (Integer.toUnsignedLong((int) length) < name.length) {
            return Errno.ENAMETOOLONG;
        }
        memory.put(ptr, name);
        return Errno.SUCCESS;
    }

    /**
     * {@code fd_readdir}: {@code .}, {@code ..} and the entries sorted by name, so that a cookie
     * (the index of the next entry) stays valid across calls; the last entry that does not fit is
     * cut short, as the specification asks.
     */
    int readdir(WasiMemory memory, long fd, long buf, long len, long cookie, long usedPtr)
            throws Failure {
        long length = Integer.toUnsignedLong((int) len);
        memory.check(buf, length);
        memory.check(usedPtr, 4);
        Descriptor d = descriptor(fd);
        if (d.kind != Kind.DIRECTORY) {
            return Errno.ENOTDIR;
        }
        if (!d.has(Rights.FD_READDIR)) {
            return Errno.ENOTCAPABLE;
        }
        GuestFiles.Mount mount = mount(d);
        context.charge(
                WasiCosts.FILE_SYSTEM_CALL
                        + WasiCosts.PER_LISTED_ENTRY * GuestFiles.walkBound(mount)
                        + context.fuelPerByte * length);
        Path dir = directoryPath(d);
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return errno(e);
        }
        names.sort(null);
        names.add(0, "..");
        names.add(0, ".");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = Math.max(0, cookie); i < names.size() && out.size() < length; i++) {
            String name = names.get((int) i);
            Path entry =
                    name.equals(".")
                            ? dir
                            : name.equals("..")
                                    ? (dir.getParent() == null ? dir : dir.getParent())
                                    : dir.resolve(name);
            BasicFileAttributes attributes = GuestPaths.attributes(entry);
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer header = WasiMemory.buffer(DIRENT_BYTES);
            header.putLong(0, i + 1);
            header.putLong(8, inode(entry));
            header.putInt(16, bytes.length);
            header.put(20, (byte) filetype(attributes));
            out.writeBytes(header.array());
            out.writeBytes(bytes);
        }
        byte[] listing = out.toByteArray();
        int used = (int) Math.min(listing.length, length);
        memory.put(buf, used == listing.length ? listing : Arrays.copyOf(listing, used));
        memory.putI32(usedPtr, used);
        return Errno.SUCCESS;
    }

    // --- paths ---

    /**
     * {@code path_open}. The checks run in Linux's order: the open-file quota, then what the path
     * names (a directory opened for writing is EISDIR, also in a read-only grant), then the grant
     * (EROFS), then the rights the directory passes on, then the name and file quota of a create.
     */
    int open(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_OPEN);
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
        GuestFiles.Mount mount = mount(dir);
        Resolved target =
                GuestPaths.resolve(directoryPath(dir), path, (args[1] & SYMLINK_FOLLOW) != 0);
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
                return errno(e);
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
                            inode(opened),
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
                return errno(e);
            }
            descriptor =
                    new Descriptor(
                            Kind.FILE,
                            mount,
                            opened,
                            channel,
                            inode(opened),
                            null,
                            base & dir.rightsInheriting & Rights.FILE,
                            inheriting & dir.rightsInheriting,
                            fdflags);
        }
        memory.putI32(args[8], context.descriptors.add(descriptor));
        return Errno.SUCCESS;
    }

    int createDirectory(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_CREATE_DIRECTORY);
        String path = context.path(memory, args[1], args[2]);
        context.chargeWalk(dir.mount);
        Resolved target = GuestPaths.resolve(directoryPath(dir), path, false);
        if (target.name() == null || target.attributes() != null) {
            return Errno.EEXIST;
        }
        int verdict = context.files.checkCreate(mount(dir), path);
        if (verdict != Errno.SUCCESS) {
            return context.refuse(verdict, "path_create_directory", path);
        }
        try {
            Files.createDirectory(target.target());
        } catch (IOException e) {
            return errno(e);
        }
        return Errno.SUCCESS;
    }

    int removeDirectory(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_REMOVE_DIRECTORY);
        String path = context.path(memory, args[1], args[2]);
        Resolved target = GuestPaths.resolve(directoryPath(dir), path, false);
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
        if (mount(dir).image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_remove_directory", path);
        }
        return delete(target.target());
    }

    int unlinkFile(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_UNLINK_FILE);
        String path = context.path(memory, args[1], args[2]);
        Resolved target = GuestPaths.resolve(directoryPath(dir), path, false);
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
        if (mount(dir).image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_unlink_file", path);
        }
        return delete(target.target());
    }

    int filestatGetPath(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_FILESTAT_GET);
        String path = context.path(memory, args[2], args[3]);
        memory.check(args[4], FILESTAT_BYTES);
        Path target = existing(dir, path, (args[1] & SYMLINK_FOLLOW) != 0);
        ByteBuffer stat = stat(mount(dir), target, -1);
        if (stat == null) {
            return Errno.ENOENT;
        }
        memory.put(args[4], stat);
        return Errno.SUCCESS;
    }

    int filestatSetTimesPath(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_FILESTAT_SET_TIMES);
        String path = context.path(memory, args[2], args[3]);
        checkTimeFlags(args[6]);
        boolean follow = (args[1] & SYMLINK_FOLLOW) != 0;
        Path target = existing(dir, path, follow);
        if (mount(dir).image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_filestat_set_times", path);
        }
        return setTimes(target, follow, args[4], args[5], args[6]);
    }

    int readlink(WasiMemory memory, long[] args) throws Failure {
        Descriptor dir = directory(args[0], Rights.PATH_READLINK);
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
            return errno(e);
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
        Descriptor dir = directory(args[2], Rights.PATH_SYMLINK);
        String path = context.path(memory, args[3], args[4]);
        context.chargeWalk(dir.mount);
        Resolved link = resolveNew(dir, path);
        GuestFiles.Mount mount = mount(dir);
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
            return errno(e);
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
        Descriptor from = directory(args[0], Rights.PATH_LINK_SOURCE);
        Descriptor to = directory(args[4], Rights.PATH_LINK_TARGET);
        context.chargeWalk(to.mount);
        if (mount(from) != mount(to)) {
            return context.refuse(Errno.EXDEV, "path_link", newPath);
        }
        Resolved source =
                GuestPaths.resolve(directoryPath(from), oldPath, (args[1] & SYMLINK_FOLLOW) != 0);
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
        int verdict = context.files.checkCreate(mount(to), newPath);
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
            return errno(e);
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
        Descriptor from = directory(args[0], Rights.PATH_RENAME_SOURCE);
        Descriptor to = directory(args[3], Rights.PATH_RENAME_TARGET);
        if (mount(from) != mount(to)) {
            return context.refuse(Errno.EXDEV, "path_rename", newPath);
        }
        if (mount(to).image.readOnly()) {
            return context.refuse(Errno.EROFS, "path_rename", newPath);
        }
        if (!GuestNames.creatable(newPath)) {
            return context.refuse(Errno.EINVAL, "path_rename", newPath);
        }
        Resolved source = GuestPaths.resolve(directoryPath(from), oldPath, false);
        Resolved destination = GuestPaths.resolve(directoryPath(to), newPath, false);
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
            return errno(e);
        }
        return Errno.SUCCESS;
    }

    // --- helpers ---

    private Descriptor descriptor(long fd) throws Failure {
        Descriptor d = context.descriptors.get(fd);
        if (d == null) {
            throw new Failure(Errno.EBADF);
        }
        return d;
    }

    /** A directory descriptor with {@code right}: else EBADF, ENOTDIR or ENOTCAPABLE. */
    private Descriptor directory(long fd, long right) throws Failure {
        Descriptor d = descriptor(fd);
        if (d.kind != Kind.DIRECTORY) {
            throw new Failure(Errno.ENOTDIR);
        }
        if (!d.has(right)) {
            throw new Failure(Errno.ENOTCAPABLE);
        }
        return d;
    }

    private static GuestFiles.Mount mount(Descriptor d) {
        GuestFiles.Mount mount = d.mount;
        if (mount == null) {
            throw new IllegalStateException("a standard stream has no mount");
        }
        return mount;
    }

    private static Path directoryPath(Descriptor d) {
        Path path = d.path;
        if (path == null) {
            throw new IllegalStateException("a standard stream has no path");
        }
        return path;
    }

    private static FileChannel channel(Descriptor d) {
        FileChannel channel = d.channel;
        if (channel == null) {
            throw new IllegalStateException("not a file: " + d.kind);
        }
        return channel;
    }

    private static long size(FileChannel channel) throws Failure {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new Failure(errno(e));
        }
    }

    /**
     * What {@code path} names under {@code dir}, which must exist; a final slash wants a directory.
     */
    private static Path existing(Descriptor dir, String path, boolean follow) throws Failure {
        Resolved target = GuestPaths.resolve(directoryPath(dir), path, follow);
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
        Resolved target = GuestPaths.resolve(directoryPath(dir), path, false);
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
            return errno(e);
        }
    }

    private static void checkTimeFlags(long flags) throws Failure {
        if ((flags & ~0xfL) != 0
                || (flags & (FST_ATIM | FST_ATIM_NOW)) == (FST_ATIM | FST_ATIM_NOW)
                || (flags & (FST_MTIM | FST_MTIM_NOW)) == (FST_MTIM | FST_MTIM_NOW)) {
            throw new Failure(Errno.EINVAL);
        }
    }

    /** Sets the times {@code flags} names; "now" is the guest's realtime clock. */
    private int setTimes(Path path, boolean follow, long atim, long mtim, long flags) {
        long now = context.clocks.now(GuestClocks.REALTIME);
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
    private static @Nullable ByteBuffer stat(GuestFiles.Mount mount, Path path, long inode) {
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

    private static long inode(Path path) {
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

    private static int filetype(@Nullable BasicFileAttributes attributes) {
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
