/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.spi.Abi;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link HostImports} hands a host call to while a call is recorded or replayed: the tape
 * either runs the call live and keeps its answer, or gives the recorded answer instead. Only calls
 * it {@link #covers} reach it; the rest (the core ABI, whose answers are the call's own input and
 * output, writes to stdout and stderr, and {@code proc_exit}) always run live. Confined to the call
 * thread.
 */
public interface HostCallTape {
    String FD_WRITE = Abi.WASI_MODULE + "/fd_write";
    String PROC_EXIT = Abi.WASI_MODULE + "/proc_exit";

    /** Whether the answer to host call {@code qualifiedName(args)} belongs on the tape. */
    static boolean covers(String qualifiedName, long[] args) {
        if (qualifiedName.startsWith(Abi.CORE_MODULE + "/") || qualifiedName.equals(PROC_EXIT)) {
            return false;
        }
        return !(qualifiedName.equals(FD_WRITE) && (args[0] == 1 || args[0] == 2));
    }

    /**
     * Answers host call {@code qualifiedName}: by running {@code live} (which charges its own fuel)
     * and keeping what it did, or from the record.
     */
    long @Nullable [] call(
            String qualifiedName,
            List<WasmType> params,
            List<WasmType> results,
            long[] args,
            @Nullable LinearMemory memory,
            HostImport live);

    /** The host wrote {@code bytes} at {@code ptr} of guest memory. */
    void written(int ptr, byte[] bytes);

    /** The host function now running used {@code target} of {@code capability}. */
    void granted(String capability, String target);
}
