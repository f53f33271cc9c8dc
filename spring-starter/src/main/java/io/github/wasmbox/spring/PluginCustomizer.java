/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.policy.PluginPolicy;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Adjusts a plugin's policy in code, after it was read from configuration and before every load or
 * reload. Beans of this type are applied in {@link org.springframework.core.Ordered} order.
 * Implementations must be thread-safe: a reload may run on the file watcher's thread.
 *
 * <pre>{@code
 * @Bean
 * PluginCustomizer discountTenantGrant() {
 *     return PluginCustomizer.forPlugin("discount",
 *             policy -> policy.allowKeyValue("tenant-" + tenant, KeyValueAccess.READ));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PluginCustomizer {

    /**
     * Customizes the policy of {@code pluginName}.
     *
     * @param pluginName the plugin being loaded
     * @param policy a builder holding the configured policy
     */
    void customize(String pluginName, PluginPolicy.Builder policy);

    /** A customizer that applies only to the plugin named {@code pluginName}. */
    static PluginCustomizer forPlugin(
            String pluginName, Consumer<PluginPolicy.Builder> customizer) {
        Objects.requireNonNull(pluginName, "pluginName");
        Objects.requireNonNull(customizer, "customizer");
        return (name, policy) -> {
            if (name.equals(pluginName)) {
                customizer.accept(policy);
            }
        };
    }
}
