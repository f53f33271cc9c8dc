/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.wasi.GuestFiles;
import run.endive.runtime.Instance;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasi.WasiPreview1;

/**
 * The WASI state of one instance: Endive's WASI preview 1 (its descriptor table and stdin position,
 * its random source), the in-memory preopened files and the guest's clocks, behind the guarded
 * handles of the WASI functions the module imports.
 *
 * <p>It records whether the guest did anything a later call could observe ({@link #used()}). Only
 * reading the arguments and the environment, and writing to stdout or stderr, leave a session as it
 * was created: stdout and stderr are the call's own buffers, reset for every call. A PRISTINE
 * instance reset between calls keeps an unused session and gets a fresh one otherwise.
 *
 * <p>Confined to the instance's call thread; {@link #close()} releases the descriptors and file
 * systems.
 */
final class WasiSession implements AutoCloseable {
    private final WasiPreview1 wasi;
    private final GuestFiles files;
    private final String[] names;
    private final WasmFunctionHandle[] handles;
    private boolean used;

    /**
     * @param names the imported WASI function names, in the order {@link #call} numbers them
     * @param handles their guarded implementations over {@code wasi} and {@code files}
     */
    WasiSession(WasiPreview1 wasi, GuestFiles files, String[] names, WasmFunctionHandle[] handles) {
        this.wasi = wasi;
        this.files = files;
        this.names = names;
        this.handles = handles;
    }

    /** Runs imported WASI function number {@code index}. */
    long[] call(int index, Instance instance, long[] args) {
        if (!used && !leavesNoTrace(names[index], args)) {
            used = true;
        }
        return handles[index].apply(instance, args);
    }

    /** Whether the guest made a WASI call that can leave state behind in this session. */
    boolean used() {
        return used;
    }

    private static boolean leavesNoTrace(String name, long[] args) {
        switch (name) {
            case "args_get":
            case "args_sizes_get":
            case "environ_get":
            case "environ_sizes_get":
                return true;
            case "fd_write":
                // In an unused session descriptors 1 and 2 are still the call's capture buffers.
                return args[0] == 1 || args[0] == 2;
            default:
                return false;
        }
    }

    @Override
    public void close() {
        try {
            wasi.close();
        } finally {
            files.close();
        }
    }
}
