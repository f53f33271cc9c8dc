/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.engine.CompiledModule;
import io.github.wasmbox.sandbox.internal.engine.WasmEngine;
import io.github.wasmbox.sandbox.internal.wasi.WasiSession;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.MethodTooLargeException;

/**
 * {@link WasmEngine} on Endive: its runtime compiler (never its interpreter, whose loops do not
 * observe interrupts), wasmbox's own WASI preview 1, and wasmbox's own flat memory. Stateless and
 * thread-safe.
 */
public final class EndiveEngine implements WasmEngine {
    /** The prefix of the JVM method the compiler generates for each Wasm function. */
    private static final String FUNCTION_METHOD = "func_";

    private static final Set<String> WASI_FUNCTIONS = WasiSession.FUNCTIONS;

    @Override
    public CompiledModule compile(
            String pluginName,
            String cacheKey,
            Supplier<byte[]> module,
            @Nullable Path cacheDirectory) {
        return EndiveModule.compile(pluginName, cacheKey, module, cacheDirectory);
    }

    @Override
    public void prepareCacheDirectory(Path directory) {
        CompileCache.prepare(directory);
    }

    @Override
    public Set<String> wasiFunctions() {
        return WASI_FUNCTIONS;
    }

    /**
     * Explains the failure in wasmbox's terms rather than the engine's, whose own advice names
     * modes and options that wasmbox deliberately does not offer. Decided from the cause's type and
     * fields, never from message text.
     */
    @Override
    public Optional<String> functionTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MethodTooLargeException) {
                MethodTooLargeException tooLarge = (MethodTooLargeException) t;
                String method = tooLarge.getMethodName();
                String function =
                        method != null && method.startsWith(FUNCTION_METHOD)
                                ? "function " + method.substring(FUNCTION_METHOD.length())
                                : "a function";
                return Optional.of(
                        "has a function too large to run: "
                                + function
                                + " (by index, imports included) compiles to "
                                + tooLarge.getCodeSize()
                                + " bytes of JVM bytecode, over the JVM's limit of 65,535 bytes"
                                + " per method, and wasmbox could not split it (it splits only"
                                + " structured blocks, and only in functions without exception"
                                + " handling or tail calls). Split that function in the plugin's"
                                + " source, or build the plugin so that the compiler inlines less"
                                + " into it (for example opt-level \"s\" rather than 3).");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
