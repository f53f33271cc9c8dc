/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.CallResult;
import java.time.Duration;
import java.util.Objects;

/**
 * A decoded plugin result together with what the call cost; the return type of a {@link WasmPlugin}
 * method that wants the statistics. Immutable; thread-safe if the value is.
 *
 * @param <T> the decoded value's type
 */
public final class PluginCallResult<T> {
    private final T value;
    private final CallResult raw;

    /** Created by the proxy; public so that tests can build one. */
    public PluginCallResult(T value, CallResult raw) {
        this.value = Objects.requireNonNull(value, "value");
        this.raw = Objects.requireNonNull(raw, "raw");
    }

    /** The decoded output. */
    public T value() {
        return value;
    }

    /** The raw call result: output bytes, stdout and stderr. */
    public CallResult raw() {
        return raw;
    }

    /** Wall-clock time of the call. */
    public Duration duration() {
        return raw.duration();
    }

    /** Fuel the call consumed. */
    public long fuelConsumed() {
        return raw.fuelConsumed();
    }

    /** The largest linear-memory size reached, in bytes. */
    public long peakMemoryBytes() {
        return raw.peakMemoryBytes();
    }

    @Override
    public String toString() {
        return "PluginCallResult[value=" + value + ", " + raw + "]";
    }
}
