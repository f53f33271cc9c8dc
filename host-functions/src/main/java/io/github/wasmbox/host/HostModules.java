/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns objects whose class is annotated with {@link HostModule} into host functions that the
 * runtime links into plugins ({@code PluginRuntime.builder().hostModules(...)}).
 *
 * <p>Every {@link HostFunction} method is bound once, through a {@link
 * java.lang.invoke.MethodHandle}, when {@link #of} is called; a method that cannot be bound fails
 * then, with a message naming the method and the reason. The Wasm signature follows guest ABI v1:
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>Java</th><th>Wasm</th></tr>
 *   <tr><td>{@code int}, {@code boolean}</td><td>one {@code i32} (non-zero is {@code true})</td></tr>
 *   <tr><td>{@code long} / {@code float} / {@code double}</td><td>{@code i64} / {@code f32} /
 *       {@code f64}</td></tr>
 *   <tr><td>{@code String}</td><td>{@code (ptr, len)} of UTF-8; invalid UTF-8 is {@code
 *       INVALID_ARGUMENT}</td></tr>
 *   <tr><td>{@code byte[]}</td><td>{@code (ptr, len)} of raw bytes</td></tr>
 *   <tr><td>{@link io.github.wasmbox.sandbox.CallContext}, {@link
 *       io.github.wasmbox.sandbox.spi.HostCall}</td><td>nothing: injected</td></tr>
 *   <tr><td>any other type</td><td>{@code (ptr, len)} of JSON, decoded with the runtime's
 *       {@link io.github.wasmbox.sandbox.PayloadCodec}; undecodable is {@code
 *       INVALID_ARGUMENT}</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Results</caption>
 *   <tr><th>Java</th><th>Wasm</th></tr>
 *   <tr><td>{@code void}</td><td>{@code i32}: 0, or a negative error code</td></tr>
 *   <tr><td>{@code int}</td><td>{@code i32}: the value, or a negative error code when the method
 *       throws {@link CapabilityException}</td></tr>
 *   <tr><td>{@code boolean}, {@code long}, {@code float}, {@code double}</td><td>the number; these
 *       cannot report errors</td></tr>
 *   <tr><td>{@code String}, {@code byte[]}, {@code Optional<T>}, any other type</td><td>{@code
 *       i32}: the length of the pending result (UTF-8, raw or JSON), or a negative error code;
 *       an empty {@code Optional} is {@code NOT_FOUND}; a result over {@code max-host-result}
 *       is {@code TOO_LARGE}</td></tr>
 * </table>
 *
 * <p>Errors: a {@link CapabilityException} becomes its error code with its message as the pending
 * result (a denial goes through the runtime's denial handling). Any other exception, and a {@code
 * null} result, traps the guest and fails the call with {@link
 * io.github.wasmbox.sandbox.HostFunctionException}. A {@code (ptr, len)} outside guest memory
 * traps; a length over {@code max-host-result} is {@code TOO_LARGE} and nothing is read. When the
 * result cannot carry an error code ({@code boolean}, {@code long}, {@code float}, {@code double}),
 * arguments that cannot be decoded trap the guest instead.
 *
 * <p>Thread-safety: the returned provider and its functions are immutable and may serve any number
 * of plugins and calls at once; the bound objects must be thread-safe themselves.
 */
public final class HostModules {
    private HostModules() {}

    /**
     * Binds the {@link HostFunction} methods of every object.
     *
     * @throws IllegalArgumentException if an object's class lacks {@link HostModule} or has no
     *     {@link HostFunction} method, a method has an unsupported parameter or result type, is
     *     static or not accessible, or two functions share a module and name
     */
    public static HostFunctionProvider of(Object... capabilities) {
        Objects.requireNonNull(capabilities, "capabilities");
        List<HostFunctionDefinition> definitions = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (Object capability : capabilities) {
            Objects.requireNonNull(capability, "capability");
            for (HostFunctionDefinition definition : Binder.bind(capability)) {
                String owner = capability.getClass().getName();
                String previous = owners.putIfAbsent(definition.qualifiedName(), owner);
                if (previous != null) {
                    throw new IllegalArgumentException(
                            "host function "
                                    + definition.qualifiedName()
                                    + " is declared twice, by "
                                    + previous
                                    + " and "
                                    + owner
                                    + "; give one of them another name with"
                                    + " @HostFunction(\"...\")");
                }
                definitions.add(definition);
            }
        }
        List<HostFunctionDefinition> bound = List.copyOf(definitions);
        return () -> bound;
    }
}
