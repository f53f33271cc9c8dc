/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;

/** The decoder keeps the features it allows and sees as bit sets of {@link WasmFeature}. */
final class Features {
    private Features() {}

    static int bit(WasmFeature feature) {
        return 1 << feature.ordinal();
    }
}
