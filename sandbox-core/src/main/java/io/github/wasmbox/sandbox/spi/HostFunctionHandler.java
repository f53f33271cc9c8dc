/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

/**
 * The body of a host function.
 *
 * <p>Throwing {@link io.github.wasmbox.sandbox.PolicyViolationException} or {@link
 * io.github.wasmbox.sandbox.HostFunctionException} traps the guest and fails the call with that
 * exception; any other exception is wrapped in a {@code HostFunctionException}. Expected failures
 * (not found, denied, invalid argument) should instead be returned to the guest as an ABI error
 * code with {@link HostCall#error}.
 */
@FunctionalInterface
public interface HostFunctionHandler {

    /**
     * Runs the function.
     *
     * @param call the call in progress: guest memory, policy, context
     * @param args the arguments, one {@code long} per Wasm parameter
     * @return the results, one {@code long} per Wasm result (an empty array for none)
     */
    long[] apply(HostCall call, long[] args);
}
