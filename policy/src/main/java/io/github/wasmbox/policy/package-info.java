@NullMarked
package io.github.wasmbox.policy;

import org.jspecify.annotations.NullMarked;
