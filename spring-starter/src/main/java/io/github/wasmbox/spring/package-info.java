/**
 * The wasmbox Spring integration's API: {@link io.github.wasmbox.spring.WasmPlugin} interfaces, the
 * {@link io.github.wasmbox.spring.PluginRegistry}, {@link
 * io.github.wasmbox.spring.PluginCustomizer} and the registry's events.
 */
@NullMarked
package io.github.wasmbox.spring;

import org.jspecify.annotations.NullMarked;
