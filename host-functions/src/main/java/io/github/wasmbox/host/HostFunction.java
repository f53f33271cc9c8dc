/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public instance method of a {@link HostModule} class as a host function. Its Wasm
 * signature follows from its Java signature as described in {@link HostModules}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HostFunction {

    /**
     * The import name plugins use; empty (the default) means the snake_case of the method name, so
     * {@code nowMillis} is imported as {@code now_millis}.
     */
    String value() default "";
}
