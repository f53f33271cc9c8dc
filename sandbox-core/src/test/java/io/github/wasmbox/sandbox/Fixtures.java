/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Test fixtures: the WAT-built modules under {@code wat/} and policy shorthands. */
final class Fixtures {
    private Fixtures() {}

    static byte[] wasm(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/wat/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PluginSource source(String name) {
        return PluginSource.bytes(wasm(name));
    }

    /**
     * The deny-all policy with its limits adjusted. The timeout defaults to 10 s rather than 250 ms
     * so that a cold JVM on a loaded machine cannot turn an unrelated test into a timeout.
     */
    static PluginPolicy limits(UnaryOperator<Limits.Builder> adjust) {
        Limits.Builder relaxed = Limits.defaults().toBuilder().timeout(Duration.ofSeconds(10));
        return PluginPolicy.builder().limits(adjust.apply(relaxed).build()).build();
    }

    /** The deny-all policy with a 10 s timeout. */
    static PluginPolicy relaxed() {
        return limits(l -> l);
    }

    /**
     * The host function depth.wat calls first ({@code test:depth/enter}): it records the thread
     * running the guest in {@code thread}.
     */
    static HostFunctionDefinition depthProbe(AtomicReference<Thread> thread) {
        return new HostFunctionDefinition(
                "test:depth",
                "enter",
                List.of(),
                List.of(),
                (call, args) -> {
                    thread.set(Thread.currentThread());
                    return new long[0];
                });
    }

    /**
     * The deny-all policy with a 10 s timeout, {@code stackBytes} of stack and depth.wat's probe.
     */
    static PluginPolicy depthPolicy(long stackBytes) {
        return PluginPolicy.builder()
                .limits(
                        Limits.defaults().toBuilder()
                                .timeout(Duration.ofSeconds(10))
                                .stackSizeBytes(stackBytes)
                                .build())
                .allowHostFunction("test:depth", "enter")
                .build();
    }
}
