/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi.docs;

/** Where the docs/wagi.md example loads a quote from: the application's own store. */
public interface Quotes {
    /** The quote {@code id} as JSON, after the application's own checks. */
    byte[] json(String id);
}
