/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.PluginPolicy;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the {@link PluginRegistry} knows about one plugin at a moment. Immutable.
 *
 * @param name the plugin's name
 * @param state whether it serves calls
 * @param location where its module came from
 * @param required whether it is required at start-up
 * @param sha256 the digest of the serving module, or null if none serves
 * @param policy the policy in force, or null if none serves
 * @param audit the load-time audit of the serving module (unused grants, manifest requests,
 *     effective limits), or null if none serves; a failed load's report is in {@code failure}
 * @param failure why the last load or reload failed, or null if it did not
 * @param changedAt when the state or version last changed
 * @param counters call counters
 */
public record PluginStatus(
        String name,
        State state,
        String location,
        boolean required,
        @Nullable String sha256,
        @Nullable PluginPolicy policy,
        @Nullable AuditReport audit,
        @Nullable String failure,
        Instant changedAt,
        PluginCounters counters) {

    /** Whether a plugin serves calls. */
    public enum State {
        /**
         * Configured, not loaded yet: the registry loads its plugins when the application context
         * starts ({@link PluginRegistry#LIFECYCLE_PHASE}).
         */
        PENDING,
        /** Loaded and serving; a failed reload leaves it in this state, with {@code failure}. */
        LOADED,
        /** Never loaded, because its load failed. */
        FAILED,
        /** Unloaded from code. */
        UNLOADED
    }
}
