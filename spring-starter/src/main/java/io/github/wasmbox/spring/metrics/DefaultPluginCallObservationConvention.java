/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.micrometer.common.KeyValues;

/**
 * The default convention: observation {@code wasmbox.plugin.call}, contextual name {@code
 * <plugin>.<function>}, low-cardinality keys {@code plugin}, {@code function}, {@code outcome}.
 * Stateless and thread-safe; subclass it to add keys.
 */
public class DefaultPluginCallObservationConvention implements PluginCallObservationConvention {

    @Override
    public String getName() {
        return "wasmbox.plugin.call";
    }

    @Override
    public String getContextualName(PluginCallContext context) {
        return context.getPluginName() + "." + context.getFunctionName();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PluginCallContext context) {
        String outcome = context.getOutcome();
        return KeyValues.of(
                "plugin", context.getPluginName(),
                "function", context.getFunctionName(),
                "outcome", outcome == null ? "unknown" : outcome);
    }
}
