/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health {@code plugins}: DOWN when a required plugin does not serve; otherwise UP. Each plugin
 * appears in the details as UP or DOWN with its digest or failure, so an optional plugin that
 * failed to load is visible without taking the application out of rotation. Thread-safe.
 */
public class PluginsHealthIndicator implements HealthIndicator {
    private final PluginRegistry registry;

    public PluginsHealthIndicator(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Health health() {
        boolean down = false;
        Health.Builder builder = Health.up();
        for (PluginStatus status : registry.statuses()) {
            boolean serving = status.state() == PluginStatus.State.LOADED;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", serving ? Status.UP.getCode() : Status.DOWN.getCode());
            detail.put("required", status.required());
            if (status.sha256() != null) {
                detail.put("sha256", status.sha256());
            }
            if (status.failure() != null) {
                detail.put("failure", status.failure());
            }
            builder.withDetail(status.name(), detail);
            down |= status.required() && !serving;
        }
        return down ? builder.down().build() : builder.build();
    }
}
