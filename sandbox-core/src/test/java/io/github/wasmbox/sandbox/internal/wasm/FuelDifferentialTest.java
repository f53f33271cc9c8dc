/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Export;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmInterruptedException;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;
import run.endive.wasm.types.Value;

/**
 * An instrumented module behaves exactly like the original, except for fuel: same results, same
 * traps, same memory, under the interpreter and the compiler alike; and it consumes the same fuel
 * under both. (Endive 1.0 executes SIMD only with its separate {@code simd} module, so vector code
 * is checked by validation in {@link FuelInstrumenterTest}.)
 */
class FuelDifferentialTest {
    static final FuelInstrumenter.Options OPTIONS =
            FuelInstrumenter.Options.DEFAULTS.features(
                    EnumSet.of(WasmFeature.SIMD, WasmFeature.TAIL_CALLS));
    private static final long BUDGET = 1L << 50;
    static final int VECTORS = 8;

    private static final long[] I32 = {0, 1, 2, 7, -1, 3, 100, 65_535, Integer.MIN_VALUE, 16};
    private static final long[] I64 = {0, 1, -1, 5, Long.MIN_VALUE, 1L << 32, 63};
    private static final long[] F32 = {
        Float.floatToRawIntBits(0f),
        Float.floatToRawIntBits(1.5f),
        Float.floatToRawIntBits(-2.25f),
        Float.floatToRawIntBits(Float.NaN),
        Float.floatToRawIntBits(3e9f)
    };
    private static final long[] F64 = {
        Double.doubleToRawLongBits(0.0),
        Double.doubleToRawLongBits(1.5),
        Double.doubleToRawLongBits(-2.25),
        Double.doubleToRawLongBits(Double.NaN),
        Double.doubleToRawLongBits(1e10),
        Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(4.7e9)
    };

    /** What a sequence of calls did: one line per call, then the final memory. */
    record Run(List<String> outcomes, List<Long> fuel, byte[] memory) {}

    @ParameterizedTest
    @ValueSource(strings = {"numeric", "control", "memory", "tables", "tailcall", "regions"})
    void instrumentedModulesBehaveLikeTheOriginalAndMeterDeterministically(String fixture) {
        byte[] original = Wasm.fixture(fixture);
        byte[] metered = FuelInstrumenter.instrument(original, OPTIONS);

        Run interpreted = run(original, Engine.INTERPRETER, false);
        Run compiled = run(original, Engine.COMPILER, false);
        Run meteredInterpreted = run(metered, Engine.INTERPRETER, true);
        Run meteredCompiled = run(metered, Engine.COMPILER, true);

        assertThat(meteredInterpreted.outcomes()).isEqualTo(interpreted.outcomes());
        assertThat(meteredInterpreted.memory()).isEqualTo(interpreted.memory());
        assertThat(meteredCompiled.outcomes()).isEqualTo(compiled.outcomes());
        assertThat(meteredCompiled.memory()).isEqualTo(compiled.memory());

        assertThat(meteredInterpreted.fuel()).isEqualTo(meteredCompiled.fuel());
        for (int i = 0; i < meteredCompiled.fuel().size(); i++) {
            // A trap the engine raises itself loses what the trapping function charged since
            // its last store of the counter (FuelInstrumenter's contract), so only successful
            // calls are certain to show fuel.
            long fuel = meteredCompiled.fuel().get(i);
            if (meteredCompiled.outcomes().get(i).contains(" -> ok ")) {
                assertThat(fuel).as(meteredCompiled.outcomes().get(i)).isPositive();
            } else {
                assertThat(fuel).as(meteredCompiled.outcomes().get(i)).isNotNegative();
            }
        }
        assertThat(run(metered, Engine.COMPILER, true).fuel()).isEqualTo(meteredCompiled.fuel());
    }

    /** Calls every exported function with a fixed series of argument vectors. */
    static Run run(byte[] module, Engine engine, boolean metered) {
        Instance instance = engine.instantiate(module);
        List<String> outcomes = new ArrayList<>();
        List<Long> fuel = new ArrayList<>();
        List<Export> exports = ModulePrescan.scan(module, PrescanLimits.DEFAULTS).exports();
        for (Export export : exports) {
            if (export.kind() != ModuleInfo.ExternKind.FUNCTION) {
                continue;
            }
            FunctionType type = instance.exportType(export.name());
            for (int k = 0; k < VECTORS; k++) {
                long[] args = arguments(type.params(), k);
                if (metered) {
                    Engine.fuel(instance).setValue(BUDGET);
                }
                outcomes.add(
                        export.name()
                                + Arrays.toString(args)
                                + " -> "
                                + call(instance, export.name(), args));
                if (metered) {
                    assertThat(Engine.fuel(instance).getValue()).as("fuel left").isPositive();
                    fuel.add(BUDGET - Engine.fuel(instance).getValue());
                }
                if (type.params().isEmpty()) {
                    break;
                }
            }
        }
        byte[] memory = new byte[0];
        if (exports.contains(new Export("memory", ModuleInfo.ExternKind.MEMORY, 0))) {
            Memory m = instance.exports().memory("memory");
            memory = m.readBytes(0, m.pages() * Memory.PAGE_SIZE);
        }
        return new Run(outcomes, fuel, memory);
    }

    /** One call's outcome as a line: its results, or the trap's type and message. */
    static String call(Instance instance, String name, long[] args) {
        try {
            long[] results = instance.export(name).apply(args);
            // The interpreter answers a function without results with null, the compiler with [].
            return "ok " + Arrays.toString(results == null ? new long[0] : results);
        } catch (WasmInterruptedException e) {
            throw e; // the caller's time bound, not the guest's behaviour
        } catch (WasmEngineException e) {
            return "trap " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The {@code k}-th argument vector for {@code params}; references are always null. */
    static long[] arguments(List<ValType> params, int k) {
        long[] args = new long[params.size()];
        for (int j = 0; j < args.length; j++) {
            ValType param = params.get(j);
            if (param.isReference()) {
                args[j] = Value.REF_NULL_VALUE;
                continue;
            }
            long[] pool =
                    switch (param.opcode()) {
                        case ValType.ID.I32 -> I32;
                        case ValType.ID.I64 -> I64;
                        case ValType.ID.F32 -> F32;
                        case ValType.ID.F64 -> F64;
                        default -> throw new IllegalArgumentException(param.toString());
                    };
            args[j] = pool[(k * (j + 1) + j) % pool.length];
        }
        return args;
    }
}
