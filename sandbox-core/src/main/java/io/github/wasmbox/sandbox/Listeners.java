/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the runtime's listeners; a failing listener never fails a call. */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<PluginListener> listeners;

    Listeners(List<PluginListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void loaded(PluginEvents.Loaded event) {
        each(listener -> listener.onLoaded(event));
    }

    void call(PluginEvents.Call event) {
        each(listener -> listener.onCall(event));
    }

    void denied(PluginEvents.Denied event) {
        each(listener -> listener.onDenied(event));
    }

    void quotaReached(PluginEvents.QuotaReached event) {
        each(listener -> listener.onQuotaReached(event));
    }

    private void each(Consumer<PluginListener> action) {
        for (PluginListener listener : listeners) {
            try {
                action.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("plugin listener {} failed; ignoring", listener, e);
            }
        }
    }
}
