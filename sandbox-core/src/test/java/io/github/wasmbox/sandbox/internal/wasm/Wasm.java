/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** Test helpers: classpath fixtures and hand-built module bytes. */
final class Wasm {
    private Wasm() {}

    /** Loads {@code wat/<name>.wasm} from the test classpath. */
    static byte[] fixture(String name) {
        try (InputStream in =
                Objects.requireNonNull(
                        Wasm.class.getResourceAsStream("/wat/" + name + ".wasm"), name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Concatenates the module preamble and the given sections. */
    static byte[] module(byte[]... sections) {
        return concat(
                new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}, concat(sections));
    }

    /** A section: id, u32 size, content. */
    static byte[] section(int id, byte[]... content) {
        byte[] body = concat(content);
        return concat(new byte[] {(byte) id}, u32(body.length), body);
    }

    static byte[] u32(long value) {
        ByteBuf out = new ByteBuf(5);
        Leb128.writeUnsigned(out, value);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
