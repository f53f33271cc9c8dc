/** Hot reload of plugins whose module is a file. */
@NullMarked
package io.github.wasmbox.spring.reload;

import org.jspecify.annotations.NullMarked;
