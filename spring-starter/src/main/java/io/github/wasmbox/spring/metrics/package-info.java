/** Micrometer metrics and observations of plugin calls. */
@NullMarked
package io.github.wasmbox.spring.metrics;

import org.jspecify.annotations.NullMarked;
