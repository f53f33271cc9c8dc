/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import org.jspecify.annotations.Nullable;

/**
 * The single place that reads the host's environment, and only for variables a policy passes to a
 * plugin on purpose ({@code EnvGrant.fromHost}). Architecture tests forbid {@code System.getenv}
 * anywhere else.
 */
public final class HostEnvironment {
    private HostEnvironment() {}

    public static @Nullable String variable(String name) {
        return System.getenv(name);
    }
}
