/** The {@code plugins} actuator endpoint and health indicator. */
@NullMarked
package io.github.wasmbox.spring.actuate;

import org.jspecify.annotations.NullMarked;
