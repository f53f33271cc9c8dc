/** The {@code wasmbox:log} capability: plugin logging through SLF4J with per-call caps. */
@NullMarked
package io.github.wasmbox.host.log;

import org.jspecify.annotations.NullMarked;
