/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

/**
 * A read-only view of a plugin's instance pool at one moment, for saturation metrics: how many
 * calls hold an instance, how many wait for one and how often a wait ran out. Immutable; {@link
 * Plugin#pool()} reads a new one each time.
 *
 * @param size the calls that may hold an instance at once ({@code limits.poolSize} of the version
 *     serving)
 * @param inUse the calls holding an instance now, at most {@code size} (one while the plugin is
 *     quarantined)
 * @param waiting the callers queued for an instance now (an estimate, as {@link
 *     java.util.concurrent.Semaphore#getQueueLength()} is)
 * @param acquireTimeouts the calls, since the plugin was loaded and across replaces, that got no
 *     instance and threw {@link PluginBusyException}: within {@code limits.acquireTimeout}, or at
 *     once for a host function calling back into its own plugin
 * @param quarantined whether the sandbox stopped the plugin's last {@code limits.quarantineAfter}
 *     calls, so that its calls now run one at a time until one succeeds
 */
public record PluginPool(
        int size, int inUse, int waiting, long acquireTimeouts, boolean quarantined) {}
