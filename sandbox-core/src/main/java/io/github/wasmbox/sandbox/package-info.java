/**
 * The public API: {@link io.github.wasmbox.sandbox.PluginRuntime}, {@link
 * io.github.wasmbox.sandbox.Plugin}, sources, results, events and the exception hierarchy.
 */
@NullMarked
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.NullMarked;
