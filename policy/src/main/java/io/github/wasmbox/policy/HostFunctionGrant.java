/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Objects;

/**
 * Permission to import host functions from one import module: a module name such as {@code
 * wasmbox:kv} and a glob on the function name ({@code get}, {@code *}, {@code get_?}). The module
 * name is never a glob, so a grant cannot silently cover a capability that is added later under
 * another module.
 *
 * <p>Immutable and thread-safe.
 */
public final class HostFunctionGrant {
    private final String module;
    private final String functionGlob;

    private HostFunctionGrant(String module, String functionGlob) {
        this.module = module;
        this.functionGlob = functionGlob;
    }

    /**
     * Returns a grant of the functions of {@code module} whose names match {@code functionGlob}.
     *
     * @throws IllegalArgumentException if either is empty or the module contains {@code *} or
     *     {@code ?}
     */
    public static HostFunctionGrant of(String module, String functionGlob) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(functionGlob, "functionGlob");
        if (module.isBlank()) {
            throw new IllegalArgumentException("host function module must not be blank");
        }
        if (module.indexOf('*') >= 0 || module.indexOf('?') >= 0) {
            throw new IllegalArgumentException(
                    "host function module must be an exact name, not a glob, but was '"
                            + module
                            + "'");
        }
        if (functionGlob.isEmpty()) {
            throw new IllegalArgumentException(
                    "host function name for module '" + module + "' must not be empty");
        }
        return new HostFunctionGrant(module, functionGlob);
    }

    /**
     * Parses {@code module/functionGlob}, such as {@code wasmbox:kv/get} or {@code wasmbox:log/*}.
     * The last {@code /} separates module and function, so module names may contain slashes.
     *
     * @throws IllegalArgumentException if there is no {@code /} or either part is invalid
     */
    public static HostFunctionGrant parse(String grant) {
        Objects.requireNonNull(grant, "grant");
        int slash = grant.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "host function grant must be 'module/function' (function may be a glob such"
                            + " as '*') but was '"
                            + grant
                            + "'");
        }
        return of(grant.substring(0, slash), grant.substring(slash + 1));
    }

    /** Returns the import module, such as {@code wasmbox:kv}. */
    public String module() {
        return module;
    }

    /** Returns the glob on the function name, such as {@code get} or {@code *}. */
    public String functionGlob() {
        return functionGlob;
    }

    /** Returns whether this grant covers the import {@code module}/{@code function}. */
    public boolean matches(String module, String function) {
        return this.module.equals(module) && Globs.matches(functionGlob, function);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostFunctionGrant
                && module.equals(((HostFunctionGrant) o).module)
                && functionGlob.equals(((HostFunctionGrant) o).functionGlob);
    }

    @Override
    public int hashCode() {
        return module.hashCode() * 31 + functionGlob.hashCode();
    }

    /** Returns {@code module/functionGlob}, the form {@link #parse} reads. */
    @Override
    public String toString() {
        return module + "/" + functionGlob;
    }
}
