/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.engine.GuestInstance;
import org.jspecify.annotations.Nullable;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.TableInstance;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.Element;
import run.endive.wasm.types.MemorySection;
import run.endive.wasm.types.MutabilityType;

/**
 * Everything a guest can observe of a Endive instance's own state, copied: every linear memory
 * (bytes, size, dropped data segments), every mutable global, every table slot and which element
 * segments are dropped. {@link #restore} puts an instance of the same module back into exactly that
 * state, which is how a PRISTINE instance is made indistinguishable from a fresh one without
 * instantiating again.
 *
 * <p>{@link #capture} refuses (returns null) any instance whose state this class cannot copy
 * exactly: one that imports memories, tables or globals (state it does not own), one with a memory
 * that is not a {@link FlatMemory} (shared memories), and one whose module declares exception tags
 * or GC struct and array types (Endive keeps their per-instance references in private stores).
 *
 * <p>Immutable once captured, so one image serves instances on any number of threads; {@link
 * #restore} itself must run on the thread that owns the target instance, between calls.
 */
final class InstanceImage implements GuestInstance.Snapshot {
    private final FlatMemory.Image[] memories;
    private final int[] globalIndexes;
    private final long[] globalLow;
    private final long[] globalHigh;
    private final boolean[] globalOwned;
    private final int[][] tableRefs;
    private final boolean[][] tableOwned;
    private final Element[] elements;

    private InstanceImage(
            FlatMemory.Image[] memories,
            int[] globalIndexes,
            long[] globalLow,
            long[] globalHigh,
            boolean[] globalOwned,
            int[][] tableRefs,
            boolean[][] tableOwned,
            Element[] elements) {
        this.memories = memories;
        this.globalIndexes = globalIndexes;
        this.globalLow = globalLow;
        this.globalHigh = globalHigh;
        this.globalOwned = globalOwned;
        this.tableRefs = tableRefs;
        this.tableOwned = tableOwned;
        this.elements = elements;
    }

    /**
     * Copies {@code instance}'s state, or returns null when it cannot be copied exactly (see the
     * class comment). Call it between calls, on the thread that owns the instance.
     */
    static @Nullable InstanceImage capture(Instance instance) {
        WasmModule module = instance.module();
        ImportValues imports = instance.imports();
        if (imports.memoryCount() > 0
                || imports.tableCount() > 0
                || imports.globalCount() > 0
                || module.tagSection().isPresent()
                || declaresGcTypes(module)) {
            return null;
        }
        int memoryCount = module.memorySection().map(MemorySection::memoryCount).orElse(0);
        FlatMemory.Image[] memories = new FlatMemory.Image[memoryCount];
        for (int i = 0; i < memoryCount; i++) {
            Memory memory = instance.memory(i);
            if (!(memory instanceof FlatMemory)) {
                return null;
            }
            memories[i] = ((FlatMemory) memory).image();
        }

        int mutable = 0;
        for (int i = 0; i < instance.globalCount(); i++) {
            if (instance.global(i).getMutabilityType() == MutabilityType.Var) {
                mutable++;
            }
        }
        int[] globalIndexes = new int[mutable];
        long[] globalLow = new long[mutable];
        long[] globalHigh = new long[mutable];
        boolean[] globalOwned = new boolean[mutable];
        int g = 0;
        for (int i = 0; i < instance.globalCount(); i++) {
            GlobalInstance global = instance.global(i);
            if (global.getMutabilityType() != MutabilityType.Var) {
                continue;
            }
            Instance owner = global.getInstance();
            if (owner != null && owner != instance) {
                return null;
            }
            globalIndexes[g] = i;
            globalLow[g] = global.getValueLow();
            globalHigh[g] = global.getValueHigh();
            globalOwned[g] = owner != null;
            g++;
        }

        int tableCount = instance.tableCount();
        int[][] tableRefs = new int[tableCount][];
        boolean[][] tableOwned = new boolean[tableCount][];
        for (int t = 0; t < tableCount; t++) {
            TableInstance table = instance.table(t);
            int size = table.size();
            tableRefs[t] = new int[size];
            tableOwned[t] = new boolean[size];
            for (int slot = 0; slot < size; slot++) {
                Instance owner = table.instance(slot);
                if (owner != null && owner != instance) {
                    return null;
                }
                tableRefs[t][slot] = table.ref(slot);
                tableOwned[t][slot] = owner != null;
            }
        }

        Element[] elements = new Element[instance.elementCount()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = instance.element(i);
        }
        return new InstanceImage(
                memories,
                globalIndexes,
                globalLow,
                globalHigh,
                globalOwned,
                tableRefs,
                tableOwned,
                elements);
    }

    /**
     * Puts {@code instance}, an instance of the module this image was captured from, back into the
     * captured state. Returns false, changing nothing, when that cannot be done exactly: a table
     * grew (Endive's tables cannot shrink), or the instance is not shaped like the image. Call it
     * between calls, on the thread that owns the instance.
     */
    boolean restore(Instance instance) {
        if (instance.tableCount() != tableRefs.length
                || instance.elementCount() != elements.length
                || instance.globalCount() <= lastGlobalIndex()) {
            return false;
        }
        for (int t = 0; t < tableRefs.length; t++) {
            if (instance.table(t).size() != tableRefs[t].length) {
                return false;
            }
        }
        for (int i = 0; i < memories.length; i++) {
            if (!(instance.memory(i) instanceof FlatMemory)) {
                return false;
            }
        }

        for (int i = 0; i < memories.length; i++) {
            ((FlatMemory) instance.memory(i)).restore(memories[i]);
        }
        for (int g = 0; g < globalIndexes.length; g++) {
            GlobalInstance global = instance.global(globalIndexes[g]);
            global.setValueLow(globalLow[g]);
            global.setValueHigh(globalHigh[g]);
            global.setInstance(globalOwned[g] ? instance : null);
        }
        for (int t = 0; t < tableRefs.length; t++) {
            TableInstance table = instance.table(t);
            int[] refs = tableRefs[t];
            boolean[] owned = tableOwned[t];
            for (int slot = 0; slot < refs.length; slot++) {
                table.setRef(slot, refs[slot], owned[slot] ? instance : null);
            }
        }
        for (int i = 0; i < elements.length; i++) {
            instance.setElement(i, elements[i]);
        }
        return true;
    }

    private int lastGlobalIndex() {
        return globalIndexes.length == 0 ? -1 : globalIndexes[globalIndexes.length - 1];
    }

    /** Struct and array types mean GC references, which Endive stores per instance, privately. */
    private static boolean declaresGcTypes(WasmModule module) {
        var types = module.typeSection();
        for (int i = 0; i < types.subTypeCount(); i++) {
            if (types.getSubType(i).compType().funcType() == null) {
                return true;
            }
        }
        return false;
    }
}
