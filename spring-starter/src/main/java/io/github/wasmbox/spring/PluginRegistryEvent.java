/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEvent;

/**
 * Published by the {@link PluginRegistry} when a plugin is loaded, replaced, fails to load or
 * replace, or is unloaded. Listen with {@code @EventListener}. Immutable.
 */
public final class PluginRegistryEvent extends ApplicationEvent {
    private static final long serialVersionUID = 1L;

    /** What happened. */
    public enum Kind {
        LOADED,
        REPLACED,
        /** A load or replace failed; for a replace the previous version keeps serving. */
        FAILED,
        UNLOADED
    }

    private final Kind kind;
    private final String pluginName;
    private final @Nullable String sha256;
    private final @Nullable String previousSha256;
    private final transient @Nullable Throwable failure;

    public PluginRegistryEvent(
            PluginRegistry source,
            Kind kind,
            String pluginName,
            @Nullable String sha256,
            @Nullable String previousSha256,
            @Nullable Throwable failure) {
        super(source);
        this.kind = kind;
        this.pluginName = pluginName;
        this.sha256 = sha256;
        this.previousSha256 = previousSha256;
        this.failure = failure;
    }

    public Kind kind() {
        return kind;
    }

    public String pluginName() {
        return pluginName;
    }

    /** The digest now serving, or null when none does. */
    public @Nullable String sha256() {
        return sha256;
    }

    /** The digest that served before a replace, or null. */
    public @Nullable String previousSha256() {
        return previousSha256;
    }

    /** The failure of a {@link Kind#FAILED} event, else null. */
    public @Nullable Throwable failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "PluginRegistryEvent[" + kind + " " + pluginName + ", sha256=" + sha256 + "]";
    }
}
