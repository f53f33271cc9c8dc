/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

/**
 * A module with its function bodies emptied: every section but the code section is copied byte for
 * byte, and each body becomes {@code end} with no locals. It still declares every function, type,
 * import, export, global, table, memory, element and data segment, which is all an instance needs
 * when its functions come already compiled; parsing it skips decoding and validating the code,
 * which dominates a cold JVM's parse.
 *
 * <p>A skeleton is valid only together with the compiled form of the module it came from: its
 * bodies are not the module's, so it must never be compiled or interpreted itself.
 */
public final class ModuleSkeleton {
    private static final int CODE_SECTION = 10;

    /** size 2, no local declarations, {@code end}. */
    private static final byte[] EMPTY_BODY = {0x02, 0x00, 0x0B};

    private ModuleSkeleton() {}

    /**
     * The skeleton of {@code module}.
     *
     * @throws ModuleFormatException if the section structure is malformed
     */
    public static byte[] of(byte[] module) {
        WasmReader r = ModulePrescan.preamble(module);
        ByteBuf out = new ByteBuf(module.length / 4);
        out.put(module, 0, r.pos);
        while (r.hasMore()) {
            int start = r.pos;
            int id = r.u8();
            long size = r.u32L();
            int content = r.pos;
            r.skip(size);
            if (id != CODE_SECTION) {
                out.put(module, start, r.pos - start);
                continue;
            }
            WasmReader code = new WasmReader(module, content, r.pos);
            int functions = code.count("function body", Integer.MAX_VALUE, 1);
            ByteBuf section = new ByteBuf(5 + functions * EMPTY_BODY.length);
            section.u32(functions);
            for (int i = 0; i < functions; i++) {
                section.put(EMPTY_BODY, 0, EMPTY_BODY.length);
            }
            out.section(CODE_SECTION, section);
        }
        return out.toByteArray();
    }
}
