/** The {@code wasmbox:config} capability: the configuration entries a policy exposes. */
@NullMarked
package io.github.wasmbox.host.config;

import org.jspecify.annotations.NullMarked;
