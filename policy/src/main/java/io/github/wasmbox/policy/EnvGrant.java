/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One environment variable a plugin sees: either a literal value written in the policy, or the
 * value of a named host variable that the operator passes on purpose. The policy never reads the
 * host environment itself; the runtime supplies it to {@link #resolve}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EnvGrant {
    private final String name;
    private final @Nullable String value;
    private final @Nullable String hostVariable;

    private EnvGrant(String name, @Nullable String value, @Nullable String hostVariable) {
        this.name = name;
        this.value = value;
        this.hostVariable = hostVariable;
    }

    /**
     * Returns a grant of the variable {@code name} with a fixed {@code value}.
     *
     * @throws IllegalArgumentException if the name is empty or contains {@code =} or NUL, or the
     *     value contains NUL
     */
    public static EnvGrant literal(String name, String value) {
        checkName(name, "env name");
        Objects.requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("env value of " + name + " must not contain NUL");
        }
        return new EnvGrant(name, value, null);
    }

    /**
     * Returns a grant of the variable {@code name} whose value is the host's variable {@code
     * hostVariable}; the plugin sees nothing when the host does not define it.
     *
     * @throws IllegalArgumentException if either name is empty or contains {@code =} or NUL
     */
    public static EnvGrant fromHost(String name, String hostVariable) {
        checkName(name, "env name");
        checkName(hostVariable, "env host variable");
        return new EnvGrant(name, null, hostVariable);
    }

    private static void checkName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    what + " must be non-empty without '=' or NUL but was '" + name + "'");
        }
    }

    /** Returns the name the plugin sees. */
    public String name() {
        return name;
    }

    /** Returns the literal value, if this grant has one. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** Returns the host variable whose value is passed, if this grant passes one. */
    public Optional<String> hostVariable() {
        return Optional.ofNullable(hostVariable);
    }

    /**
     * Returns the value the plugin sees, or null when the variable is passed from a host that does
     * not define it (the plugin then sees no such variable).
     *
     * @param hostEnv looks up a host variable, typically {@code System::getenv}; called only for a
     *     grant made with {@link #fromHost}
     */
    public @Nullable String resolve(Function<String, @Nullable String> hostEnv) {
        Objects.requireNonNull(hostEnv, "hostEnv");
        return hostVariable == null ? value : hostEnv.apply(hostVariable);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EnvGrant)) {
            return false;
        }
        EnvGrant that = (EnvGrant) o;
        return name.equals(that.name)
                && Objects.equals(value, that.value)
                && Objects.equals(hostVariable, that.hostVariable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, hostVariable);
    }

    /** Returns {@code NAME=<literal>} with the value hidden, or {@code NAME=$HOST_VARIABLE}. */
    @Override
    public String toString() {
        return hostVariable == null ? name + "=<literal>" : name + "=$" + hostVariable;
    }
}
