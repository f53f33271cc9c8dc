/**
 * The {@code wasmbox:http} capability: outbound HTTP requests, allow-listed and SSRF-checked. The
 * only package of this module that may open network connections.
 */
@NullMarked
package io.github.wasmbox.host.http;

import org.jspecify.annotations.NullMarked;
