/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import java.util.function.BiFunction;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;

/** The two Endive execution modes the metering must agree across. */
enum Engine {
    INTERPRETER,
    COMPILER;

    /** Parses (and so validates) {@code module} and instantiates it without imports. */
    Instance instantiate(byte[] module) {
        return instantiate(module, ImportValues.empty());
    }

    /** Parses (and so validates) {@code module} and instantiates it with {@code imports}. */
    Instance instantiate(byte[] module, ImportValues imports) {
        Instance.Builder builder = Instance.builder(Parser.parse(module)).withImportValues(imports);
        if (this == COMPILER) {
            builder.withMachineFactory(MachineFactoryCompiler::compile);
        }
        return builder.build();
    }

    /**
     * Host functions for every function {@code module} imports, each answering through the handler
     * {@code handlers} makes for its import and type.
     */
    static ImportValues imports(
            byte[] module, BiFunction<FunctionImport, FunctionType, WasmFunctionHandle> handlers) {
        WasmModule parsed = Parser.parse(module);
        ImportValues.Builder imports = ImportValues.builder();
        parsed.importSection().stream()
                .filter(i -> i.importType() == ExternalType.FUNCTION)
                .map(FunctionImport.class::cast)
                .forEach(
                        i -> {
                            FunctionType type = parsed.typeSection().getType(i.typeIndex());
                            imports.addFunction(
                                    new HostFunction(
                                            i.module(), i.name(), type, handlers.apply(i, type)));
                        });
        return imports.build();
    }

    static GlobalInstance fuel(Instance instance) {
        return instance.exports().global(FuelInstrumenter.FUEL_EXPORT);
    }
}
