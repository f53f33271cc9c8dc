/**
 * The {@code wasmbox:clock} capability: wall-clock and monotonic time per the policy's clock mode.
 */
@NullMarked
package io.github.wasmbox.host.clock;

import org.jspecify.annotations.NullMarked;
