/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.Limits;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plugin version's quarantine ({@link Limits#quarantineAfter()}): counts the calls in a row the
 * sandbox stopped and, past the limit, makes each call take every lease of the pool, so that the
 * plugin runs one call at a time. A plugin that burns its whole budget on every call then holds at
 * most one thread, however many callers ask for it; its other callers wait for the pool, parked,
 * instead of each burning a core of their own.
 *
 * <p>Thread-safe. The count is a heuristic read without a lock: a call that starts while another
 * ends may take one lease or all of them, and either is safe.
 */
final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final String plugin;
    private final int after;
    private final int poolSize;
    private final AtomicInteger stopped = new AtomicInteger();

    Quarantine(String plugin, Limits limits) {
        this.plugin = plugin;
        this.after = limits.quarantineAfter();
        this.poolSize = limits.poolSize();
    }

    /** Whether calls now run one at a time. */
    boolean active() {
        return after > 0 && stopped.get() >= after;
    }

    /** The leases of the pool a call starting now takes: all of them in quarantine, else one. */
    int leases() {
        return active() ? poolSize : 1;
    }

    /**
     * Counts a call's ending. A call the sandbox stopped counts towards the quarantine; a success,
     * or a failure the plugin reported itself, ends it; the rest (busy, cancelled, host errors, an
     * input over the limit) say nothing about the plugin and leave the count alone.
     */
    void ended(PluginEvents.Outcome outcome) {
        if (after == 0) {
            return;
        }
        switch (outcome) {
            case SUCCESS, FAILED -> {
                if (stopped.getAndSet(0) >= after) {
                    LOG.info(
                            "plugin '{}' is out of quarantine: a call ended with {}; its calls run"
                                    + " concurrently again",
                            plugin,
                            outcome);
                }
            }
            case TRAP, TIMEOUT, FUEL, MEMORY, TABLE, STACK, OUTPUT, DENIED -> {
                // Counted up to the limit only, so that a plugin failing forever cannot wrap it.
                if (stopped.getAndAccumulate(1, (n, one) -> Math.min(n + one, after))
                        == after - 1) {
                    LOG.warn(
                            "plugin '{}' is quarantined: the sandbox stopped its last {} calls, the"
                                    + " last with {}. Its calls now run one at a time until one"
                                    + " succeeds; the other callers wait for the pool. Look at why"
                                    + " it fails (its call events), or set limits.quarantine-after"
                                    + " to change when this happens (0: never).",
                            plugin,
                            after,
                            outcome);
                }
            }
            default -> {
                // BUSY, CANCELLED, HOST_ERROR, INPUT: not the plugin's doing
            }
        }
    }
}
