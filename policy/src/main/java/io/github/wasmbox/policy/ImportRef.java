/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Objects;

/**
 * One import of a Wasm module (or one capability a manifest requests): the import module and the
 * name within it, such as {@code wasmbox:kv} / {@code get}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param module the import module
 * @param name the imported name
 */
public record ImportRef(String module, String name) {
    /** Checks that neither part is null. */
    public ImportRef {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code module/name}, split at the last {@code /}.
     *
     * @throws IllegalArgumentException if there is no {@code /} or either side is empty
     */
    public static ImportRef parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        int slash = reference.lastIndexOf('/');
        if (slash <= 0 || slash == reference.length() - 1) {
            throw new IllegalArgumentException(
                    "import must be 'module/name' but was '" + reference + "'");
        }
        return new ImportRef(reference.substring(0, slash), reference.substring(slash + 1));
    }

    /** Returns {@code module/name}, the form {@link #parse} reads and grants use. */
    @Override
    public String toString() {
        return module + "/" + name;
    }
}
