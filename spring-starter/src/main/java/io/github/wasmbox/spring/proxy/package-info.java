/**
 * Proxies for {@link io.github.wasmbox.spring.WasmPlugin} interfaces and the scan that registers
 * them as beans.
 */
@NullMarked
package io.github.wasmbox.spring.proxy;

import org.jspecify.annotations.NullMarked;
