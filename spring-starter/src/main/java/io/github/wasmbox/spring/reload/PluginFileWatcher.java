/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.reload;

import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.spring.PluginDefinition;
import io.github.wasmbox.spring.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Replaces a plugin when its module file changes. Polls each {@code file:} location's size and
 * modification time (portable, unlike file-system events on network and container mounts) and, on a
 * change, calls {@link PluginRegistry#reload}: the swap is atomic, calls in flight drain on the old
 * version, and a new version that fails to load or fails its checks (a pinned {@code sha256}, a
 * signature, the audit) leaves the old one serving and is logged and reported in the plugin's
 * status. A file caught half-written fails to load and is retried on the next change.
 *
 * <p>One daemon thread; started and stopped with the application context. Thread-safe.
 */
public final class PluginFileWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PluginFileWatcher.class);

    private final PluginRegistry registry;
    private final Duration interval;
    private final Map<String, FileState> seen = new HashMap<>();
    private @Nullable ScheduledExecutorService executor;

    private record FileState(long size, long modified) {}

    public PluginFileWatcher(PluginRegistry registry, Duration interval) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "wasmbox.reload.interval must be positive, got " + interval);
        }
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        for (String name : registry.names()) {
            file(name).ifPresent(file -> seen.put(name, state(file)));
        }
        ScheduledExecutorService started =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "wasmbox-plugin-watcher");
                            thread.setDaemon(true);
                            return thread;
                        });
        started.scheduleWithFixedDelay(
                this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Checks every watched file once; public so that tests need not wait for the schedule. */
    public synchronized void poll() {
        for (String name : registry.names()) {
            file(name)
                    .ifPresent(
                            file -> {
                                FileState now = state(file);
                                FileState before = seen.put(name, now);
                                if (before != null && !before.equals(now) && now.size() >= 0) {
                                    reload(name, file);
                                }
                            });
        }
    }

    private void reload(String name, Path file) {
        try {
            registry.reload(name);
        } catch (PluginException e) {
            // The registry has recorded and published the failure; the old version serves on.
            log.debug("Reload of '{}' from {} failed", name, file, e);
        } catch (RuntimeException e) {
            log.warn("Reload of '{}' from {} failed unexpectedly", name, file, e);
        }
    }

    private java.util.Optional<Path> file(String name) {
        return registry.definition(name).map(PluginDefinition::file);
    }

    private static FileState state(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileState(attributes.size(), attributes.lastModifiedTime().toMillis());
        } catch (IOException e) {
            // Missing for now (being replaced): a distinct state, so its return is a change.
            return new FileState(-1, -1);
        }
    }
}
