/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import io.github.wasmbox.sandbox.PluginEvents;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the denials of the current test: each time the policy refused the plugin a
 * target (a key-value namespace, an HTTP origin, a config key) of a granted function.
 */
public final class DenialsAssert extends AbstractAssert<DenialsAssert, WasmboxExtension> {

    DenialsAssert(WasmboxExtension actual) {
        super(actual, DenialsAssert.class);
    }

    /** The policy denied nothing. */
    public DenialsAssert deniedNothing() {
        List<PluginEvents.Denied> denials = actual.denials();
        if (!denials.isEmpty()) {
            failWithMessage("Expected no denials but got %s", shown(denials));
        }
        return this;
    }

    /**
     * The policy denied {@code capability} (a capability module such as {@code wasmbox:kv}) a
     * target whose description contains {@code target} (a namespace, an HTTP origin, a key).
     */
    public DenialsAssert denied(String capability, String target) {
        List<PluginEvents.Denied> denials = actual.denials();
        if (denials.stream()
                .noneMatch(d -> d.capability().equals(capability) && d.target().contains(target))) {
            failWithMessage(
                    "Expected a denial of %s for %s but got %s",
                    capability, target, denials.isEmpty() ? "none" : shown(denials));
        }
        return this;
    }

    private static String shown(List<PluginEvents.Denied> denials) {
        return denials.stream()
                .map(d -> d.capability() + " " + d.target())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
