/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of a Wasm binary's type and import sections, enough to list the functions a
 * module imports with their signatures. Test code only: the runtime parses with Endive.
 */
final class WasmImports {
    record FunctionImport(
            String module, String name, List<WasmType> params, List<WasmType> results) {}

    private record FunctionType(List<WasmType> params, List<WasmType> results) {}

    private WasmImports() {}

    static List<FunctionImport> functionImports(byte[] wasm) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(wasm);
        byte[] header = in.readNBytes(8);
        if (header.length != 8
                || header[0] != 0
                || header[1] != 'a'
                || header[2] != 's'
                || header[3] != 'm') {
            throw new IOException("not a Wasm binary");
        }
        List<FunctionType> types = new ArrayList<>();
        List<FunctionImport> imports = new ArrayList<>();
        while (in.available() > 0) {
            int id = in.read();
            byte[] body = in.readNBytes((int) u32(in));
            ByteArrayInputStream section = new ByteArrayInputStream(body);
            if (id == 1) {
                long count = u32(section);
                for (long i = 0; i < count; i++) {
                    if (section.read() != 0x60) {
                        throw new IOException("bad function type");
                    }
                    types.add(new FunctionType(valueTypes(section), valueTypes(section)));
                }
            } else if (id == 2) {
                long count = u32(section);
                for (long i = 0; i < count; i++) {
                    String module = name(section);
                    String name = name(section);
                    int kind = section.read();
                    switch (kind) {
                        case 0:
                            FunctionType type = types.get((int) u32(section));
                            imports.add(
                                    new FunctionImport(
                                            module, name, type.params(), type.results()));
                            break;
                        case 1:
                            section.read();
                            limits(section);
                            break;
                        case 2:
                            limits(section);
                            break;
                        case 3:
                            section.read();
                            section.read();
                            break;
                        default:
                            throw new IOException("unknown import kind " + kind);
                    }
                }
            }
        }
        return imports;
    }

    private static List<WasmType> valueTypes(ByteArrayInputStream in) throws IOException {
        long count = u32(in);
        List<WasmType> types = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            int code = in.read();
            switch (code) {
                case 0x7f:
                    types.add(WasmType.I32);
                    break;
                case 0x7e:
                    types.add(WasmType.I64);
                    break;
                case 0x7d:
                    types.add(WasmType.F32);
                    break;
                case 0x7c:
                    types.add(WasmType.F64);
                    break;
                default:
                    throw new IOException(
                            "value type 0x" + Integer.toHexString(code) + " is not a number type");
            }
        }
        return types;
    }

    private static void limits(ByteArrayInputStream in) throws IOException {
        int flags = in.read();
        u32(in);
        if ((flags & 1) != 0) {
            u32(in);
        }
    }

    private static String name(ByteArrayInputStream in) throws IOException {
        return new String(in.readNBytes((int) u32(in)), StandardCharsets.UTF_8);
    }

    private static long u32(ByteArrayInputStream in) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("truncated LEB128");
            }
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("LEB128 too long");
    }
}
