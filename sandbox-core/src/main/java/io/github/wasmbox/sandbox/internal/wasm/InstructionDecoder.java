/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import java.util.Arrays;

/**
 * Decodes one instruction at a time: reads the opcode, skips every immediate, classifies the
 * instruction for control flow and metering, and records which {@link WasmFeature}s the code uses.
 * Opcodes it does not know, and opcodes of features not in the allowed set, are rejected with their
 * byte offset: a caller never walks past bytes it has not understood. Reusable and allocation-free
 * per instruction; not thread-safe.
 */
final class InstructionDecoder {
    static final int PLAIN = 0;
    static final int BLOCK = 1;
    static final int LOOP = 2;
    static final int IF = 3;
    static final int ELSE = 4;
    static final int END = 5;

    /** Unconditional branch to {@link #label}. */
    static final int BR = 6;

    /** Conditional branch to {@link #label}; execution may fall through. */
    static final int BR_IF = 7;

    /** Unconditional branch to one of {@link #labels}. */
    static final int BR_TABLE = 8;

    /** Ends the current flow without a label target: return, unreachable, throw, tail calls. */
    static final int TERMINATE = 9;

    static final int CALL = 10;

    /** Opens a block; {@link #labels} holds the catch clauses' targets. */
    static final int TRY_TABLE = 11;

    /** An operation whose cost depends on the {@code i32} count on top of the stack. */
    static final int DYNAMIC = 12;

    /** {@link #dynamicUnit} values. */
    static final int UNIT_BYTE = 0;

    static final int UNIT_ELEMENT = 1;
    static final int UNIT_PAGE = 2;

    /** Unassigned opcodes among the 0xFD sub-opcodes that take no immediate. */
    private static final boolean[] SIMD_HOLES = new boolean[0x100];

    static {
        for (int op :
                new int[] {
                    0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB, 0xC2, 0xC5, 0xC6,
                    0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE
                }) {
            SIMD_HOLES[op] = true;
        }
    }

    private final int allowed;
    private int used;

    /** The opcode just decoded, prefix in the high byte (0xFC0B for memory.fill). */
    int opcode;

    /** The branch depth of {@link #BR} and {@link #BR_IF}. */
    int label;

    /** The index immediate of {@code local.*}, {@code global.*}, {@code table.get/set}. */
    long index;

    int[] labels = new int[8];
    int labelCount;
    int dynamicUnit;

    /**
     * For {@code memory.fill}, {@code memory.copy} and {@code memory.init}: the memory written; for
     * {@code memory.copy} {@link #sourceMemory} is the memory read, else -1.
     */
    int memory;

    int sourceMemory;

    /**
     * @param allowedFeatures bit set of {@link Features#bit}; anything else is rejected
     */
    InstructionDecoder(int allowedFeatures) {
        this.allowed = allowedFeatures;
    }

    /** Bit set of the features the decoded code (and value types) used so far. */
    int usedFeatures() {
        return used;
    }

    void use(WasmReader r, int at, WasmFeature feature) {
        if ((allowed & Features.bit(feature)) == 0) {
            throw r.error(at, "the module uses " + feature + ", which is not enabled");
        }
        used |= Features.bit(feature);
    }

    /**
     * Decodes the instruction at {@code r.pos}, leaves {@code r.pos} after it, returns its kind.
     */
    int next(WasmReader r) {
        int at = r.pos;
        int op = r.u8();
        opcode = op;
        switch (op) {
            case 0x00, 0x0F:
                return TERMINATE;
            case 0x01, 0x1A, 0x1B, 0xD1:
                return PLAIN;
            case 0x02:
                blockType(r);
                return BLOCK;
            case 0x03:
                blockType(r);
                return LOOP;
            case 0x04:
                blockType(r);
                return IF;
            case 0x05:
                return ELSE;
            case 0x08:
                use(r, at, WasmFeature.EXCEPTIONS);
                r.u32();
                return TERMINATE;
            case 0x0A:
                use(r, at, WasmFeature.EXCEPTIONS);
                return TERMINATE;
            case 0x0B:
                return END;
            case 0x0C:
                label = r.u32();
                return BR;
            case 0x0D:
                label = r.u32();
                return BR_IF;
            case 0x0E:
                {
                    int n = r.count("br_table target", Integer.MAX_VALUE - 1, 1);
                    ensureLabels(n + 1);
                    for (int i = 0; i <= n; i++) {
                        labels[i] = r.u32();
                    }
                    labelCount = n + 1;
                    return BR_TABLE;
                }
            case 0x10:
                r.u32();
                return CALL;
            case 0x11:
                r.u32();
                r.u32();
                return CALL;
            case 0x12:
                use(r, at, WasmFeature.TAIL_CALLS);
                r.u32();
                return TERMINATE;
            case 0x13:
                use(r, at, WasmFeature.TAIL_CALLS);
                r.u32();
                r.u32();
                return TERMINATE;
            case 0x14:
                use(r, at, WasmFeature.GC);
                r.u32();
                return CALL;
            case 0x15:
                use(r, at, WasmFeature.GC);
                use(r, at, WasmFeature.TAIL_CALLS);
                r.u32();
                return TERMINATE;
            case 0x1C:
                {
                    int n = r.count("select type", Integer.MAX_VALUE, 1);
                    for (int i = 0; i < n; i++) {
                        valType(r);
                    }
                    return PLAIN;
                }
            case 0x1F:
                return tryTable(r, at);
            case 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2:
                index = r.u32L();
                return PLAIN;
            case 0x3F:
                memoryIndex(r, at);
                return PLAIN;
            case 0x40:
                memoryIndex(r, at);
                dynamicUnit = UNIT_PAGE;
                return DYNAMIC;
            case 0x41:
                r.s32();
                return PLAIN;
            case 0x42:
                r.s64();
                return PLAIN;
            case 0x43:
                r.skip(4);
                return PLAIN;
            case 0x44:
                r.skip(8);
                return PLAIN;
            case 0xD0:
                heapType(r);
                return PLAIN;
            case 0xD3, 0xD4:
                use(r, at, WasmFeature.GC);
                return PLAIN;
            case 0xD5, 0xD6:
                use(r, at, WasmFeature.GC);
                label = r.u32();
                return BR_IF;
            case 0xFB:
                return gc(r, at);
            case 0xFC:
                return misc(r, at);
            case 0xFD:
                return simd(r, at);
            case 0xFE:
                return atomic(r, at);
            default:
                if ((op >= 0x28 && op <= 0x3E)) {
                    memarg(r, at);
                    return PLAIN;
                }
                if (op >= 0x45 && op <= 0xC4) {
                    return PLAIN;
                }
                throw r.error(at, String.format("unknown or unsupported opcode 0x%02X", op));
        }
    }

    private int tryTable(WasmReader r, int at) {
        use(r, at, WasmFeature.EXCEPTIONS);
        blockType(r);
        int n = r.count("try_table catch clause", Integer.MAX_VALUE, 2);
        ensureLabels(n);
        for (int i = 0; i < n; i++) {
            int kind = r.u8();
            if (kind > 3) {
                throw r.error(r.pos - 1, "unknown catch clause kind " + kind);
            }
            if (kind <= 1) {
                r.u32(); // tag index
            }
            labels[i] = r.u32();
        }
        labelCount = n;
        return TRY_TABLE;
    }

    private int misc(WasmReader r, int at) {
        int sub = r.u32();
        opcode = 0xFC00 | (sub & 0xFF);
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7:
                return PLAIN;
            case 8: // memory.init data memory
                r.u32();
                memory = memoryIndex(r, at);
                sourceMemory = -1;
                dynamicUnit = UNIT_BYTE;
                return DYNAMIC;
            case 9, 13, 16: // data.drop, elem.drop, table.size
                r.u32();
                return PLAIN;
            case 10: // memory.copy dst src
                memory = memoryIndex(r, at);
                sourceMemory = memoryIndex(r, at);
                dynamicUnit = UNIT_BYTE;
                return DYNAMIC;
            case 11: // memory.fill
                memory = memoryIndex(r, at);
                sourceMemory = -1;
                dynamicUnit = UNIT_BYTE;
                return DYNAMIC;
            case 12, 14: // table.init elem table, table.copy dst src
                r.u32();
                r.u32();
                dynamicUnit = UNIT_ELEMENT;
                return DYNAMIC;
            case 15, 17: // table.grow, table.fill
                r.u32();
                dynamicUnit = UNIT_ELEMENT;
                return DYNAMIC;
            default:
                throw r.error(at, "unknown or unsupported opcode 0xFC " + sub);
        }
    }

    private int simd(WasmReader r, int at) {
        int sub = r.u32();
        opcode = 0xFD00 | (sub & 0xFF);
        use(r, at, WasmFeature.SIMD);
        if (sub <= 0x0B || sub == 0x5C || sub == 0x5D) {
            memarg(r, at);
        } else if (sub == 0x0C || sub == 0x0D) {
            r.skip(16);
        } else if (sub >= 0x15 && sub <= 0x22) {
            r.u8();
        } else if (sub >= 0x54 && sub <= 0x5B) {
            memarg(r, at);
            r.u8();
        } else if (sub > 0xFF || SIMD_HOLES[sub]) {
            throw r.error(at, "unknown or unsupported opcode 0xFD " + sub);
        }
        return PLAIN;
    }

    private int atomic(WasmReader r, int at) {
        int sub = r.u32();
        opcode = 0xFE00 | (sub & 0xFF);
        use(r, at, WasmFeature.THREADS);
        if (sub == 3) {
            if (r.u8() != 0) {
                throw r.error(at, "atomic.fence expects a zero byte");
            }
        } else if (sub <= 2 || (sub >= 0x10 && sub <= 0x4E)) {
            memarg(r, at);
        } else {
            throw r.error(at, "unknown or unsupported opcode 0xFE " + sub);
        }
        return PLAIN;
    }

    private int gc(WasmReader r, int at) {
        int sub = r.u32();
        opcode = 0xFB00 | (sub & 0xFF);
        use(r, at, WasmFeature.GC);
        switch (sub) {
            case 0, 1, 11, 12, 13, 14:
                r.u32();
                return PLAIN;
            case 2, 3, 4, 5, 8:
                r.u32();
                r.u32();
                return PLAIN;
            case 6, 7, 16: // array.new, array.new_default, array.fill
                r.u32();
                dynamicUnit = UNIT_ELEMENT;
                return DYNAMIC;
            case 9, 10, 17, 18, 19: // array.new_data/elem, array.copy, array.init_data/elem
                r.u32();
                r.u32();
                dynamicUnit = UNIT_ELEMENT;
                return DYNAMIC;
            case 15, 26, 27, 28, 29, 30:
                return PLAIN;
            case 20, 21, 22, 23:
                heapType(r);
                return PLAIN;
            case 24, 25: // br_on_cast(_fail) flags label ht1 ht2
                r.u8();
                label = r.u32();
                heapType(r);
                heapType(r);
                return BR_IF;
            default:
                throw r.error(at, "unknown or unsupported opcode 0xFB " + sub);
        }
    }

    private void memarg(WasmReader r, int at) {
        long flags = r.u32L();
        if (flags >= 0x80) {
            throw r.error(at, "malformed memarg flags " + flags);
        }
        if ((flags & 0x40) != 0) {
            memoryIndex(r, at);
        }
        r.u32(); // offset (memory64 is not supported)
    }

    private int memoryIndex(WasmReader r, int at) {
        int index = r.u32();
        if (index != 0) {
            use(r, at, WasmFeature.MULTI_MEMORY);
        }
        return index;
    }

    /** Reads a block type: empty (0x40), a value type, or a non-negative s33 type index. */
    void blockType(WasmReader r) {
        int b = r.pos < r.end ? r.buf[r.pos] & 0xFF : -1;
        if (b == 0x40) {
            r.pos++;
        } else if (b >= 0x63 && b <= 0x7F) {
            valType(r);
        } else {
            int at = r.pos;
            if (r.s33() < 0) {
                throw r.error(at, "malformed block type");
            }
        }
    }

    /**
     * Reads an import's kind and its descriptor (function type index, table, memory, global or tag
     * type), leaving {@code r} after it, and returns the kind: 0 function, 1 table, 2 memory, 3
     * global, 4 tag.
     */
    int importDescriptor(WasmReader r) {
        int kind = r.u8();
        switch (kind) {
            case 0 -> r.u32();
            case 1 -> {
                valType(r);
                limits(r);
            }
            case 2 -> limits(r);
            case 3 -> {
                valType(r);
                TypeSection.mutability(r);
            }
            case 4 -> {
                r.u8();
                r.u32();
            }
            default -> throw r.error(r.pos - 1, "unknown import kind " + kind);
        }
        return kind;
    }

    private static void limits(WasmReader r) {
        int flags = r.u8();
        if (flags > 3) {
            throw r.error(r.pos - 1, "unsupported limits flags " + flags);
        }
        r.u32();
        if ((flags & 1) != 0) {
            r.u32();
        }
    }

    /** Reads a value type (number, vector or reference type) and records the feature it needs. */
    void valType(WasmReader r) {
        int at = r.pos;
        int b = r.u8();
        switch (b) {
            case 0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F -> {}
            case 0x7B -> use(r, at, WasmFeature.SIMD);
            case 0x64, 0x63 -> {
                use(r, at, WasmFeature.GC);
                heapType(r);
            }
            default -> absHeapType(r, at, b);
        }
    }

    /** Reads a heap type: an abstract one (one byte) or a non-negative s33 type index. */
    void heapType(WasmReader r) {
        int at = r.pos;
        int b = r.pos < r.end ? r.buf[r.pos] & 0xFF : -1;
        if (b >= 0x69 && b <= 0x74) {
            r.pos++;
            absHeapType(r, at, b);
        } else {
            if (r.s33() < 0) {
                throw r.error(at, "malformed heap type");
            }
            use(r, at, WasmFeature.GC);
        }
    }

    private void absHeapType(WasmReader r, int at, int b) {
        if (b == 0x70 || b == 0x6F) {
            return;
        }
        if (b == 0x69 || b == 0x74) {
            use(r, at, WasmFeature.EXCEPTIONS);
        } else if (b >= 0x6A && b <= 0x73) {
            use(r, at, WasmFeature.GC);
        } else {
            throw r.error(at, String.format("malformed value type 0x%02X", b));
        }
    }

    private void ensureLabels(int n) {
        if (labels.length < n) {
            labels = Arrays.copyOf(labels, Math.max(n, labels.length * 2));
        }
    }
}
