/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

import java.util.List;
import java.util.Objects;

/**
 * A host function ready to be linked: the import name a plugin uses, its Wasm signature and its
 * body. Immutable.
 *
 * @param module the import module, such as {@code wasmbox:kv}
 * @param name the function name within the module, such as {@code get}
 * @param params the Wasm parameter types
 * @param results the Wasm result types
 * @param handler the body
 */
public record HostFunctionDefinition(
        String module,
        String name,
        List<WasmType> params,
        List<WasmType> results,
        HostFunctionHandler handler) {
    public HostFunctionDefinition {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        results = List.copyOf(results);
        Objects.requireNonNull(handler, "handler");
        if (module.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("module and name must not be empty");
        }
        if (module.equals(Abi.CORE_MODULE) || module.startsWith("wasi_")) {
            throw new IllegalArgumentException(
                    "import module '" + module + "' is reserved for the runtime");
        }
    }

    /** {@code module/name}, the form policies grant. */
    public String qualifiedName() {
        return module + "/" + name;
    }
}
