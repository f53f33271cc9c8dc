/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.engine.FuelMeter;

/**
 * Where the fuel counter lives when {@link GeneratedClasses} moved it out of its global: a field of
 * memory 0, which every generated function already receives, so that metering costs a field access
 * instead of a global lookup. Public only because the generated classes, in a class loader of their
 * own, read and write it; the package is not exported.
 *
 * <p>Confined, like the memory, to the thread running the instance's call.
 */
public abstract class FuelCell implements FuelMeter.Counter {
    /** The fuel left; negative once exhausted. */
    public long fuel;

    FuelCell() {}

    @Override
    public long get() {
        return fuel;
    }

    @Override
    public void set(long value) {
        fuel = value;
    }
}
