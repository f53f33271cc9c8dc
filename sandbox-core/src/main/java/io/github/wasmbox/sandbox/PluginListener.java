/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

/**
 * Receives what happens to plugins: loads, every call's outcome with its statistics, policy denials
 * and reached quotas. Metrics and audit logging are built on it.
 *
 * <p>Methods run synchronously on the thread that caused the event (a caller or a plugin call
 * thread), so they must be fast, thread-safe and must not throw: an exception from a listener is
 * logged and otherwise ignored.
 */
public interface PluginListener {

    /** A plugin was loaded (or replaced) and is ready to be called. */
    default void onLoaded(PluginEvents.Loaded event) {}

    /** A call finished, successfully or not. */
    default void onCall(PluginEvents.Call event) {}

    /** The policy denied a plugin something at run time. */
    default void onDenied(PluginEvents.Denied event) {}

    /** A plugin reached a quota of a capability, and the write was refused. */
    default void onQuotaReached(PluginEvents.QuotaReached event) {}
}
