/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.test.spring.WasmboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskExecutor;

/**
 * What {@link WasmboxTest} creates of the test application: wasmbox, configured by its
 * application.yaml, and the application's wasmbox components, and nothing else.
 */
@WasmboxTest
class DiscountRulesSliceTest {
    @Autowired LoadedPlugins loaded;
    @Autowired PluginRegistry registry;
    @Autowired ApplicationContext context;

    @Test
    void thePluginLoadsAsApplicationYamlConfiguresIt() {
        assertThat(loaded.names()).containsExactly("discount");
        assertThat(registry.require("discount").policy().limits().timeout()).hasSeconds(10);
        assertThat(registry.require("discount").policy().config()).containsEntry("currency", "EUR");
    }

    @Test
    void theRestOfTheApplicationIsNotCreated() {
        assertThat(context.getBeanNamesForType(CheckoutService.class)).isEmpty();
        // Boot's other auto-configuration stays out too; the full application has both
        // (FullApplicationContextTest).
        assertThat(context.getBeanNamesForType(TaskExecutor.class)).isEmpty();
    }
}
