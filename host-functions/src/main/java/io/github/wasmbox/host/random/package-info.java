/** The {@code wasmbox:random} capability: secure or seeded random bytes per the policy. */
@NullMarked
package io.github.wasmbox.host.random;

import org.jspecify.annotations.NullMarked;
