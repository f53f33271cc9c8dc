/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.CustomSection;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Export;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.ExternKind;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.Import;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.MemoryType;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo.TableType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bounded walk over untrusted module bytes, run before any parser sees them. It checks the
 * structure (magic, version, section ids, order and sizes, vector counts, function bodies down to
 * every instruction's immediates) and bounds every declared count twice: against a {@link
 * PrescanLimits} cap and against the bytes that remain, so no declaration can make it (or a parser
 * that runs after it) allocate or loop in proportion to a number rather than to the input. Its own
 * memory use is proportional to the number of imports, exports, memories, tables and custom
 * sections it reports, each bounded by the input size and a cap. It does not validate types or
 * indices: that remains the parser's job.
 *
 * <p>Stateless and thread-safe. Failures throw {@link ModuleFormatException}.
 */
public final class ModulePrescan {
    /** The binary format's maximum memory size of a 32-bit memory, in 64 KiB pages. */
    static final long MAX_PAGES = 65_536;

    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6D};
    static final int ALL_FEATURES = (1 << WasmFeature.values().length) - 1;

    /** Section order rank by id; 0 = unknown. Tags (13) sit between memory and global. */
    private static final int[] RANK = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};

    private static final String[] SECTION_NAMES = {
        "custom",
        "type",
        "import",
        "function",
        "table",
        "memory",
        "global",
        "export",
        "start",
        "element",
        "code",
        "data",
        "data count",
        "tag"
    };

    private ModulePrescan() {}

    /** Scans {@code module} and returns its facts, or throws {@link ModuleFormatException}. */
    public static ModuleInfo scan(byte[] module, PrescanLimits limits) {
        return new Scan(module, limits).run();
    }

    static String sectionName(int id) {
        return id < SECTION_NAMES.length ? SECTION_NAMES[id] : "unknown";
    }

    /** Checks the 8-byte preamble and returns a reader positioned at the first section. */
    static WasmReader preamble(byte[] module) {
        WasmReader r = new WasmReader(module, 0, module.length);
        if (module.length < 8 || !Arrays.equals(module, 0, 4, MAGIC, 0, 4)) {
            throw new ModuleFormatException(
                    "not a WebAssembly module: the magic bytes are missing");
        }
        if (module[4] != 1 || module[5] != 0 || module[6] != 0 || module[7] != 0) {
            throw new ModuleFormatException(
                    "unsupported binary version (only core modules of version 1 are supported;"
                            + " components are not)");
        }
        r.pos = 8;
        return r;
    }

    /** Section order rank of a non-custom section id, or throws for an unknown id. */
    static int rank(WasmReader r, int at, int id) {
        if (id <= 0 || id >= RANK.length) {
            throw r.error(at, "unknown section id " + id);
        }
        return RANK[id];
    }

    /** The mutable state of one scan. */
    private static final class Scan {
        private final byte[] bytes;
        private final PrescanLimits limits;
        private final InstructionDecoder decoder = new InstructionDecoder(ALL_FEATURES);
        private final List<Import> imports = new ArrayList<>();
        private final List<Export> exports = new ArrayList<>();
        private final List<MemoryType> memories = new ArrayList<>();
        private final List<TableType> tables = new ArrayList<>();
        private final List<CustomSection> customs = new ArrayList<>();
        private final Set<WasmFeature> features = EnumSet.noneOf(WasmFeature.class);
        private byte @Nullable [] manifest;
        private int types;
        private int importedFunctions;
        private int functions;
        private int importedGlobals;
        private int globals;
        private int tags;
        private int elements;
        private int data = -1;
        private int dataCount = -1;
        private int codeBodies = -1;
        private int codeBytes;
        private OptionalInt start = OptionalInt.empty();

        Scan(byte[] bytes, PrescanLimits limits) {
            this.bytes = bytes;
            this.limits = limits;
        }

        ModuleInfo run() {
            WasmReader r = preamble(bytes);
            int lastRank = 0;
            while (r.hasMore()) {
                int at = r.pos;
                int id = r.u8();
                long size = r.u32L();
                String section = sectionName(id) + " section";
                if (size > r.remaining()) {
                    throw r.error(
                            at,
                            section
                                    + " declares "
                                    + size
                                    + " bytes but only "
                                    + r.remaining()
                                    + " remain");
                }
                if (id != 0) {
                    int rank = rank(r, at, id);
                    if (rank <= lastRank) {
                        throw r.error(at, section + " is duplicated or out of order");
                    }
                    lastRank = rank;
                }
                WasmReader s = new WasmReader(bytes, r.pos, r.pos + (int) size);
                try {
                    section(id, s);
                } catch (ModuleFormatException e) {
                    throw ModuleFormatException.in(section, e);
                }
                if (s.hasMore()) {
                    throw s.error(
                            s.pos,
                            section + " has " + s.remaining() + " bytes left after its content");
                }
                r.pos = s.end;
            }
            if (functions > 0 && codeBodies < 0) {
                throw new ModuleFormatException(
                        "the function section declares "
                                + functions
                                + " functions but there is"
                                + " no code section");
            }
            if (codeBodies >= 0 && codeBodies != functions) {
                throw new ModuleFormatException(
                        "the function section declares "
                                + functions
                                + " functions but the code"
                                + " section has "
                                + codeBodies
                                + " bodies");
            }
            if (dataCount >= 0 && dataCount != Math.max(data, 0)) {
                throw new ModuleFormatException(
                        "the data count section declares "
                                + dataCount
                                + " segments but the data"
                                + " section has "
                                + Math.max(data, 0));
            }
            if (memories.size() > 1) {
                features.add(WasmFeature.MULTI_MEMORY);
            }
            for (WasmFeature f : WasmFeature.values()) {
                if ((decoder.usedFeatures() & Features.bit(f)) != 0) {
                    features.add(f);
                }
            }
            return new ModuleInfo(
                    types,
                    importedFunctions,
                    functions,
                    codeBytes,
                    importedGlobals,
                    globals,
                    Math.max(data, 0),
                    elements,
                    start,
                    imports,
                    exports,
                    memories,
                    tables,
                    customs,
                    manifest,
                    features);
        }

        private void section(int id, WasmReader s) {
            switch (id) {
                case 0 -> custom(s);
                case 1 -> types(s);
                case 2 -> imports(s);
                case 3 -> {
                    functions = s.count("function", limits.maxFunctions() - importedFunctions, 1);
                    for (int i = 0; i < functions; i++) {
                        s.u32();
                    }
                }
                case 4 -> {
                    int n = s.count("table", limits.maxTables() - tables.size(), 3);
                    for (int i = 0; i < n; i++) {
                        table(s);
                    }
                }
                case 5 -> {
                    int n = s.count("memory", limits.maxMemories() - memories.size(), 2);
                    for (int i = 0; i < n; i++) {
                        memory(s, false);
                    }
                }
                case 6 -> {
                    globals = s.count("global", limits.maxGlobals() - importedGlobals, 3);
                    for (int i = 0; i < globals; i++) {
                        decoder.valType(s);
                        TypeSection.mutability(s);
                        constExpr(s);
                    }
                }
                case 7 -> exports(s);
                case 8 -> start = OptionalInt.of(s.u32());
                case 9 -> elements(s);
                case 10 -> code(s);
                case 11 -> data(s);
                case 12 -> dataCount = s.count("data count", limits.maxDataSegments(), 0);
                case 13 -> {
                    features.add(WasmFeature.EXCEPTIONS);
                    int n = s.count("tag", limits.maxTags() - tags, 2);
                    tags += n;
                    for (int i = 0; i < n; i++) {
                        tagType(s);
                    }
                }
                default -> throw new IllegalStateException("unreachable: section " + id);
            }
        }

        private void custom(WasmReader s) {
            String name = s.name("custom section name", limits.maxNameBytes());
            customs.add(new CustomSection(name, s.pos, s.remaining()));
            if (name.equals(ModuleInfo.MANIFEST_SECTION)) {
                if (manifest != null) {
                    throw s.error(s.pos, "duplicate " + name + " custom section");
                }
                if (s.remaining() > limits.maxManifestBytes()) {
                    throw s.error(
                            s.pos,
                            name
                                    + " custom section has "
                                    + s.remaining()
                                    + " bytes, more than the limit of "
                                    + limits.maxManifestBytes());
                }
                manifest = Arrays.copyOfRange(bytes, s.pos, s.end);
            } else if (name.equals("name")) {
                nameSection(s);
            }
            s.pos = s.end;
        }

        /**
         * Checks the framing of the "name" section, which Endive decodes eagerly: every length must
         * lie within the section, and every name map must be in increasing index order (as the
         * specification requires), which keeps Endive's sorted inserts linear.
         */
        private void nameSection(WasmReader s) {
            int lastId = -1;
            while (s.hasMore()) {
                int at = s.pos;
                int id = s.u8();
                long size = s.u32L();
                if (id <= lastId) {
                    throw s.error(at, "name subsection " + id + " is duplicated or out of order");
                }
                lastId = id;
                if (size > s.remaining()) {
                    throw s.error(
                            at,
                            "name subsection "
                                    + id
                                    + " declares "
                                    + size
                                    + " bytes but only "
                                    + s.remaining()
                                    + " remain");
                }
                WasmReader sub = new WasmReader(bytes, s.pos, s.pos + (int) size);
                switch (id) {
                    case 0 -> sub.name("module name", limits.maxNameBytes());
                    case 1, 5, 6, 7, 8, 9, 11 -> nameMap(sub);
                    case 2, 3 -> {
                        int n = sub.count("indirect name map entry", Integer.MAX_VALUE, 2);
                        long last = -1;
                        for (int i = 0; i < n; i++) {
                            last = increasingIndex(sub, last);
                            nameMap(sub);
                        }
                    }
                    default -> sub.pos = sub.end; // ignored by parsers
                }
                if (sub.hasMore()) {
                    throw sub.error(sub.pos, "name subsection " + id + " has trailing bytes");
                }
                s.pos = sub.end;
            }
        }

        private void nameMap(WasmReader s) {
            int n = s.count("name map entry", Integer.MAX_VALUE, 2);
            long last = -1;
            for (int i = 0; i < n; i++) {
                last = increasingIndex(s, last);
                s.name("name", limits.maxNameBytes());
            }
        }

        private static long increasingIndex(WasmReader s, long last) {
            int at = s.pos;
            long index = s.u32L();
            if (index <= last) {
                throw s.error(at, "name map index " + index + " is not in increasing order");
            }
            return index;
        }

        private void types(WasmReader s) {
            types =
                    TypeSection.paramCounts(
                                    s,
                                    decoder,
                                    limits.maxTypes(),
                                    limits.maxParams(),
                                    limits.maxResults(),
                                    limits.maxStructFields())
                            .length;
        }

        private void imports(WasmReader s) {
            int n = s.count("import", limits.maxImports(), 4);
            for (int i = 0; i < n; i++) {
                String module = s.name("import module name", limits.maxNameBytes());
                String name = s.name("import name", limits.maxNameBytes());
                ExternKind kind = externKind(s);
                imports.add(new Import(module, name, kind));
                switch (kind) {
                    case FUNCTION -> {
                        s.u32();
                        if (++importedFunctions > limits.maxFunctions()) {
                            throw s.error(
                                    s.pos, "more than " + limits.maxFunctions() + " functions");
                        }
                    }
                    case TABLE -> {
                        if (tables.size() >= limits.maxTables()) {
                            throw s.error(s.pos, "more than " + limits.maxTables() + " tables");
                        }
                        tables.add(tableType(s, true));
                    }
                    case MEMORY -> {
                        if (memories.size() >= limits.maxMemories()) {
                            throw s.error(s.pos, "more than " + limits.maxMemories() + " memories");
                        }
                        memory(s, true);
                    }
                    case GLOBAL -> {
                        decoder.valType(s);
                        TypeSection.mutability(s);
                        if (++importedGlobals > limits.maxGlobals()) {
                            throw s.error(s.pos, "more than " + limits.maxGlobals() + " globals");
                        }
                    }
                    case TAG -> {
                        features.add(WasmFeature.EXCEPTIONS);
                        tagType(s);
                        if (++tags > limits.maxTags()) {
                            throw s.error(s.pos, "more than " + limits.maxTags() + " tags");
                        }
                    }
                }
            }
        }

        private void exports(WasmReader s) {
            int n = s.count("export", limits.maxExports(), 3);
            for (int i = 0; i < n; i++) {
                String name = s.name("export name", limits.maxNameBytes());
                ExternKind kind = externKind(s);
                if (kind == ExternKind.TAG) {
                    features.add(WasmFeature.EXCEPTIONS);
                }
                exports.add(new Export(name, kind, s.u32()));
            }
        }

        private ExternKind externKind(WasmReader s) {
            int kind = s.u8();
            if (kind >= ExternKind.values().length) {
                throw s.error(s.pos - 1, "unknown import/export kind " + kind);
            }
            return ExternKind.values()[kind];
        }

        private void table(WasmReader s) {
            if (s.hasMore() && s.buf[s.pos] == 0x40) {
                // A table with an explicit initialiser (typed function references).
                features.add(WasmFeature.GC);
                s.pos++;
                if (s.u8() != 0) {
                    throw s.error(s.pos - 1, "malformed table type");
                }
                tables.add(tableType(s, false));
                constExpr(s);
            } else {
                tables.add(tableType(s, false));
            }
        }

        private TableType tableType(WasmReader s, boolean imported) {
            int at = s.pos;
            int b = s.hasMore() ? s.buf[s.pos] & 0xFF : -1;
            if (b < 0x63 || b > 0x74) {
                throw s.error(at, "table element type is not a reference type");
            }
            decoder.valType(s);
            int flags = s.u8();
            if (flags > 1) {
                throw s.error(
                        at, "unsupported table limits flags " + flags + " (table64 or shared)");
            }
            long min = s.u32L();
            OptionalLong max = flags == 1 ? OptionalLong.of(s.u32L()) : OptionalLong.empty();
            if (min > limits.maxTableElements()) {
                throw s.error(
                        at,
                        "table declares "
                                + min
                                + " initial elements, more than the limit of "
                                + limits.maxTableElements());
            }
            if (max.isPresent() && max.getAsLong() < min) {
                throw s.error(at, "table maximum " + max.getAsLong() + " is below its minimum");
            }
            return new TableType(min, max, imported);
        }

        private void memory(WasmReader s, boolean imported) {
            int at = s.pos;
            int flags = s.u8();
            if (flags == 2) {
                throw s.error(at, "shared memory must declare a maximum");
            }
            if (flags > 3) {
                throw s.error(
                        at,
                        "unsupported memory limits flags "
                                + flags
                                + " (memory64 or custom page sizes)");
            }
            long min = s.u32L();
            OptionalLong max = (flags & 1) != 0 ? OptionalLong.of(s.u32L()) : OptionalLong.empty();
            if (min > MAX_PAGES || max.orElse(0) > MAX_PAGES) {
                throw s.error(at, "memory size exceeds " + MAX_PAGES + " pages");
            }
            if (max.orElse(min) < min) {
                throw s.error(at, "memory maximum " + max.getAsLong() + " is below its minimum");
            }
            boolean shared = flags == 3;
            if (shared) {
                features.add(WasmFeature.THREADS);
            }
            memories.add(new MemoryType(min, max, shared, imported));
        }

        private void tagType(WasmReader s) {
            if (s.u8() != 0) {
                throw s.error(s.pos - 1, "malformed tag attribute");
            }
            s.u32();
        }

        /**
         * Skips a constant expression: straight-line code up to its end (GC's {@code array.new}
         * counts as a dynamic operation but is allowed); no block, branch or call.
         */
        private void constExpr(WasmReader s) {
            while (true) {
                int at = s.pos;
                int kind = decoder.next(s);
                if (kind == InstructionDecoder.END) {
                    return;
                }
                if (kind != InstructionDecoder.PLAIN && kind != InstructionDecoder.DYNAMIC) {
                    throw s.error(at, "instruction not allowed in a constant expression");
                }
            }
        }

        private void elements(WasmReader s) {
            elements = s.count("element segment", limits.maxElementSegments(), 2);
            for (int i = 0; i < elements; i++) {
                int at = s.pos;
                long flags = s.u32L();
                if (flags > 7) {
                    throw s.error(at, "malformed element segment flags " + flags);
                }
                boolean active = (flags & 1) == 0;
                boolean exprs = (flags & 4) != 0;
                if (active && (flags & 2) != 0) {
                    s.u32(); // table index
                }
                if (active) {
                    constExpr(s);
                }
                if ((flags & 3) != 0) {
                    if (exprs) {
                        decoder.valType(s);
                    } else if (s.u8() != 0) {
                        throw s.error(s.pos - 1, "malformed element kind");
                    }
                }
                int items = s.count("element segment item", limits.maxElementItems(), 1);
                for (int j = 0; j < items; j++) {
                    if (exprs) {
                        constExpr(s);
                    } else {
                        s.u32();
                    }
                }
            }
        }

        private void data(WasmReader s) {
            data = s.count("data segment", limits.maxDataSegments(), 2);
            for (int i = 0; i < data; i++) {
                int at = s.pos;
                long flags = s.u32L();
                if (flags > 2) {
                    throw s.error(at, "malformed data segment flags " + flags);
                }
                if (flags == 2 && s.u32() != 0) {
                    features.add(WasmFeature.MULTI_MEMORY);
                }
                if (flags != 1) {
                    constExpr(s);
                }
                s.skip(s.u32L());
            }
        }

        private void code(WasmReader s) {
            codeBytes = s.end - s.pos;
            codeBodies = s.count("function body", limits.maxFunctions(), 3);
            for (int i = 0; i < codeBodies; i++) {
                int at = s.pos;
                long size = s.u32L();
                if (size > limits.maxFunctionBodyBytes()) {
                    throw s.error(
                            at,
                            "function body "
                                    + i
                                    + " has "
                                    + size
                                    + " bytes, more than the limit"
                                    + " of "
                                    + limits.maxFunctionBodyBytes());
                }
                if (size > s.remaining()) {
                    throw s.error(
                            at,
                            "function body "
                                    + i
                                    + " declares "
                                    + size
                                    + " bytes but only "
                                    + s.remaining()
                                    + " remain");
                }
                WasmReader b = new WasmReader(bytes, s.pos, s.pos + (int) size);
                body(b, i);
                s.pos = b.end;
            }
        }

        private void body(WasmReader b, int index) {
            int groups = b.count("local group", limits.maxLocalsPerFunction(), 2);
            long locals = 0;
            for (int g = 0; g < groups; g++) {
                int at = b.pos;
                locals += b.u32L();
                if (locals > limits.maxLocalsPerFunction()) {
                    throw b.error(
                            at,
                            "function body "
                                    + index
                                    + " declares at least "
                                    + locals
                                    + " locals, more than the limit of "
                                    + limits.maxLocalsPerFunction());
                }
                decoder.valType(b);
            }
            int depth = 1;
            while (depth > 0) {
                int at = b.pos;
                switch (decoder.next(b)) {
                    case InstructionDecoder.BLOCK,
                            InstructionDecoder.LOOP,
                            InstructionDecoder.IF,
                            InstructionDecoder.TRY_TABLE -> {
                        if (++depth > limits.maxControlDepth()) {
                            throw b.error(
                                    at,
                                    "function body "
                                            + index
                                            + " nests blocks deeper than the"
                                            + " limit of "
                                            + limits.maxControlDepth());
                        }
                    }
                    case InstructionDecoder.END -> depth--;
                    default -> {}
                }
            }
            if (b.hasMore()) {
                throw b.error(
                        b.pos,
                        "function body "
                                + index
                                + " has "
                                + b.remaining()
                                + " bytes after its final end");
            }
        }
    }
}
