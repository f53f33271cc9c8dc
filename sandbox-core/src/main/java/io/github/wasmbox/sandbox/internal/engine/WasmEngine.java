/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.PluginLoadException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The seam between wasmbox and a WebAssembly engine, in the spirit of wasmtime's Engine / Module /
 * Store / Linker split: the engine compiles a module wasmbox has already checked and rewritten
 * ({@link #compile}); the compiled module instantiates it with wasmbox's memory, tables and host
 * functions ({@link CompiledModule#instantiate}); the instance runs exports and classifies every
 * stop as a {@code GuestFault} ({@link GuestInstance#call}). Nothing outside the one adapter
 * package names an engine type. Implementations are thread-safe.
 */
public interface WasmEngine {

    /**
     * Parses, validates and compiles the module {@code module} supplies, or takes the compiled code
     * from {@code cacheDirectory} (then {@code module} is not called).
     *
     * @param cacheKey identifies the module {@code module} supplies: equal keys must mean equal
     *     bytes
     * @throws PluginLoadException if the module is malformed, invalid or cannot be compiled
     */
    CompiledModule compile(
            String pluginName,
            String cacheKey,
            Supplier<byte[]> module,
            @Nullable Path cacheDirectory);

    /**
     * Creates a persistent compile cache directory owner-only, or checks an existing one.
     *
     * @throws IllegalArgumentException if it cannot be created or is writable by others
     */
    void prepareCacheDirectory(Path directory);

    /** The WASI preview 1 functions the engine links (inert unless the policy grants more). */
    Set<String> wasiFunctions();

    /**
     * What to tell the operator when {@code failure}, thrown by {@link #compile}, means a function
     * is too large for the JVM; empty for any other failure.
     */
    Optional<String> functionTooLarge(Throwable failure);
}
