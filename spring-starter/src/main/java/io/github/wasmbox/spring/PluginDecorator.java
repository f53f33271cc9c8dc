/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.Plugin;

/**
 * Wraps the {@link Plugin} handles that the {@link PluginRegistry} hands out, for cross-cutting
 * concerns around each call such as the Micrometer {@code Observation}. Decorators must be
 * thread-safe, must delegate every call and must not swallow exceptions.
 */
@FunctionalInterface
public interface PluginDecorator {

    /** Returns {@code plugin}, or a wrapper that delegates to it. */
    Plugin decorate(Plugin plugin);
}
