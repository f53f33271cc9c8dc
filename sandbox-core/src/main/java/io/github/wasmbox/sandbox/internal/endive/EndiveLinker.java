/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.engine.HostImport;
import io.github.wasmbox.sandbox.internal.engine.HostImports;
import io.github.wasmbox.sandbox.internal.engine.LinearMemory;
import io.github.wasmbox.sandbox.internal.wasi.WasiSession;
import io.github.wasmbox.sandbox.spi.Abi;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.Import;
import run.endive.wasm.types.ValType;

/**
 * Links what one module imports, and only that: the core ABI and the granted capabilities from
 * wasmbox's engine-free {@link HostImports}, and WASI preview 1 from wasmbox's own engine-free
 * {@link WasiSession}, all behind the same host-call guard.
 *
 * <p>The WASI imports reach their implementation through the instance's current {@link
 * WasiSession}, which {@link #renewWasi()} replaces when a PRISTINE instance is reset. One per
 * instance, confined to its call thread; {@link #close()} releases the WASI session.
 */
final class EndiveLinker implements AutoCloseable {
    private final InstanceSpec spec;
    private final CallState state;
    private final HostImports host;
    private final ImportValues imports;
    private @Nullable Instance instance;
    private @Nullable LinearMemory memory;
    private WasiSession wasi;

    /**
     * Links what {@code module} imports and opens the instance's first WASI session.
     *
     * @throws IllegalStateException if an import is neither granted nor provided (the load-time
     *     audit rules that out)
     */
    EndiveLinker(WasmModule module, InstanceSpec spec, CallState state) {
        this.spec = spec;
        this.state = state;
        this.host = new HostImports(spec, state);
        List<HostFunction> linked = new ArrayList<>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imported = section.getImport(i);
            if (imported.importType() != ExternalType.FUNCTION) {
                continue;
            }
            FunctionType type =
                    module.typeSection().getType(((FunctionImport) imported).typeIndex());
            String name = imported.name();
            HostImport function;
            if (imported.module().equals(Abi.WASI_MODULE)) {
                if (!WasiSession.FUNCTIONS.contains(name)) {
                    throw new IllegalStateException("WASI function not provided: " + name);
                }
                function =
                        host.guard(
                                Abi.WASI_MODULE + "/" + name,
                                (linear, args) -> wasi.call(name, linear, args));
            } else {
                function =
                        host.resolve(
                                imported.module(),
                                name,
                                wasmTypes(type.params()),
                                wasmTypes(type.returns()));
            }
            linked.add(new HostFunction(imported.module(), name, type, handle(function)));
        }
        this.imports = ImportValues.builder().withFunctions(new ArrayList<>(linked)).build();
        this.wasi = WasiSession.open(spec, state);
    }

    /** The instance's imports. */
    ImportValues imports() {
        return imports;
    }

    /** How many host functions the guest has called so far. */
    long hostCalls() {
        return host.calls();
    }

    /**
     * Replaces the WASI session with a fresh one if the guest used it ({@link WasiSession#used()}),
     * so the next call sees the descriptors, files, clocks and randomness of a new instance.
     *
     * @throws java.io.UncheckedIOException if the preopened files cannot be mounted again
     */
    void renewWasi() {
        if (wasi.used()) {
            WasiSession used = wasi;
            wasi = WasiSession.open(spec, state);
            used.close();
        }
    }

    @Override
    public void close() {
        wasi.close();
    }

    /** Endive hands every host function its instance; the linker serves exactly one. */
    private WasmFunctionHandle handle(HostImport function) {
        return (called, args) -> {
            if (instance == null) {
                instance = called;
            }
            return function.apply(memory(called), args);
        };
    }

    private @Nullable LinearMemory memory(Instance called) {
        LinearMemory attached = memory;
        if (attached == null) {
            Memory own = called.memory();
            if (own == null) {
                return null;
            }
            attached = new EndiveMemory(own);
            memory = attached;
        }
        return attached;
    }

    /** Whether every type is a number type, the only kind a host function takes or returns. */
    static boolean isNumeric(List<ValType> types) {
        for (ValType type : types) {
            if (!type.isNumeric()) {
                return false;
            }
        }
        return true;
    }

    static List<WasmType> wasmTypes(List<ValType> types) {
        List<WasmType> result = new ArrayList<>(types.size());
        for (ValType type : types) {
            result.add(wasmType(type));
        }
        return result;
    }

    /** A number type, or an exception for a reference type, which no host function takes. */
    private static WasmType wasmType(ValType type) {
        if (type.equals(ValType.I32)) {
            return WasmType.I32;
        }
        if (type.equals(ValType.I64)) {
            return WasmType.I64;
        }
        if (type.equals(ValType.F32)) {
            return WasmType.F32;
        }
        if (type.equals(ValType.F64)) {
            return WasmType.F64;
        }
        throw new IllegalStateException("no host function takes or returns " + type);
    }

    /** An Endive memory as the engine-free side sees it. */
    private static final class EndiveMemory implements LinearMemory {
        private final Memory memory;

        EndiveMemory(Memory memory) {
            this.memory = memory;
        }

        @Override
        public long size() {
            return (long) memory.pages() * Memory.PAGE_SIZE;
        }

        @Override
        public byte[] read(int ptr, int len) {
            return memory.readBytes(ptr, len);
        }

        @Override
        public void write(int ptr, byte[] bytes) {
            memory.write(ptr, bytes);
        }
    }
}
