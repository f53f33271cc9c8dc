@NullMarked
package io.github.wasmbox.sandbox;

import org.jspecify.annotations.NullMarked;
