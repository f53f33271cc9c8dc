/** The only code that touches Chicory: compiling, linking and running modules. Internal. */
@NullMarked
package io.github.wasmbox.sandbox.internal.chicory;

import org.jspecify.annotations.NullMarked;
