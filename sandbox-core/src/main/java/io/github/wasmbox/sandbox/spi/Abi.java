/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

import static io.github.wasmbox.sandbox.spi.WasmType.I32;

import java.util.List;
import java.util.Optional;

/**
 * Guest ABI version 1, the one definition of its names: the import modules a plugin may use, the
 * functions of the core module, and (in {@link ErrorCode}) the error codes host functions return.
 * The runtime links from these, and tests check {@code docs/abi.md}, the host-functions module and
 * the Rust and C plugin kits against them. Capability functions ({@code wasmbox:*}) are defined by
 * their {@link HostFunctionProvider}s.
 */
public final class Abi {
    /** The ABI version this runtime implements. */
    public static final int VERSION = 1;

    /** The core import module: a call's input, output and pending host results. */
    public static final String CORE_MODULE = "wasmbox";

    /** The WASI preview 1 import module. */
    public static final String WASI_MODULE = "wasi_snapshot_preview1";

    /** The prefix of every capability module ({@code wasmbox:kv}, {@code wasmbox:http}, ...). */
    public static final String CAPABILITY_PREFIX = "wasmbox:";

    private Abi() {}

    /** The functions of {@link #CORE_MODULE}, with their Wasm signatures. */
    public enum CoreFunction {
        /** {@code () -> i32}: the length in bytes of the call's input. */
        INPUT_LENGTH("input_length", List.of(), List.of(I32)),
        /** {@code (dst) -> ()}: copies the whole input to {@code dst}. */
        INPUT_READ("input_read", List.of(I32), List.of()),
        /** {@code (src, len) -> ()}: sets the call's output. */
        OUTPUT_WRITE("output_write", List.of(I32, I32), List.of()),
        /** {@code (src, len) -> ()}: sets the failure message. */
        ERROR_WRITE("error_write", List.of(I32, I32), List.of()),
        /** {@code () -> i32}: the length of the last host function's pending result. */
        RESULT_LENGTH("result_length", List.of(), List.of(I32)),
        /** {@code (dst) -> ()}: copies the pending result to {@code dst} and clears it. */
        RESULT_READ("result_read", List.of(I32), List.of());

        private final String importName;
        private final List<WasmType> params;
        private final List<WasmType> results;

        CoreFunction(String importName, List<WasmType> params, List<WasmType> results) {
            this.importName = importName;
            this.params = params;
            this.results = results;
        }

        /** The name a plugin imports it by. */
        public String importName() {
            return importName;
        }

        public List<WasmType> params() {
            return params;
        }

        public List<WasmType> results() {
            return results;
        }

        /** The core function a plugin imports as {@code name}, if there is one. */
        public static Optional<CoreFunction> byImportName(String name) {
            for (CoreFunction function : values()) {
                if (function.importName.equals(name)) {
                    return Optional.of(function);
                }
            }
            return Optional.empty();
        }
    }
}
