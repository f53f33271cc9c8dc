/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

import java.util.List;

/**
 * A source of host functions handed to {@code PluginRuntime.Builder.hostModules}. A function is
 * linked into a plugin only when the plugin imports it and its policy grants it. Implementations
 * must be thread-safe: one definition serves every plugin and call.
 */
@FunctionalInterface
public interface HostFunctionProvider {

    /** The functions this provider offers. Called once, when the runtime is built. */
    List<HostFunctionDefinition> hostFunctions();
}
