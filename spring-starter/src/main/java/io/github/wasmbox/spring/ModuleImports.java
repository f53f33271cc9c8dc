package io.github.wasmbox.spring;

import io.github.wasmbox.policy.ImportRef;
import io.github.wasmbox.policy.PluginManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a module's function imports and its {@code wasmbox.manifest} section for the audit report.
 * Only the import and custom sections are decoded; a module this reader cannot follow yields no
 * imports, because the runtime, not this reader, is what accepts or rejects a module.
 */
final class ModuleImports {
    private static final int IMPORT_SECTION = 2;
    private static final int CUSTOM_SECTION = 0;

    final List<ImportRef> imports;
    final Optional<PluginManifest> manifest;

    private ModuleImports(List<ImportRef> imports, Optional<PluginManifest> manifest) {
        this.imports = imports;
        this.manifest = manifest;
    }

    /** Returns the module's function imports and manifest, or null if it is not readable. */
    static @Nullable ModuleImports read(byte[] module) {
        try {
            Reader reader = new Reader(module);
            if (module.length < 8 || reader.u32le() != 0x6d736100) {
                return null;
            }
            reader.position = 8;
            List<ImportRef> imports = new ArrayList<>();
            PluginManifest manifest = null;
            while (reader.position < module.length) {
                int id = reader.u8();
                int size = (int) reader.leb();
                int end = Math.addExact(reader.position, size);
                if (end > module.length) {
                    return null;
                }
                if (id == IMPORT_SECTION) {
                    long count = reader.leb();
                    for (long i = 0; i < count; i++) {
                        String importModule = reader.name();
                        String name = reader.name();
                        int kind = reader.u8();
                        reader.skipDescriptor(kind);
                        if (kind == 0) {
                            imports.add(new ImportRef(importModule, name));
                        }
                    }
                } else if (id == CUSTOM_SECTION) {
                    String name = reader.name();
                    if (name.equals(PluginManifest.SECTION_NAME)) {
                        byte[] json = new byte[end - reader.position];
                        System.arraycopy(module, reader.position, json, 0, json.length);
                        manifest = PluginManifest.parse(json);
                    }
                }
                reader.position = end;
            }
            return new ModuleImports(List.copyOf(imports), Optional.ofNullable(manifest));
        } catch (RuntimeException e) {
            // Malformed module or manifest: the runtime reports the real problem on load.
            return null;
        }
    }

    private static final class Reader {
        final byte[] bytes;
        int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int u8() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("truncated module");
            }
            return bytes[position++] & 0xff;
        }

        int u32le() {
            return u8() | u8() << 8 | u8() << 16 | u8() << 24;
        }

        long leb() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("LEB128 too long");
        }

        String name() {
            int length = Math.toIntExact(leb());
            if (length < 0 || length > bytes.length - position) {
                throw new IllegalArgumentException("name out of bounds");
            }
            String name = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return name;
        }

        void skipLimits() {
            int flags = u8();
            leb();
            if ((flags & 1) != 0) {
                leb();
            }
        }

        void skipDescriptor(int kind) {
            switch (kind) {
                case 0:
                    leb();
                    break;
                case 1:
                    u8();
                    skipLimits();
                    break;
                case 2:
                    skipLimits();
                    break;
                case 3:
                    u8();
                    u8();
                    break;
                case 4:
                    u8();
                    leb();
                    break;
                default:
                    throw new IllegalArgumentException("unknown import kind " + kind);
            }
        }
    }
}
