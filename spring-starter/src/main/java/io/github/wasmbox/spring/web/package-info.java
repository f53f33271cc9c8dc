/**
 * Web integration: failed plugin calls as RFC 9457 problem details ({@link
 * io.github.wasmbox.spring.web.PluginProblemDetails}).
 */
@NullMarked
package io.github.wasmbox.spring.web;

import org.jspecify.annotations.NullMarked;
