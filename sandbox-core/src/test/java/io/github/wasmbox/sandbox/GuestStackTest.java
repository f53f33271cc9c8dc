/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guest stack budget: wasmbox's rewrite of the compiled code charges every guest frame, so a
 * guest's depth is bounded by the policy's stack size alone, the same on the caller's thread and on
 * a plugin thread, cold or JIT-compiled; which is what lets calls run on the caller's thread by
 * default.
 */
class GuestStackTest {
    /** The thread that ran the last call's guest code, as its host function saw it. */
    private final AtomicReference<Thread> callThread = new AtomicReference<>();

    private final HostFunctionDefinition enter = Fixtures.depthProbe(callThread);
    private final PluginRuntime defaults =
            PluginRuntime.builder().hostModules(() -> List.of(enter)).build();
    private final PluginRuntime pluginThreads =
            PluginRuntime.builder()
                    .hostModules(() -> List.of(enter))
                    .callerThreadCalls(false)
                    .build();

    @AfterEach
    void close() {
        defaults.close();
        pluginThreads.close();
    }

    private static Plugin depth(PluginRuntime runtime, long stackBytes) {
        return runtime.load(
                "depth-" + stackBytes, Fixtures.source("depth"), Fixtures.depthPolicy(stackBytes));
    }

    /** Whether the guest recursing {@code frames} deep returns; false if it stops with STACK. */
    private static boolean fits(Plugin plugin, int frames) {
        byte[] input = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(frames).array();
        try {
            plugin.call("descend", input);
            return true;
        } catch (ResourceExhaustedException e) {
            assertThat(e.resource()).isEqualTo(Resource.STACK);
            return false;
        }
    }

    /** The deepest recursion the plugin completes, by bisection. */
    private static int deepest(Plugin plugin) {
        int fits = 0;
        int fails = 1 << 20;
        assertThat(fits(plugin, fails)).isFalse();
        while (fails - fits > 1) {
            int middle = (fits + fails) >>> 1;
            if (fits(plugin, middle)) {
                fits = middle;
            } else {
                fails = middle;
            }
        }
        return fits;
    }

    @Test
    void theGuestsDepthIsBoundedAlikeOnEveryThreadColdOrCompiled() {
        Plugin onCaller = depth(defaults, 256 << 10);
        int cold = deepest(onCaller);
        assertThat(callThread.get()).isSameAs(Thread.currentThread());
        // Enough deep calls for the JIT to compile the guest's functions, whose frames are smaller.
        for (int i = 0; i < 300; i++) {
            assertThat(fits(onCaller, cold)).isTrue();
        }
        int compiled = deepest(onCaller);

        Plugin onPluginThread = depth(pluginThreads, 256 << 10);
        int pluginThread = deepest(onPluginThread);
        assertThat(callThread.get()).isNotSameAs(Thread.currentThread());

        assertThat(cold).isGreaterThan(100).isEqualTo(compiled).isEqualTo(pluginThread);
        // The policy's stack size is what bounds it: twice the stack, twice the depth, and a few
        // frames more, since the room kept for the frames that charge nothing (descend's and the
        // host calls') is taken from the budget once, not twice.
        int doubled = deepest(depth(defaults, 512 << 10));
        assertThat(doubled).isBetween(2 * cold, 2 * cold + 6);
    }

    @Test
    void endlessRecursionStopsWithStackOnTheCallersThreadWhichCarriesOn() {
        Plugin hostile = defaults.load("hostile", Fixtures.source("hostile"), Fixtures.relaxed());

        assertThatThrownBy(() -> hostile.call("recurse", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.STACK));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        // The caller's thread goes on serving calls, deep ones included.
        Plugin echo = defaults.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        assertThat(echo.call("echo", "alive".getBytes(UTF_8))).asString(UTF_8).isEqualTo("alive");
        Plugin depth = depth(defaults, 1 << 20);
        assertThat(fits(depth, 1_000)).isTrue();
        assertThat(callThread.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void aStackLargerThanAThreadsDefaultRunsOnThePluginsOwnThreads() {
        Plugin large = depth(defaults, 64L << 20);

        assertThat(fits(large, 1_000)).isTrue();

        assertThat(callThread.get()).isNotSameAs(Thread.currentThread());
    }
}
