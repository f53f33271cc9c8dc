/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.test.spring.WasmboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

// docs/testing.md: the plugin as application.yaml configures it, with the slice's properties on
// top.
@WasmboxTest(properties = "wasmbox.plugins.discount.grants.config.currency=CHF")
class DiscountRulesTest {
    @Autowired DiscountRules rules;
    @Autowired KeyValueStore store;

    @Test
    void aCouponCountsOncePerCustomer() {
        Order order = new Order("c-1", 10_000, "WELCOME10");

        assertThat(rules.quote(order)).isEqualTo(new Quote(1_500, "CHF"));
        assertThat(rules.quote(order)).isEqualTo(new Quote(500, "CHF"));
        assertThat(store.get("coupons", "used/c-1")).isPresent();
    }
}
