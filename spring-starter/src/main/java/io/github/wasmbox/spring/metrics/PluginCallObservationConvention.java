/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of a plugin call. Define a bean of this type to change them;
 * {@link DefaultPluginCallObservationConvention} is the default.
 */
public interface PluginCallObservationConvention extends ObservationConvention<PluginCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PluginCallContext;
    }
}
