/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.wasmbox.test.spring.WasmboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

// docs/testing.md: a @WasmPlugin bean replaced with a Mockito mock (the plugin would give 1500).
@WasmboxTest
@Import(CheckoutService.class)
class CheckoutServiceTest {
    @MockitoBean DiscountRules discounts;
    @Autowired CheckoutService checkout;

    @Test
    void chargesTheTotalLessTheDiscount() {
        Order order = new Order("c-1", 10_000, "WELCOME10");
        when(discounts.quote(order)).thenReturn(new Quote(2_000, "EUR"));

        assertThat(checkout.charge(order)).isEqualTo(8_000);
        verify(discounts).quote(order);
    }
}
