/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.policy.PluginPolicy;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the {@link PluginRegistry} loads, and reloads, one configured plugin. Immutable; the resolver
 * is called on every (re)load, so that an edited module or policy file is read again.
 *
 * @param name the plugin's name
 * @param location where the module comes from, for messages (such as {@code
 *     classpath:plugins/discount.wasm})
 * @param file the module's file when its location is on the file system (watched for hot reload),
 *     else null
 * @param required whether start-up fails when the plugin does not load
 * @param resolver reads the module and resolves the policy
 */
public record PluginDefinition(
        String name, String location, @Nullable Path file, boolean required, Resolver resolver) {

    public PluginDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(resolver, "resolver");
    }

    /** Reads a plugin's module and resolves its policy; must be thread-safe. */
    @FunctionalInterface
    public interface Resolver {

        /**
         * Resolves the plugin.
         *
         * @throws PluginStartupException when the configuration is invalid or the module cannot be
         *     read
         */
        Resolved resolve();
    }

    /**
     * A resolved plugin, ready for the runtime.
     *
     * @param module the module bytes as delivered
     * @param sha256 the pinned digest, or null
     * @param signature the detached Ed25519 signature, or null
     * @param policy the configured policy, before {@link PluginCustomizer}s
     */
    public record Resolved(
            byte[] module,
            @Nullable String sha256,
            byte @Nullable [] signature,
            PluginPolicy policy) {

        public Resolved {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(policy, "policy");
        }
    }
}
