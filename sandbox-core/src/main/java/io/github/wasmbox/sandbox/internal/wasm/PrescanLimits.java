/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

/**
 * Upper bounds that {@link ModulePrescan} enforces on what a module declares. The defaults admit
 * every module a mainstream toolchain produces for a plugin and reject the declarations that make a
 * parser allocate or loop without bound. Counts of functions, tables, memories and globals include
 * imported ones. Immutable and thread-safe.
 *
 * @param maxTypes types, counting each member of a recursion group
 * @param maxParams parameters of one function type
 * @param maxResults results of one function type
 * @param maxImports imports
 * @param maxFunctions functions
 * @param maxTables tables
 * @param maxMemories memories
 * @param maxGlobals globals
 * @param maxExports exports
 * @param maxTags exception tags
 * @param maxElementSegments element segments
 * @param maxElementItems items in one element segment
 * @param maxDataSegments data segments
 * @param maxLocalsPerFunction locals of one function (sum over its local groups, parameters
 *     excluded)
 * @param maxFunctionBodyBytes bytes of one function body
 * @param maxNameBytes bytes of one import, export or custom-section name
 * @param maxManifestBytes bytes of the {@code wasmbox.manifest} custom section
 * @param maxTableElements declared minimum size of one table
 * @param maxControlDepth nesting depth of blocks, loops and ifs in one function
 * @param maxStructFields fields of one GC struct type
 */
public record PrescanLimits(
        int maxTypes,
        int maxParams,
        int maxResults,
        int maxImports,
        int maxFunctions,
        int maxTables,
        int maxMemories,
        int maxGlobals,
        int maxExports,
        int maxTags,
        int maxElementSegments,
        int maxElementItems,
        int maxDataSegments,
        int maxLocalsPerFunction,
        int maxFunctionBodyBytes,
        int maxNameBytes,
        int maxManifestBytes,
        int maxTableElements,
        int maxControlDepth,
        int maxStructFields) {

    /** Defaults in the spirit of the limits browsers and Wasmtime apply. */
    public static final PrescanLimits DEFAULTS =
            new PrescanLimits(
                    100_000,
                    1_000,
                    1_000,
                    100_000,
                    100_000,
                    100,
                    100,
                    100_000,
                    100_000,
                    100_000,
                    100_000,
                    10_000_000,
                    100_000,
                    50_000,
                    7_654_321,
                    100_000,
                    1 << 20,
                    10_000_000,
                    10_000,
                    10_000);

    public PrescanLimits {
        for (int v :
                new int[] {
                    maxTypes,
                    maxParams,
                    maxResults,
                    maxImports,
                    maxFunctions,
                    maxTables,
                    maxMemories,
                    maxGlobals,
                    maxExports,
                    maxTags,
                    maxElementSegments,
                    maxElementItems,
                    maxDataSegments,
                    maxLocalsPerFunction,
                    maxFunctionBodyBytes,
                    maxNameBytes,
                    maxManifestBytes,
                    maxTableElements,
                    maxControlDepth,
                    maxStructFields
                }) {
            if (v < 0) {
                throw new IllegalArgumentException("limits must not be negative: " + v);
            }
        }
    }
}
