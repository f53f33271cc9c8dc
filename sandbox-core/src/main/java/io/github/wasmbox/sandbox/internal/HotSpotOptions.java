/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;

/** Reads the running JVM's HotSpot options, where the JVM has them. Thread-safe. */
public final class HotSpotOptions {
    private HotSpotOptions() {}

    /**
     * The value of HotSpot option {@code name} ({@code -XX:name=...} or its default), or null on a
     * JVM that does not report it.
     */
    public static @Nullable String get(String name) {
        try {
            HotSpotDiagnosticMXBean diagnostics =
                    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return diagnostics == null ? null : diagnostics.getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
