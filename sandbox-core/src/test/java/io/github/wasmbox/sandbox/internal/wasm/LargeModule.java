/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

/** Builds a large valid module by repeating a fixture's function bodies. */
final class LargeModule {
    private LargeModule() {}

    /**
     * Returns {@code module} with its defined functions appended again and again until the module
     * exceeds {@code minBytes}. The copies are never called; they only have to validate, which they
     * do since every index they use still exists.
     */
    static byte[] replicate(byte[] module, int minBytes) {
        WasmReader r = ModulePrescan.preamble(module);
        int funcStart = 0;
        int funcEnd = 0;
        int codeStart = 0;
        int codeEnd = 0;
        while (r.hasMore()) {
            int id = r.u8();
            int size = r.u32();
            if (id == 3) {
                funcStart = r.pos;
                funcEnd = r.pos + size;
            } else if (id == 10) {
                codeStart = r.pos;
                codeEnd = r.pos + size;
            }
            r.pos += size;
        }
        WasmReader f = new WasmReader(module, funcStart, funcEnd);
        int functions = f.u32();
        int typesAt = f.pos;
        WasmReader c = new WasmReader(module, codeStart, codeEnd);
        c.u32();
        int bodiesAt = c.pos;
        int copies = minBytes / (codeEnd - bodiesAt) + 1;

        ByteBuf funcs = new ByteBuf(0);
        funcs.u32((long) functions * copies);
        ByteBuf code = new ByteBuf(0);
        code.u32((long) functions * copies);
        for (int i = 0; i < copies; i++) {
            funcs.put(module, typesAt, funcEnd - typesAt);
            code.put(module, bodiesAt, codeEnd - bodiesAt);
        }
        ByteBuf out = new ByteBuf(minBytes + module.length);
        r = ModulePrescan.preamble(module);
        out.put(module, 0, 8);
        while (r.hasMore()) {
            int start = r.pos;
            int id = r.u8();
            int size = r.u32();
            r.pos += size;
            if (id == 3) {
                out.section(3, funcs);
            } else if (id == 10) {
                out.section(10, code);
            } else {
                out.put(module, start, r.pos - start);
            }
        }
        return out.toByteArray();
    }
}
