/**
 * WAGI: HTTP routes answered by command-mode plugins, the request as CGI environment variables and
 * stdin, the plugin's stdout as a CGI response ({@link io.github.wasmbox.spring.wagi.WagiRoutes}).
 */
@NullMarked
package io.github.wasmbox.spring.wagi;

import org.jspecify.annotations.NullMarked;
