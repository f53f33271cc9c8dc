/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import io.github.wasmbox.spring.WasmPlugin;

/** The interface of docs/plugin-authoring.md §3, with the records of that page's test. */
@WasmPlugin("discount")
public interface DiscountRules {
    Quote quote(Order order);
}
