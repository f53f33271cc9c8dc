/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** The application's own listener, which the starter links into the runtime. Thread-safe. */
@Component
public class LoadedPlugins implements PluginListener {
    private final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public void onLoaded(PluginEvents.Loaded event) {
        names.add(event.pluginName());
    }

    public List<String> names() {
        return List.copyOf(names);
    }
}
