/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.test.spring.WasmboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskExecutor;

/**
 * {@link WasmboxTest} on the test application: its plugin runs as application.yaml configures it,
 * with the slice's properties on top, and nothing of the application but wasmbox is created.
 */
@WasmboxTest(properties = "wasmbox.plugins.discount.grants.config.currency=CHF")
class DiscountRulesSliceTest {
    @Autowired DiscountRules rules;
    @Autowired KeyValueStore store;
    @Autowired LoadedPlugins loaded;
    @Autowired ApplicationContext context;

    @Test
    void thePluginRunsUnderItsConfiguredGrants() {
        Order order = new Order("c-1", 10_000, "WELCOME10");

        assertThat(rules.quote(order)).isEqualTo(new Quote(1_500, "CHF"));
        assertThat(rules.quote(order)).isEqualTo(new Quote(500, "CHF"));
        assertThat(store.get("coupons", "used/c-1")).isPresent();
        assertThat(
                        context.getBean(PluginRegistry.class)
                                .require("discount")
                                .policy()
                                .limits()
                                .timeout())
                .hasSeconds(10);
    }

    @Test
    void onlyWasmboxAndTheApplicationsWasmboxComponentsAreCreated() {
        assertThat(loaded.names()).containsExactly("discount");
        assertThat(context.getBeanNamesForType(CheckoutService.class)).isEmpty();
        // The full application has both (FullApplicationContextTest).
        assertThat(context.getBeanNamesForType(TaskExecutor.class)).isEmpty();
    }
}
