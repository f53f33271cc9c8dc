/**
 * JMH benchmarks of wasmbox against raw Endive (driving the same {@code .wasm} by hand) and plain
 * Java, plus the footprint and fresh-JVM harnesses. Not a library: not published.
 */
@NullMarked
package io.github.wasmbox.benchmarks;

import org.jspecify.annotations.NullMarked;
