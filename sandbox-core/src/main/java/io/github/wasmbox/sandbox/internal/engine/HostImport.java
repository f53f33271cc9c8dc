/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import org.jspecify.annotations.Nullable;

/**
 * One imported function as wasmbox implements it, engine-free: the engine calls it with the
 * instance's memory (null if the module has none) and the arguments as raw bits, and returns the
 * results to the guest.
 */
@FunctionalInterface
public interface HostImport {
    long @Nullable [] apply(@Nullable LinearMemory memory, long[] args);
}
