/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

public record Order(String customerId, long totalCents, String couponCode) {}
