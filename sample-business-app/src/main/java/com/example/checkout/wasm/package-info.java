/**
 * The wasmbox platform wiring of the app: the runtime, plugins loaded from {@code
 * checkout.wasmbox.*} (the starter's property shape), host capabilities, metrics, the {@code
 * plugins} actuator endpoint and health.
 */
@NullMarked
package com.example.checkout.wasm;

import org.jspecify.annotations.NullMarked;
