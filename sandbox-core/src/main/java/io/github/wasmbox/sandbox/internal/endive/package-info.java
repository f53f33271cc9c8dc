/** The only code that touches Endive: compiling, linking and running modules. Internal. */
@NullMarked
package io.github.wasmbox.sandbox.internal.endive;

import org.jspecify.annotations.NullMarked;
