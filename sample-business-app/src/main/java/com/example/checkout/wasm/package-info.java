/**
 * The app's own part of its wasmbox set-up, on top of the starter: vendor key-value state that is
 * staged per quote and committed with it, and the rule that a denied request stops a vendor.
 */
@NullMarked
package com.example.checkout.wasm;

import org.jspecify.annotations.NullMarked;
