/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.CappedBuffer;
import io.github.wasmbox.sandbox.internal.wasi.Descriptor.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The descriptor functions of WASI preview 1 ({@code fd_*}) on the standard streams and the
 * instance's in-memory files. Each takes the guest's raw arguments, checks every pointer before it
 * reads or writes through it, applies the policy (read-only grants, quotas, the per-call byte cap)
 * and the descriptor's rights, charges the host work, and returns an errno, chosen as Linux would
 * where the specification leaves room. Confined to the instance's call thread.
 */
final class FileCalls {
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
        Descriptor d = context.descriptors.require(args[0]);
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
            data = readFile(d.channel(), offset, limit);
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
        Descriptor d = context.descriptors.require(args[0]);
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
            allowed = context.files.writeAllowance(d.mount(), allowed);
            if (allowed < 0) {
                return context.refuse((int) -allowed, "fd_write", "fd " + args[0]);
            }
        } else {
            // The call's capture buffers: over their cap, the call fails before anything is copied.
            stream(d).ensureRoom(allowed);
        }
        byte[] data = gather(memory, iovecs, (int) allowed);
        if (d.kind == Kind.FILE) {
            FileChannel channel = d.channel();
            try {
                long at = d.append() ? channel.size() : offset;
                channel.write(ByteBuffer.wrap(data), at);
                if (!positional) {
                    d.position = at + data.length;
                }
            } catch (IOException e) {
                return FileMetadata.errno(e);
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
            throw new Failure(FileMetadata.errno(e));
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
        Descriptor d = context.descriptors.require(fd);
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
                base = FileMetadata.size(d.channel());
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
        Descriptor d = context.descriptors.require(fd);
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
        Descriptor d = context.descriptors.require(fd);
        ByteBuffer stat = WasiMemory.buffer(24);
        stat.put(0, (byte) d.filetype());
        stat.putShort(2, (short) d.flags);
        stat.putLong(8, d.rightsBase);
        stat.putLong(16, d.rightsInheriting);
        memory.put(ptr, stat);
        return Errno.SUCCESS;
    }

    int fdstatSetFlags(long fd, long flags) throws Failure {
        Descriptor d = context.descriptors.require(fd);
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
        Descriptor d = context.descriptors.require(fd);
        if ((base & ~d.rightsBase) != 0 || (inheriting & ~d.rightsInheriting) != 0) {
            return Errno.ENOTCAPABLE;
        }
        d.rightsBase = base;
        d.rightsInheriting = inheriting;
        return Errno.SUCCESS;
    }

    int advise(long fd, long offset, long length, long advice) throws Failure {
        Descriptor d = context.descriptors.require(fd);
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
        context.descriptors.require(fd);
        return Errno.SUCCESS;
    }

    int allocate(long fd, long offset, long length) throws Failure {
        if (offset < 0 || length < 0 || offset + length < 0) {
            return Errno.EINVAL;
        }
        Descriptor d = context.descriptors.require(fd);
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
        long size = FileMetadata.size(d.channel());
        return offset + length > size ? resize(d, size, offset + length, "fd_allocate") : 0;
    }

    int filestatSetSize(long fd, long newSize) throws Failure {
        Descriptor d = context.descriptors.require(fd);
        if (d.kind == Kind.DIRECTORY) {
            return Errno.EISDIR;
        }
        if (d.kind != Kind.FILE) {
            return Errno.EINVAL;
        }
        if (d.mount().image.readOnly()) {
            return context.refuse(Errno.EROFS, "fd_filestat_set_size", "fd " + fd);
        }
        if (!d.has(Rights.FD_FILESTAT_SET_SIZE)) {
            return Errno.ENOTCAPABLE;
        }
        if (newSize < 0) {
            return Errno.EINVAL;
        }
        context.chargeWalk(d.mount);
        return resize(d, FileMetadata.size(d.channel()), newSize, "fd_filestat_set_size");
    }

    private int resize(Descriptor d, long size, long newSize, String call) throws Failure {
        int verdict = context.files.checkResize(d.mount(), size, newSize);
        if (verdict != Errno.SUCCESS) {
            return context.refuse(verdict, call, "fd of " + d.path);
        }
        FileChannel channel = d.channel();
        try {
            if (newSize < size) {
                channel.truncate(newSize);
            } else if (newSize > size) {
                channel.write(ByteBuffer.allocate(1), newSize - 1);
            }
        } catch (IOException e) {
            return FileMetadata.errno(e);
        }
        return Errno.SUCCESS;
    }

    int filestatGet(WasiMemory memory, long fd, long ptr) throws Failure {
        context.charge(WasiCosts.FILE_SYSTEM_CALL);
        Descriptor d = context.descriptors.require(fd);
        memory.check(ptr, FileMetadata.FILESTAT_BYTES);
        ByteBuffer stat;
        if (d.kind == Kind.FILE || d.kind == Kind.DIRECTORY) {
            Path path = d.path;
            stat = path == null ? null : FileMetadata.stat(d.mount(), path, d.inode);
            if (stat == null) {
                // Renamed or unlinked under its descriptor: what the descriptor itself knows.
                stat = WasiMemory.buffer(FileMetadata.FILESTAT_BYTES);
                stat.putLong(0, d.mount().index);
                stat.putLong(8, d.inode);
                stat.put(16, (byte) d.filetype());
                stat.putLong(32, d.channel == null ? 0 : FileMetadata.size(d.channel));
            }
        } else {
            stat = WasiMemory.buffer(FileMetadata.FILESTAT_BYTES);
            stat.put(16, (byte) d.filetype());
        }
        memory.put(ptr, stat);
        return Errno.SUCCESS;
    }

    int filestatSetTimes(long fd, long atim, long mtim, long flags) throws Failure {
        context.charge(WasiCosts.FILE_SYSTEM_CALL);
        Descriptor d = context.descriptors.require(fd);
        if (!d.has(Rights.FD_FILESTAT_SET_TIMES)) {
            return Errno.ENOTCAPABLE;
        }
        FileMetadata.checkTimeFlags(flags);
        if (d.mount == null || d.path == null) {
            return Errno.SUCCESS;
        }
        if (d.mount.image.readOnly()) {
            return context.refuse(Errno.EROFS, "fd_filestat_set_times", "fd " + fd);
        }
        return FileMetadata.setTimes(
                d.path, true, atim, mtim, flags, context.clocks.now(GuestClocks.REALTIME));
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
            return -FileMetadata.errno(e);
        }
    }

    // --- preopens and listings ---

    int prestatGet(WasiMemory memory, long fd, long ptr) throws Failure {
        Descriptor d = context.descriptors.require(fd);
        if (d.preopenName == null) {
            return Errno.EBADF;
        }
        ByteBuffer prestat = WasiMemory.buffer(8);
        prestat.putInt(4, d.preopenName.getBytes(StandardCharsets.UTF_8).length);
        memory.put(ptr, prestat);
        return Errno.SUCCESS;
    }

    int prestatDirName(WasiMemory memory, long fd, long ptr, long length) throws Failure {
        Descriptor d = context.descriptors.require(fd);
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
        Descriptor d = context.descriptors.require(fd);
        if (d.kind != Kind.DIRECTORY) {
            return Errno.ENOTDIR;
        }
        if (!d.has(Rights.FD_READDIR)) {
            return Errno.ENOTCAPABLE;
        }
        GuestFiles.Mount mount = d.mount();
        context.charge(
                WasiCosts.FILE_SYSTEM_CALL
                        + WasiCosts.PER_LISTED_ENTRY * GuestFiles.walkBound(mount)
                        + context.fuelPerByte * length);
        Path dir = d.path();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return FileMetadata.errno(e);
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
            header.putLong(8, FileMetadata.inode(entry));
            header.putInt(16, bytes.length);
            header.put(20, (byte) FileMetadata.filetype(attributes));
            out.writeBytes(header.array());
            out.writeBytes(bytes);
        }
        byte[] listing = out.toByteArray();
        int used = (int) Math.min(listing.length, length);
        memory.put(buf, used == listing.length ? listing : Arrays.copyOf(listing, used));
        memory.putI32(usedPtr, used);
        return Errno.SUCCESS;
    }
}
