/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Valid modules generated in memory: too large, or too many, to commit as fixtures. */
final class GeneratedModules {
    private GeneratedModules() {}

    /**
     * A module of {@code functions} small functions {@code (i32) -> i32}, each adding its own
     * constant to its argument after {@code nops} {@code nop}s; {@code seed} is added to every
     * constant, so modules of different seeds differ. Exports its one-page memory and the plugin
     * function {@code run}, which calls the first of them and returns 0 (success, no output).
     */
    static byte[] manyFunctions(int functions, int seed, int nops) {
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        u32(types, 2);
        types.writeBytes(new byte[] {0x60, 1, 0x7F, 1, 0x7F}); // (i32) -> i32
        types.writeBytes(new byte[] {0x60, 0, 1, 0x7F}); // () -> i32
        ByteArrayOutputStream funcs = new ByteArrayOutputStream();
        u32(funcs, functions + 1);
        funcs.write(1);
        for (int i = 0; i < functions; i++) {
            funcs.write(0);
        }
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        memory.writeBytes(new byte[] {1, 0, 1});
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        u32(exports, 2);
        name(exports, "memory");
        exports.writeBytes(new byte[] {2, 0});
        name(exports, "run");
        exports.write(0);
        u32(exports, 0);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        u32(code, functions + 1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0); // no locals
        body.write(0x41); // i32.const seed
        s32(body, seed);
        body.write(0x10); // call 1
        body.write(1);
        body.write(0x1A); // drop
        body.write(0x41); // i32.const 0
        body.write(0);
        body.write(0x0B);
        u32(code, body.size());
        code.writeBytes(body.toByteArray());
        for (int i = 0; i < functions; i++) {
            body.reset();
            body.write(0);
            for (int n = 0; n < nops; n++) {
                body.write(0x01);
            }
            body.write(0x20); // local.get 0
            body.write(0);
            body.write(0x41); // i32.const
            s32(body, seed + i);
            body.write(0x6A); // i32.add
            body.write(0x0B);
            u32(code, body.size());
            code.writeBytes(body.toByteArray());
        }
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(module, 1, types.toByteArray());
        section(module, 3, funcs.toByteArray());
        section(module, 5, memory.toByteArray());
        section(module, 7, exports.toByteArray());
        section(module, 10, code.toByteArray());
        return module.toByteArray();
    }

    /** Writes section {@code id} with {@code content}, its length first. */
    static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        u32(out, content.length);
        out.writeBytes(content);
    }

    /** Writes {@code name} as a Wasm name: its UTF-8 length, then its bytes. */
    static void name(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        u32(out, bytes.length);
        out.writeBytes(bytes);
    }

    /** Writes {@code value} as an unsigned LEB128. */
    static void u32(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    /** Writes {@code value} as a signed LEB128. */
    static void s32(ByteArrayOutputStream out, int value) {
        while (true) {
            int b = value & 0x7F;
            value >>= 7;
            if ((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0)) {
                out.write(b);
                return;
            }
            out.write(b | 0x80);
        }
    }
}
