/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.sandbox.internal.engine.LinearMemory;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The function table of WASI preview 1: decodes each function's raw arguments and calls its
 * implementation in {@link FileCalls}, {@link PathCalls} or {@link ProcessCalls}. Confined to the
 * instance's call thread.
 */
final class WasiFunctions {
    /** The 46 functions of {@code wasi_snapshot_preview1}. */
    static final Set<String> NAMES =
            Set.of(
                    "args_get",
                    "args_sizes_get",
                    "environ_get",
                    "environ_sizes_get",
                    "clock_res_get",
                    "clock_time_get",
                    "fd_advise",
                    "fd_allocate",
                    "fd_close",
                    "fd_datasync",
                    "fd_fdstat_get",
                    "fd_fdstat_set_flags",
                    "fd_fdstat_set_rights",
                    "fd_filestat_get",
                    "fd_filestat_set_size",
                    "fd_filestat_set_times",
                    "fd_pread",
                    "fd_prestat_get",
                    "fd_prestat_dir_name",
                    "fd_pwrite",
                    "fd_read",
                    "fd_readdir",
                    "fd_renumber",
                    "fd_seek",
                    "fd_sync",
                    "fd_tell",
                    "fd_write",
                    "path_create_directory",
                    "path_filestat_get",
                    "path_filestat_set_times",
                    "path_link",
                    "path_open",
                    "path_readlink",
                    "path_remove_directory",
                    "path_rename",
                    "path_symlink",
                    "path_unlink_file",
                    "poll_oneoff",
                    "proc_exit",
                    "proc_raise",
                    "random_get",
                    "sched_yield",
                    "sock_accept",
                    "sock_recv",
                    "sock_send",
                    "sock_shutdown");

    private final WasiContext context;
    private final FileCalls files;
    private final PathCalls paths;
    private final ProcessCalls process;

    WasiFunctions(WasiContext context, FileCalls files, PathCalls paths, ProcessCalls process) {
        this.context = context;
        this.files = files;
        this.paths = paths;
        this.process = process;
    }

    /** Runs function {@code name}; its errno. */
    int call(String name, @Nullable LinearMemory linear, long[] a) {
        switch (name) {
            case "proc_exit":
                throw ProcessCalls.exit(a[0]);
            case "sched_yield":
                return Errno.SUCCESS;
            case "proc_raise":
                return Errno.ENOSYS;
            default:
                break;
        }
        WasiMemory m = context.enter(name, linear);
        try {
            return dispatch(name, m, a);
        } catch (Failure failure) {
            return failure.errno;
        }
    }

    private int dispatch(String name, WasiMemory m, long[] a) throws Failure {
        switch (name) {
            case "args_get":
                return process.strings(m, false, a[0], a[1]);
            case "args_sizes_get":
                return process.sizes(m, false, a[0], a[1]);
            case "environ_get":
                return process.strings(m, true, a[0], a[1]);
            case "environ_sizes_get":
                return process.sizes(m, true, a[0], a[1]);
            case "clock_res_get":
                return process.clockResGet(m, a[0], a[1]);
            case "clock_time_get":
                return process.clockTimeGet(m, a[0], a[2]);
            case "random_get":
                return process.randomGet(m, a[0], a[1]);
            case "poll_oneoff":
                return process.pollOneoff(m, files, a[0], a[1], a[2], a[3]);
            case "fd_advise":
                return files.advise(a[0], a[1], a[2], a[3]);
            case "fd_allocate":
                return files.allocate(a[0], a[1], a[2]);
            case "fd_close":
                return files.close(a[0]);
            case "fd_datasync":
            case "fd_sync":
                return files.sync(a[0]);
            case "fd_fdstat_get":
                return files.fdstatGet(m, a[0], a[1]);
            case "fd_fdstat_set_flags":
                return files.fdstatSetFlags(a[0], a[1]);
            case "fd_fdstat_set_rights":
                return files.fdstatSetRights(a[0], a[1], a[2]);
            case "fd_filestat_get":
                return files.filestatGet(m, a[0], a[1]);
            case "fd_filestat_set_size":
                return files.filestatSetSize(a[0], a[1]);
            case "fd_filestat_set_times":
                return files.filestatSetTimes(a[0], a[1], a[2], a[3]);
            case "fd_pread":
                return files.read(m, a, true);
            case "fd_read":
                return files.read(m, a, false);
            case "fd_pwrite":
                return files.write(m, a, true);
            case "fd_write":
                return files.write(m, a, false);
            case "fd_prestat_get":
                return files.prestatGet(m, a[0], a[1]);
            case "fd_prestat_dir_name":
                return files.prestatDirName(m, a[0], a[1], a[2]);
            case "fd_readdir":
                return files.readdir(m, a[0], a[1], a[2], a[3], a[4]);
            case "fd_renumber":
                return files.renumber(a[0], a[1]);
            case "fd_seek":
                return files.seek(m, a[0], a[1], a[2], a[3]);
            case "fd_tell":
                return files.tell(m, a[0], a[1]);
            case "path_create_directory":
                return paths.createDirectory(m, a);
            case "path_filestat_get":
                return paths.filestatGetPath(m, a);
            case "path_filestat_set_times":
                return paths.filestatSetTimesPath(m, a);
            case "path_link":
                return paths.link(m, a);
            case "path_open":
                return paths.open(m, a);
            case "path_readlink":
                return paths.readlink(m, a);
            case "path_remove_directory":
                return paths.removeDirectory(m, a);
            case "path_rename":
                return paths.rename(m, a);
            case "path_symlink":
                return paths.symlink(m, a);
            case "path_unlink_file":
                return paths.unlinkFile(m, a);
            case "sock_accept":
            case "sock_recv":
            case "sock_send":
            case "sock_shutdown":
                // No descriptor here is a socket.
                return context.descriptors.get(a[0]) == null ? Errno.EBADF : Errno.ENOTSOCK;
            default:
                throw new IllegalArgumentException("not a WASI preview 1 function: " + name);
        }
    }
}
