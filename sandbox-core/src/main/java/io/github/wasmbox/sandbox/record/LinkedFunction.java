/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.List;
import java.util.Objects;

/**
 * A capability host function the recorded module was linked with, called or not: replay links the
 * same, and answers only the calls the record holds.
 *
 * @param function the qualified name, such as {@code wasmbox:kv/get}
 * @param params its Wasm parameter types
 * @param results its Wasm result types
 */
public record LinkedFunction(String function, List<WasmType> params, List<WasmType> results) {
    public LinkedFunction {
        Objects.requireNonNull(function, "function");
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** The import module part, such as {@code wasmbox:kv}. */
    public String module() {
        return function.substring(0, function.lastIndexOf('/'));
    }

    /** The function name part, such as {@code get}. */
    public String name() {
        return function.substring(function.lastIndexOf('/') + 1);
    }
}
