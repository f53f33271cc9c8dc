/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.micrometer.observation.Observation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one plugin call: which plugin and function, and how it ended.
 * Mutable by the observation only; read by conventions and handlers on the calling thread.
 */
public class PluginCallContext extends Observation.Context {
    private final String pluginName;
    private final String functionName;
    private @Nullable String outcome;

    public PluginCallContext(String pluginName, String functionName) {
        this.pluginName = Objects.requireNonNull(pluginName, "pluginName");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
    }

    public String getPluginName() {
        return pluginName;
    }

    public String getFunctionName() {
        return functionName;
    }

    /** The outcome tag value once the call ended, else null. */
    public @Nullable String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }
}
