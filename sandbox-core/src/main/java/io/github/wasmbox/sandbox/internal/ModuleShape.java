package io.github.wasmbox.sandbox.internal;

import java.util.List;

/**
 * The facts about a module that load-time checks need: imports, memories, tables and the
 * features it uses. Immutable.
 *
 * @param imports every import, in order
 * @param memories declared memories (imported and defined)
 * @param tables declared tables (imported and defined)
 * @param usesExceptions whether the module declares exception tags
 */
public record ModuleShape(
        List<Import> imports, List<Limits> memories, List<Limits> tables, boolean usesExceptions) {

    public ModuleShape {
        imports = List.copyOf(imports);
        memories = List.copyOf(memories);
        tables = List.copyOf(tables);
    }

    /** One import: module, name and kind ({@code function}, {@code memory}, ...). */
    public record Import(String module, String name, String kind) {
        @Override
        public String toString() {
            return module + "/" + name + (kind.equals("function") ? "" : " (" + kind + ")");
        }
    }

    /**
     * Declared limits of a memory (in 64 KiB pages) or a table (in elements).
     *
     * @param initial the initial size
     * @param maximum the declared maximum, or -1 if none
     * @param shared whether the memory is shared (threads)
     */
    public record Limits(long initial, long maximum, boolean shared) {}
}
