/** Spring Boot auto-configuration of wasmbox: properties, runtime, registry, capabilities. */
@NullMarked
package io.github.wasmbox.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
