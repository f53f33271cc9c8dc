/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

/**
 * The Wasm number types a host function can take and return. Values travel as {@code long}: an
 * {@code i32} in the low 32 bits, {@code f32}/{@code f64} as their raw IEEE-754 bits.
 */
public enum WasmType {
    I32,
    I64,
    F32,
    F64
}
