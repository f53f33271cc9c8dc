/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The plugins whose versions follow a source outside the application, such as an OCI tag ({@code
 * location: oci://host/repo:tag}): where each rollout stands, for health and operators. Implemented
 * by the starter's OCI support when {@code wasmbox-oci} is on the class path. Thread-safe.
 */
public interface PluginRollouts {

    /** The rollout of plugin {@code name}, if its versions follow a source. */
    Optional<Status> rollout(String name);

    /**
     * Where one plugin's rollout stands.
     *
     * @param source what is followed, such as {@code registry.example.com/acme/discount:stable}
     * @param state the rollout's state, such as {@code CURRENT}, {@code PROBATION}, {@code
     *     REGISTRY_UNAVAILABLE}, {@code REFUSED} or {@code ROLLED_BACK}
     * @param serving the version (manifest digest) the rollout serves, or null before the first
     * @param detail why, when the state is not {@code CURRENT}
     * @param checked when the source was last checked, or null before the first check
     */
    record Status(
            String source,
            String state,
            @Nullable String serving,
            @Nullable String detail,
            @Nullable Instant checked) {
        public Status {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(state, "state");
        }
    }
}
