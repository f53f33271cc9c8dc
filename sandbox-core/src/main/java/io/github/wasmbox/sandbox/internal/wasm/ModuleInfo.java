/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ModulePrescan} learned about a module without parsing it fully: the facts the runtime
 * needs before (and instead of) asking Endive. Immutable and thread-safe.
 */
public final class ModuleInfo {
    /** Kinds of imports and exports, by their binary code (0 = function … 4 = tag). */
    public enum ExternKind {
        FUNCTION,
        TABLE,
        MEMORY,
        GLOBAL,
        TAG
    }

    public record Import(String module, String name, ExternKind kind) {}

    public record Export(String name, ExternKind kind, int index) {}

    /** A memory's declared limits in 64 KiB pages. */
    public record MemoryType(
            long minPages, OptionalLong maxPages, boolean shared, boolean imported) {}

    /** A table's declared limits in elements. */
    public record TableType(long minElements, OptionalLong maxElements, boolean imported) {}

    /** A custom section; {@code offset} and {@code length} locate its content after the name. */
    public record CustomSection(String name, int offset, int length) {}

    /** Name of the custom section in which a plugin describes itself. */
    public static final String MANIFEST_SECTION = "wasmbox.manifest";

    private final int typeCount;
    private final int importedFunctionCount;
    private final int functionCount;
    private final int codeBytes;
    private final int importedGlobalCount;
    private final int globalCount;
    private final int dataSegmentCount;
    private final int elementSegmentCount;
    private final OptionalInt startFunction;
    private final List<Import> imports;
    private final List<Export> exports;
    private final List<MemoryType> memories;
    private final List<TableType> tables;
    private final List<CustomSection> customSections;
    private final byte @Nullable [] manifest;
    private final Set<WasmFeature> features;

    ModuleInfo(
            int typeCount,
            int importedFunctionCount,
            int functionCount,
            int codeBytes,
            int importedGlobalCount,
            int globalCount,
            int dataSegmentCount,
            int elementSegmentCount,
            OptionalInt startFunction,
            List<Import> imports,
            List<Export> exports,
            List<MemoryType> memories,
            List<TableType> tables,
            List<CustomSection> customSections,
            byte @Nullable [] manifest,
            Set<WasmFeature> features) {
        this.typeCount = typeCount;
        this.importedFunctionCount = importedFunctionCount;
        this.functionCount = functionCount;
        this.codeBytes = codeBytes;
        this.importedGlobalCount = importedGlobalCount;
        this.globalCount = globalCount;
        this.dataSegmentCount = dataSegmentCount;
        this.elementSegmentCount = elementSegmentCount;
        this.startFunction = startFunction;
        this.imports = List.copyOf(imports);
        this.exports = List.copyOf(exports);
        this.memories = List.copyOf(memories);
        this.tables = List.copyOf(tables);
        this.customSections = List.copyOf(customSections);
        this.manifest = manifest;
        this.features = Set.copyOf(features);
    }

    public int typeCount() {
        return typeCount;
    }

    public int importedFunctionCount() {
        return importedFunctionCount;
    }

    /** Functions the module defines (imported ones excluded). */
    public int functionCount() {
        return functionCount;
    }

    /** Bytes of the code section: the function bodies the compiler translates. */
    public int codeBytes() {
        return codeBytes;
    }

    public int importedGlobalCount() {
        return importedGlobalCount;
    }

    /** Globals the module defines (imported ones excluded). */
    public int globalCount() {
        return globalCount;
    }

    public int dataSegmentCount() {
        return dataSegmentCount;
    }

    public int elementSegmentCount() {
        return elementSegmentCount;
    }

    /** The function index of the start section, if there is one. */
    public OptionalInt startFunction() {
        return startFunction;
    }

    public List<Import> imports() {
        return imports;
    }

    public List<Export> exports() {
        return exports;
    }

    /** Imported memories first, then defined ones: the memory index space. */
    public List<MemoryType> memories() {
        return memories;
    }

    /** Imported tables first, then defined ones: the table index space. */
    public List<TableType> tables() {
        return tables;
    }

    public List<CustomSection> customSections() {
        return customSections;
    }

    /** A copy of the content of the {@value #MANIFEST_SECTION} custom section, if present. */
    public Optional<byte[]> manifest() {
        return manifest == null ? Optional.empty() : Optional.of(manifest.clone());
    }

    /** The proposals beyond Wasm 2.0 that the module uses. */
    public Set<WasmFeature> features() {
        return features;
    }
}
