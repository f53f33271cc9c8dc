/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the calls of the versions {@link OciRollout}s have just swapped in, for their probation.
 * Register one with the runtime ({@code PluginRuntime.builder().listener(…)}) and give it to every
 * rollout of that runtime ({@link OciRollout.Builder#probation}).
 *
 * <p>Only outcomes that are the plugin's fault count, as failures or successes: a trap, a guest
 * error, exhausted fuel, memory, table, stack or output, a deadline, a denial that trapped. Calls
 * the host cut short (cancelled, no free instance, a failing host function, oversized input) say
 * nothing about the version and are not counted. A call counts when it started after the swap, so
 * calls draining on the old version are not blamed on the new one.
 *
 * <p>Thread-safe; {@link #onCall} is a map lookup and two atomic increments.
 */
public final class ProbationListener implements PluginListener {
    static final Set<PluginEvents.Outcome> FAILURES =
            EnumSet.of(
                    PluginEvents.Outcome.FAILED,
                    PluginEvents.Outcome.TRAP,
                    PluginEvents.Outcome.TIMEOUT,
                    PluginEvents.Outcome.FUEL,
                    PluginEvents.Outcome.MEMORY,
                    PluginEvents.Outcome.TABLE,
                    PluginEvents.Outcome.STACK,
                    PluginEvents.Outcome.OUTPUT,
                    PluginEvents.Outcome.DENIED);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A listener that watches nothing until a rollout opens a probation. */
    public ProbationListener() {}

    @Override
    public void onCall(PluginEvents.Call event) {
        Window window = windows.get(event.context().pluginName());
        if (window == null) {
            return;
        }
        boolean failed = FAILURES.contains(event.outcome());
        if (!failed && event.outcome() != PluginEvents.Outcome.SUCCESS) {
            return;
        }
        if (System.nanoTime() - event.duration().toNanos() < window.openedNanos) {
            return;
        }
        window.count(failed);
    }

    /** Starts counting the calls of {@code name} that start from now on, replacing any window. */
    Window open(String name, int calls) {
        Window window = new Window(calls, System.nanoTime());
        windows.put(name, window);
        return window;
    }

    /** Stops counting the calls of {@code name} into {@code window}. */
    void close(String name, Window window) {
        windows.remove(name, window);
    }

    /** The first calls of one version: how many were counted and how many failed. */
    static final class Window {
        private final int size;
        private final long openedNanos;
        private final AtomicInteger observed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        private Window(int size, long openedNanos) {
            this.size = size;
            this.openedNanos = openedNanos;
        }

        private void count(boolean failure) {
            // Calls past the window's size are not counted; the failures are of the first ones.
            if (observed.getAndUpdate(n -> Math.min(n + 1, size)) < size && failure) {
                failed.incrementAndGet();
            }
        }

        int observed() {
            return observed.get();
        }

        int failed() {
            return failed.get();
        }
    }
}
