/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.task.TaskExecutor;

/** The control for DiscountRulesSliceTest: what the whole test application creates. */
@SpringBootTest
class FullApplicationContextTest {
    @Autowired ApplicationContext context;

    @Test
    void hasTheServiceAndBootsOtherAutoConfiguration() {
        assertThat(context.getBean(CheckoutService.class).charge(new Order("c-1", 10_000, null)))
                .isEqualTo(9_500);
        assertThat(context.getBeanNamesForType(TaskExecutor.class)).isNotEmpty();
    }
}
