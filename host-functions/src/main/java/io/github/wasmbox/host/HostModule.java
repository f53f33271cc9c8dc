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
 * Marks a class whose {@link HostFunction} methods form one Wasm import module, such as {@code
 * wasmbox:kv} or {@code acme:pricing}. Bind instances with {@link HostModules#of}.
 *
 * <p>The module name must not be {@code wasmbox} nor start with {@code wasi_}: those belong to the
 * runtime.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HostModule {

    /** The import module name plugins use, such as {@code acme:pricing}. */
    String value();
}
