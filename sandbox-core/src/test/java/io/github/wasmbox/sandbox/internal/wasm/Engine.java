package io.github.wasmbox.sandbox.internal.wasm;

import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;

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

    static GlobalInstance fuel(Instance instance) {
        return instance.exports().global(FuelInstrumenter.FUEL_EXPORT);
    }
}
