/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an interface whose calls go to a plugin. The starter finds such interfaces in the
 * application's packages (those of {@code @SpringBootApplication}) and registers one proxy bean for
 * each.
 *
 * <p>Each abstract method calls the plugin export of the same name, or the one named by {@link
 * PluginFunction}. A method takes at most one parameter, encoded with the plugin's {@link
 * io.github.wasmbox.sandbox.Plugin#codec() codec} (JSON by default; {@code byte[]} passes raw); a
 * typed result goes through {@link io.github.wasmbox.sandbox.Plugin#call(String, Object,
 * java.lang.reflect.Type)}, so the policy's output limit and the codec's rules apply as they do to
 * any typed call: output the codec refuses throws {@link
 * io.github.wasmbox.sandbox.PluginOutputException}. Returning {@link PluginCallResult} gives the
 * decoded value together with the call's statistics, and returning {@link
 * io.github.wasmbox.sandbox.CallResult} the raw output with them. Default methods run as written.
 * wasmbox exceptions reach the caller unchanged.
 *
 * <pre>{@code
 * @WasmPlugin("discount")
 * public interface DiscountRules {
 *     Quote quote(Order order);
 * }
 * }</pre>
 *
 * <p>The proxy is thread-safe and always calls the plugin's current version, so a reload takes
 * effect for every holder of the bean.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WasmPlugin {

    /** The plugin's name, as configured under {@code wasmbox.plugins.<name>}. */
    String value();
}
