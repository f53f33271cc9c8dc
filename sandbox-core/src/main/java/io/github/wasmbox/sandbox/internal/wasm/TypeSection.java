/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import java.util.Arrays;

/**
 * Walks a type section: function types and, with {@link WasmFeature#GC}, recursion groups,
 * subtypes, structs and arrays. Stateless.
 */
final class TypeSection {
    private TypeSection() {}

    /**
     * Reads the section content in {@code s} and returns, per type index, the function type's
     * parameter count, or -1 for a struct or array type.
     */
    static int[] paramCounts(
            WasmReader s,
            InstructionDecoder decoder,
            int maxTypes,
            int maxParams,
            int maxResults,
            int maxFields) {
        int n = s.count("type", maxTypes, 1);
        int[] params = new int[n];
        int types = 0;
        for (int i = 0; i < n; i++) {
            int at = s.pos;
            int form = s.u8();
            int members = 1;
            if (form == 0x4E) {
                decoder.use(s, at, WasmFeature.GC);
                members = s.count("recursion group type", maxTypes, 1);
                form = -1;
            }
            if (types + (long) members > maxTypes) {
                throw s.error(
                        at,
                        "type count "
                                + (types + (long) members)
                                + " exceeds the limit of "
                                + maxTypes);
            }
            if (types + members > params.length) {
                params = Arrays.copyOf(params, Math.max(types + members, params.length * 2));
            }
            for (int j = 0; j < members; j++) {
                params[types++] =
                        subType(
                                s,
                                decoder,
                                form < 0 ? s.u8() : form,
                                maxParams,
                                maxResults,
                                maxFields);
            }
        }
        return types == params.length ? params : Arrays.copyOf(params, types);
    }

    private static int subType(
            WasmReader s,
            InstructionDecoder decoder,
            int form,
            int maxParams,
            int maxResults,
            int maxFields) {
        int at = s.pos - 1;
        if (form == 0x50 || form == 0x4F) {
            decoder.use(s, at, WasmFeature.GC);
            int supers = s.count("supertype", 1, 1);
            for (int i = 0; i < supers; i++) {
                s.u32();
            }
            at = s.pos;
            form = s.u8();
        }
        switch (form) {
            case 0x60 -> {
                int params = s.count("parameter", maxParams, 1);
                for (int i = 0; i < params; i++) {
                    decoder.valType(s);
                }
                int results = s.count("result", maxResults, 1);
                for (int i = 0; i < results; i++) {
                    decoder.valType(s);
                }
                return params;
            }
            case 0x5F -> {
                decoder.use(s, at, WasmFeature.GC);
                int fields = s.count("struct field", maxFields, 2);
                for (int i = 0; i < fields; i++) {
                    fieldType(s, decoder);
                }
                return -1;
            }
            case 0x5E -> {
                decoder.use(s, at, WasmFeature.GC);
                fieldType(s, decoder);
                return -1;
            }
            default -> throw s.error(at, String.format("malformed type form 0x%02X", form));
        }
    }

    private static void fieldType(WasmReader s, InstructionDecoder decoder) {
        int b = s.hasMore() ? s.buf[s.pos] & 0xFF : -1;
        if (b == 0x78 || b == 0x77) {
            s.pos++; // packed i8 / i16
        } else {
            decoder.valType(s);
        }
        mutability(s);
    }

    /** Reads a mutability flag: 0 (const) or 1 (var). */
    static void mutability(WasmReader s) {
        if (s.u8() > 1) {
            throw s.error(s.pos - 1, "malformed mutability");
        }
    }
}
