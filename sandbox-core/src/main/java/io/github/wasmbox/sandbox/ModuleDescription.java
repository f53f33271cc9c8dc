/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.PluginManifest;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.wasm.ModuleFormatException;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo;
import io.github.wasmbox.sandbox.internal.wasm.ModulePrescan;
import io.github.wasmbox.sandbox.internal.wasm.PrescanLimits;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a module declares, read from its bytes without compiling or running it: imports, exports,
 * memories, tables, the Wasm features its code uses and its {@code wasmbox.manifest}. For tools
 * that show a module to a person, such as {@code wasmbox inspect}; {@link PluginRuntime#load} reads
 * the same facts with the same bounds before it compiles anything.
 *
 * <p>Every name comes from the module and is hostile: escape it ({@link GuestText}) before it
 * reaches a terminal or a log. Immutable and thread-safe.
 */
public final class ModuleDescription {
    /** An import; {@code kind} is {@code function}, {@code table}, {@code memory}, ... */
    public record Import(String module, String name, String kind) {}

    /** An export; {@code kind} as for {@link Import}. */
    public record Export(String name, String kind) {}

    /** A memory's declared size in 64 KiB pages. */
    public record Memory(long minPages, OptionalLong maxPages, boolean shared, boolean imported) {}

    /** A table's declared size in elements. */
    public record Table(long minElements, OptionalLong maxElements, boolean imported) {}

    private static final int MESSAGE_CHARS = 2_000;

    private final ModuleInfo info;
    private final Optional<PluginManifest> manifest;

    private ModuleDescription(ModuleInfo info, Optional<PluginManifest> manifest) {
        this.info = info;
        this.manifest = manifest;
    }

    /**
     * Reads a module's declarations, with the bounds a load applies.
     *
     * @throws IllegalArgumentException if the bytes are not a WebAssembly module, exceed those
     *     bounds or carry an unreadable {@code wasmbox.manifest}; the message says what is wrong
     *     and where, the module's own text escaped
     */
    public static ModuleDescription read(byte[] module) {
        Objects.requireNonNull(module, "module");
        ModuleInfo info;
        try {
            info = ModulePrescan.scan(module, PrescanLimits.DEFAULTS);
        } catch (ModuleFormatException e) {
            throw new IllegalArgumentException(
                    "not a valid WebAssembly module: "
                            + GuestText.escape(String.valueOf(e.getMessage()), MESSAGE_CHARS),
                    e);
        }
        Optional<PluginManifest> manifest;
        try {
            manifest = info.manifest().map(PluginManifest::parse);
        } catch (IllegalArgumentException e) {
            // PluginManifest quotes the manifest's values escaped and capped already.
            throw new IllegalArgumentException("unreadable wasmbox.manifest: " + e.getMessage(), e);
        }
        return new ModuleDescription(info, manifest);
    }

    /** Every import, in module order. */
    public List<Import> imports() {
        return info.imports().stream()
                .map(i -> new Import(i.module(), i.name(), kind(i.kind())))
                .toList();
    }

    /** Every export, in module order. */
    public List<Export> exports() {
        return info.exports().stream().map(e -> new Export(e.name(), kind(e.kind()))).toList();
    }

    /** Imported and defined memories. */
    public List<Memory> memories() {
        return info.memories().stream()
                .map(m -> new Memory(m.minPages(), m.maxPages(), m.shared(), m.imported()))
                .toList();
    }

    /** Imported and defined tables. */
    public List<Table> tables() {
        return info.tables().stream()
                .map(t -> new Table(t.minElements(), t.maxElements(), t.imported()))
                .toList();
    }

    /** The proposals beyond WebAssembly 2.0 that the module uses; a policy must enable them. */
    public Set<WasmFeature> features() {
        return info.features();
    }

    /** The module's {@code wasmbox.manifest}, if it has one. */
    public Optional<PluginManifest> manifest() {
        return manifest;
    }

    /** The names of the module's custom sections, in module order. */
    public List<String> customSections() {
        return info.customSections().stream().map(ModuleInfo.CustomSection::name).toList();
    }

    private static String kind(ModuleInfo.ExternKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
