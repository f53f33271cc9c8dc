/**
 * A checkout service whose business rules (discounts, fraud scoring, shipping, tax) are Wasm
 * plugins from third-party vendors, run isolated by wasmbox.
 */
@NullMarked
package com.example.checkout;

import org.jspecify.annotations.NullMarked;
