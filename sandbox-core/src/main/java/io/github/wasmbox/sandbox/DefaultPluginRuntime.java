/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.internal.endive.EndiveEngine;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.engine.WasmEngine;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.RecordingStats;
import io.github.wasmbox.sandbox.record.ReplayResult;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link PluginRuntime} implementation. */
final class DefaultPluginRuntime implements PluginRuntime {
    /** The engine every runtime runs on: the one place that chooses it. */
    static final WasmEngine ENGINE = new EndiveEngine();

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final ModuleLoader loader;
    private final Listeners listeners;
    private final Map<String, PluginHandle> plugins = new ConcurrentHashMap<>();
    private final AtomicLong callIds = new AtomicLong();
    private final MemoryBudget memoryBudget;
    private final boolean strictMemoryBudget;
    private volatile boolean closed;

    private final Map<String, CallRecorder> recorders;

    DefaultPluginRuntime(PluginRuntime.Builder builder) {
        this(builder, Map.of());
    }

    /** A runtime whose plugins named in {@code replays} run their calls from a record. */
    DefaultPluginRuntime(PluginRuntime.Builder builder, Map<String, Replayer> replays) {
        Map<String, HostFunctionDefinition> functions = new LinkedHashMap<>();
        for (HostFunctionDefinition definition : builder.hostFunctions) {
            HostFunctionDefinition previous =
                    functions.putIfAbsent(definition.qualifiedName(), definition);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "host function " + definition.qualifiedName() + " is provided twice");
            }
        }
        this.listeners = new Listeners(builder.listeners);
        MemoryReservations reservations = new MemoryReservations(builder.memoryBudgetBytes);
        this.memoryBudget = new MemoryBudget(reservations, this::plugins);
        this.strictMemoryBudget = builder.strictMemoryBudget;
        Map<String, CallRecorder> recording = new LinkedHashMap<>();
        builder.recordings.forEach(
                (plugin, settings) ->
                        recording.put(
                                plugin,
                                new CallRecorder(
                                        plugin,
                                        settings,
                                        builder.hostCallFuel,
                                        builder.hostCallFuelPerByte)));
        this.recorders = Map.copyOf(recording);
        Map<String, CallTaps> taps = new LinkedHashMap<>(recorders);
        taps.putAll(replays);
        this.loader =
                new ModuleLoader(
                        ENGINE, builder, functions, listeners, callIds, reservations, taps);
    }

    @Override
    public Plugin load(String name, PluginSource source, PluginPolicy policy) {
        ensureOpen();
        validateName(name);
        if (plugins.containsKey(name)) {
            throw new IllegalStateException(
                    "a plugin named '" + name + "' is already loaded; use replace() to swap it");
        }
        checkMemoryBudget(name, policy);
        PluginHandle handle = new PluginHandle(loader.load(name, source, policy));
        if (plugins.putIfAbsent(name, handle) != null) {
            retire(handle.current());
            throw new IllegalStateException("a plugin named '" + name + "' is already loaded");
        }
        if (closed) {
            if (plugins.remove(name, handle)) { // else close() took it, and stopped it
                stop(handle.current());
            }
            throw new IllegalStateException("the runtime was closed during the load");
        }
        return handle;
    }

    @Override
    public Plugin replace(String name, PluginSource source, PluginPolicy policy) {
        ensureOpen();
        PluginHandle handle = plugins.get(name);
        if (handle == null) {
            return load(name, source, policy);
        }
        checkMemoryBudget(name, policy);
        PluginVersion next = loader.load(name, source, policy);
        retire(handle.swap(next));
        return handle;
    }

    @Override
    public Optional<Plugin> plugin(String name) {
        return Optional.ofNullable(plugins.get(name));
    }

    @Override
    public Collection<Plugin> plugins() {
        return List.copyOf(plugins.values());
    }

    @Override
    public boolean unload(String name) {
        PluginHandle handle = plugins.remove(name);
        if (handle == null) {
            return false;
        }
        handle.unloaded();
        retire(handle.current());
        return true;
    }

    @Override
    public Optional<RecordingStats> recordingStats(String name) {
        CallRecorder recorder = recorders.get(name);
        return recorder == null ? Optional.empty() : Optional.of(recorder.stats());
    }

    @Override
    public ReplayResult replay(CallRecord record, PluginSource module) {
        ensureOpen();
        return Replayer.replay(record, module);
    }

    @Override
    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    /**
     * Compares the worst case with {@code name} loaded under {@code policy} (replacing any plugin
     * of that name) with the budget: over it, a strict runtime refuses the load, another warns.
     */
    private void checkMemoryBudget(String name, PluginPolicy policy) {
        PluginHandle replaced = plugins.get(name);
        long others =
                memoryBudget.worstCaseBytes()
                        - (replaced == null ? 0 : MemoryBudget.worstCase(replaced.policy()));
        long own = MemoryBudget.worstCase(policy);
        long limit = memoryBudget.limitBytes();
        if (others + own <= limit) {
            return;
        }
        String message =
                "plugin '"
                        + name
                        + "' may hold "
                        + own
                        + " bytes of linear memory (pool-size "
                        + policy.limits().poolSize()
                        + " × max-memory "
                        + policy.limits().maxMemoryBytes()
                        + "), and the plugins loaded before it "
                        + others
                        + ": together more than the runtime's memory budget of "
                        + limit
                        + " bytes. Raise the budget (PluginRuntime.Builder.memoryBudget) or lower"
                        + " pool-size or max-memory";
        if (strictMemoryBudget) {
            throw new PluginLoadException(
                    name, null, message + "; the runtime's budget is strict.", null);
        }
        LOG.warn("{}; calls that use that much at once fail with MEMORY.", message);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<PluginHandle> all = new ArrayList<>(plugins.values());
        plugins.clear();
        for (PluginHandle handle : all) {
            handle.unloaded();
            stop(handle.current());
        }
        loader.close();
    }

    /** Retires a version, and lets its compiled classes go once no loaded version uses them. */
    private void retire(PluginVersion version) {
        version.retire();
        loader.release(version);
    }

    private void stop(PluginVersion version) {
        version.stop();
        loader.release(version);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the plugin runtime is closed");
        }
    }

    private static void validateName(String name) {
        if (name.isEmpty() || name.length() > 128 || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException(
                    "plugin name must be 1-128 characters of letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit; got '"
                            + name
                            + "'");
        }
    }
}
