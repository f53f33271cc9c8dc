/**
 * The {@code wasmbox:kv} capability: a namespaced key-value store, with an in-memory and a JDBC
 * implementation of the {@link io.github.wasmbox.host.kv.KeyValueStore} SPI.
 */
@NullMarked
package io.github.wasmbox.host.kv;

import org.jspecify.annotations.NullMarked;
