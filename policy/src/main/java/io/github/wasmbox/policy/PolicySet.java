/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The policies of a policy file, fully merged: one {@link PluginPolicy} per plugin the file names,
 * and the {@link #defaults()} policy for every other plugin. Read one with {@link PolicyFiles}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PolicySet {
    private final PluginPolicy defaults;
    private final Map<String, PluginPolicy> plugins;

    PolicySet(PluginPolicy defaults, Map<String, PluginPolicy> plugins) {
        this.defaults = defaults;
        this.plugins = Collections.unmodifiableMap(new LinkedHashMap<>(plugins));
    }

    /**
     * Returns the policy of a plugin the file does not name: no grants, and the limits and settings
     * of the file's {@code defaults} section.
     */
    public PluginPolicy defaults() {
        return defaults;
    }

    /** Returns the merged policy of every plugin the file names, in file order. */
    public Map<String, PluginPolicy> plugins() {
        return plugins;
    }

    /**
     * Returns the merged policy of {@code plugin}, or {@link #defaults()} (which grants nothing)
     * when the file does not name it.
     */
    public PluginPolicy policyFor(String plugin) {
        Objects.requireNonNull(plugin, "plugin");
        return plugins.getOrDefault(plugin, defaults);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySet
                && defaults.equals(((PolicySet) o).defaults)
                && plugins.equals(((PolicySet) o).plugins);
    }

    @Override
    public int hashCode() {
        return defaults.hashCode() * 31 + plugins.hashCode();
    }

    @Override
    public String toString() {
        return "PolicySet{defaults=" + defaults + ", plugins=" + plugins + "}";
    }
}
