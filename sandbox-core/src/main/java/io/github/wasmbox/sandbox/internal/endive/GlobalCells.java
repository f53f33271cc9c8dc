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
 * it). Beside them, the guest's JVM stack budget: what is left of the bytes its frames may take
 * ({@link #pushFrame}). Public only because the generated classes, in a class loader of their own,
 * read and write the fields; the package is not exported.
 *
 * <p>Confined, like the memory, to the thread running the instance's call.
 */
public abstract class GlobalCells implements FuelMeter.Counter {
    /** The fuel left; negative once exhausted. */
    public long fuel;

    /** The shadow-stack pointer global's value, as Endive keeps an {@code i32}'s: in a long. */
    public long stackPointer;

    /**
     * Bytes of JVM stack the guest's frames may still take in this call; set before each call
     * ({@link #budgetStack}), charged by every generated function on entry and given back on
     * return.
     */
    private long stackBudget;

    GlobalCells() {}

    /** Gives the next call, or the start function, {@code bytes} of stack for its frames. */
    final void budgetStack(long bytes) {
        stackBudget = bytes;
    }

    /**
     * Charges a generated function's frame on entry (the call {@link GeneratedClasses} inserts).
     * Throws, as a real overflow would, once the frames on the stack would pass the budget: the
     * guest's depth is bounded by the same count on every thread and run, compiled or interpreted.
     */
    public final void pushFrame(long bytes) {
        long left = stackBudget - bytes;
        stackBudget = left;
        if (left < 0) {
            throw new GuestStackOverflow();
        }
    }

    /** Gives a frame's bytes back when its function returns (inserted before each return). */
    public final void popFrame(long bytes) {
        stackBudget += bytes;
    }

    /**
     * The guest used up its stack budget. A {@link StackOverflowError}, so that Endive and wasmbox
     * handle it exactly as a real overflow of the thread's stack; without a stack trace, which
     * would cost a walk of a thousand frames.
     */
    static final class GuestStackOverflow extends StackOverflowError {
        private static final long serialVersionUID = 1L;

        GuestStackOverflow() {
            super("the guest's frames passed its stack budget");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

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
