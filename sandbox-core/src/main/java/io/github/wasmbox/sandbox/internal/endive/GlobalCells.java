/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.engine.FuelMeter;
import run.endive.runtime.GlobalInstance;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.ValType;
import run.endive.wasm.types.Value;

/**
 * Where the hottest globals live when {@link GeneratedClasses} moved them out of Endive's globals:
 * fields of memory 0, which every generated function already receives, so that an access costs a
 * field access instead of {@code Instance.global(int)}'s bounds-checked lookup. Two globals move:
 * the fuel counter and the module's shadow-stack pointer (its first mutable {@code i32} global of
 * its own, where LLVM's Wasm targets keep it; most function prologues and epilogues read and write
 * it). Public only because the generated classes, in a class loader of their own, read and write
 * the fields; the package is not exported.
 *
 * <p>Confined, like the memory, to the thread running the instance's call.
 */
public abstract class GlobalCells implements FuelMeter.Counter {
    /** The fuel left; negative once exhausted. */
    public long fuel;

    /** The shadow-stack pointer global's value, as Endive keeps an {@code i32}'s: in a long. */
    public long stackPointer;

    GlobalCells() {}

    @Override
    public long get() {
        return fuel;
    }

    @Override
    public void set(long value) {
        fuel = value;
    }

    /**
     * The stack pointer global as Endive and wasmbox see it ({@code Instance.global(int)}, the
     * PRISTINE snapshot and reset, an export): every read and write goes to {@link #stackPointer},
     * where the generated code reads and writes it.
     */
    static final class StackPointerGlobal extends GlobalInstance {
        private final GlobalCells cells;

        @SuppressWarnings("deprecation") // the constructor Endive's own global factory uses
        StackPointerGlobal(GlobalCells cells, long value, ValType type, MutabilityType mutability) {
            super(value, 0, type, mutability);
            this.cells = cells;
            cells.stackPointer = value;
        }

        @Override
        public long getValue() {
            return cells.stackPointer;
        }

        @Override
        public long getValueLow() {
            return cells.stackPointer;
        }

        @Override
        public void setValue(long value) {
            cells.stackPointer = value;
        }

        @Override
        public void setValueLow(long value) {
            cells.stackPointer = value;
        }

        @Override
        public void setValue(Value value) {
            cells.stackPointer = value.raw();
        }
    }
}
