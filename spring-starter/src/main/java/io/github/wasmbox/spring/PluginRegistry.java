/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The application's plugins by name: loads the configured ones, hands out {@link Plugin}s, replaces
 * them (hot reload) and reports their {@link PluginStatus}. Like a resilience4j registry, it is the
 * one place that knows every named instance and its configuration.
 *
 * <p>Replacing is atomic: calls that started on the old version finish on it, new calls use the new
 * one, and a new version that fails to load or fails a check leaves the old one serving (the
 * failure is recorded in the status, logged and published as a {@link PluginRegistryEvent}).
 *
 * <p>As a bean, the registry is a {@link SmartLifecycle}: it loads the configured plugins when the
 * application context starts, in phase {@link #LIFECYCLE_PHASE}, which comes after the embedded web
 * server has started (so an inline policy may use {@code ${local.server.port}}, for a plugin
 * granted the application's own API) and before the default phase, where message listener
 * containers and other consumers of plugins start. Until then every plugin is {@link
 * PluginStatus.State#PENDING} and calls to it throw {@link PluginNotLoadedException}: call plugins
 * from request handlers, listeners and runners, not from {@code @PostConstruct}. A required plugin
 * that does not load fails that start, and with it the application's start-up. Stopping the context
 * does not unload anything, so that requests the web server drains during a graceful shutdown still
 * reach their plugins. Outside a context, call {@link #loadAll()}.
 *
 * <p>A thin layer over the runtime, which holds the plugins by name: the registry adds what the
 * runtime does not know (definitions, states, failures, callers) and the {@link PluginDecorator}s,
 * applied once to the runtime's stable handle of each plugin, not on every lookup.
 *
 * <p>Thread-safe. Loads and replaces of one plugin are serialized; lookups and status reads never
 * wait for them and take no lock: the plugins by name are a copy-on-write map, and each plugin's
 * state is one immutable snapshot, so a reader sees a status from before or after a reload, never a
 * mix. The registry does not own the {@link PluginRuntime}: closing the runtime releases the
 * plugins.
 */
public class PluginRegistry implements SmartLifecycle {
    /**
     * The lifecycle phase in which the registry loads its plugins: after Spring Boot's web server
     * ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}, {@code DEFAULT_PHASE -
     * 2048}) has started and published its port, before its graceful shutdown phase ({@code
     * DEFAULT_PHASE - 1024}) and everything in the default phase.
     */
    public static final int LIFECYCLE_PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private final PluginRuntime runtime;

    /** Immutable, in configuration order; replaced as a whole under this registry's monitor. */
    private volatile Map<String, Entry> entries;

    private final List<PluginCustomizer> customizers;
    private final List<PluginDecorator> decorators;
    private final PluginCallStatistics statistics;
    private final @Nullable ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, List<Caller>> callers = new LinkedHashMap<>();
    private volatile boolean loaded;
    private volatile boolean running;

    /** Code that calls the exports {@code functions} of a plugin, such as a proxy. */
    private record Caller(String description, Set<String> functions) {}

    /** One plugin: its snapshot is written under the entry's monitor, read without a lock. */
    private static final class Entry {
        final String name;
        final @Nullable PluginDefinition definition;
        volatile Snapshot snapshot;

        Entry(String name, @Nullable PluginDefinition definition, Instant now) {
            this.name = name;
            this.definition = definition;
            this.snapshot = new Snapshot(PluginStatus.State.PENDING, null, null, now);
        }

        @Nullable Serving serving() {
            return snapshot.serving();
        }
    }

    /** A plugin's state at one moment. */
    private record Snapshot(
            PluginStatus.State state,
            @Nullable Serving serving,
            @Nullable String failure,
            Instant changedAt) {}

    /**
     * The version that serves, read when it was swapped in so that a status never mixes two
     * versions, and the runtime's handle with the decorators applied.
     */
    private record Serving(
            Plugin handle,
            Plugin decorated,
            String sha256,
            PluginPolicy policy,
            AuditReport audit) {}

    /**
     * Creates a registry; it loads the definitions when it is started, or on {@link #loadAll()}.
     *
     * @param runtime the runtime that loads and runs the plugins
     * @param definitions the configured plugins
     * @param customizers applied, in order, to every policy before each load
     * @param decorators applied, in order, to every plugin handed out
     * @param statistics the call counters the runtime feeds
     * @param events where registry events are published, or null
     */
    public PluginRegistry(
            PluginRuntime runtime,
            Collection<PluginDefinition> definitions,
            List<PluginCustomizer> customizers,
            List<PluginDecorator> decorators,
            PluginCallStatistics statistics,
            @Nullable ApplicationEventPublisher events) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.customizers = List.copyOf(customizers);
        this.decorators = List.copyOf(decorators);
        this.statistics = Objects.requireNonNull(statistics, "statistics");
        this.events = events;
        Instant now = clock.instant();
        Map<String, Entry> configured = new LinkedHashMap<>();
        for (PluginDefinition definition : definitions) {
            configured.put(definition.name(), new Entry(definition.name(), definition, now));
        }
        this.entries = Collections.unmodifiableMap(configured);
    }

    /**
     * Loads every configured plugin, then checks that each loaded one exports what its {@linkplain
     * #requireFunctions callers} call.
     *
     * @throws PluginStartupException for the first required plugin that does not load, or the first
     *     loaded plugin that lacks an export a caller needs; optional plugins that fail to load are
     *     logged and reported {@link PluginStatus.State#FAILED}
     */
    public void loadAll() {
        loaded = true;
        for (Entry entry : entries.values()) {
            PluginDefinition definition = entry.definition;
            if (definition == null) {
                continue; // added from code with replace(), which loaded it
            }
            try {
                load(entry, definition);
            } catch (PluginStartupException e) {
                if (definition.required()) {
                    throw e;
                }
                log.warn("Optional plugin '{}' did not load: {}", entry.name, e.getMessage());
            }
        }
        List<String> names;
        synchronized (this) {
            names = List.copyOf(callers.keySet());
        }
        names.forEach(this::checkCallers);
    }

    /**
     * Declares that {@code caller} (such as a {@code @WasmPlugin} interface) calls the exports
     * {@code functions} of plugin {@code name}, so that a mismatch between code and module fails
     * start-up rather than the first call. Checked by {@link #loadAll()}, or at once when the
     * plugin already serves. Reloads are not checked: a caller then gets the runtime's error for
     * the missing export.
     *
     * @throws PluginStartupException if the plugin serves and does not export one of them
     */
    public void requireFunctions(String name, String caller, Set<String> functions) {
        synchronized (this) {
            callers.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(new Caller(caller, Set.copyOf(functions)));
        }
        if (loaded) {
            checkCallers(name);
        }
    }

    private void checkCallers(String name) {
        Plugin plugin = plugin(name).orElse(null);
        if (plugin == null) {
            return; // calls will say why it is not loaded
        }
        List<Caller> expected;
        synchronized (this) {
            expected = List.copyOf(callers.getOrDefault(name, List.of()));
        }
        for (Caller caller : expected) {
            Set<String> missing = new TreeSet<>(caller.functions());
            missing.removeAll(plugin.functions());
            if (!missing.isEmpty()) {
                String key = "wasmbox.plugins." + name + ".location";
                throw new PluginStartupException(
                        name,
                        key,
                        caller.description()
                                + " calls "
                                + missing
                                + ", which plugin '"
                                + name
                                + "' does not export (it exports "
                                + new TreeSet<>(plugin.functions())
                                + ")",
                        "Fix the method names or their @PluginFunction, or point "
                                + key
                                + " at the module that exports them.",
                        new IllegalStateException("missing exports " + missing));
            }
        }
    }

    /**
     * Loads the plugins, the first time the registry is started; a restarted context keeps the
     * plugins it has.
     *
     * @throws PluginStartupException as {@link #loadAll()}
     */
    @Override
    public void start() {
        if (!loaded) {
            loadAll();
        }
        running = true;
    }

    /** Marks the registry stopped; the plugins keep serving until the runtime is closed. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Returns {@link #LIFECYCLE_PHASE}. */
    @Override
    public int getPhase() {
        return LIFECYCLE_PHASE;
    }

    /** The plugin named {@code name}, if it serves calls. */
    public Optional<Plugin> plugin(String name) {
        Entry entry = entries.get(name);
        Serving serving = entry == null ? null : entry.serving();
        return serving == null ? Optional.empty() : Optional.of(serving.decorated());
    }

    /**
     * The plugin named {@code name}.
     *
     * @throws PluginNotLoadedException if it is not configured or did not load
     */
    public Plugin require(String name) {
        return plugin(name)
                .orElseThrow(
                        () -> {
                            Entry entry = entries.get(name);
                            Snapshot snapshot = entry == null ? null : entry.snapshot;
                            String why =
                                    snapshot == null
                                            ? "no plugin '"
                                                    + name
                                                    + "' is configured under"
                                                    + " wasmbox.plugins"
                                            : "plugin '"
                                                    + name
                                                    + "' is "
                                                    + snapshot.state()
                                                    + (snapshot.failure() == null
                                                            ? ""
                                                            : ": " + snapshot.failure());
                            return new PluginNotLoadedException(name, null, why);
                        });
    }

    /** The names of every known plugin, loaded or not, in configuration order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The status of every known plugin. */
    public List<PluginStatus> statuses() {
        List<PluginStatus> statuses = new ArrayList<>();
        for (String name : names()) {
            status(name).ifPresent(statuses::add);
        }
        return statuses;
    }

    /** The status of {@code name}, if it is known. */
    public Optional<PluginStatus> status(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return Optional.empty();
        }
        Snapshot snapshot = entry.snapshot;
        Serving serving = snapshot.serving();
        return Optional.of(
                new PluginStatus(
                        entry.name,
                        snapshot.state(),
                        entry.definition == null ? "code" : entry.definition.location(),
                        entry.definition != null && entry.definition.required(),
                        serving == null ? null : serving.sha256(),
                        serving == null ? null : serving.policy(),
                        serving == null ? null : serving.audit(),
                        snapshot.failure(),
                        snapshot.changedAt(),
                        statistics.counters(entry.name)));
    }

    /** The definition of a configured plugin, if {@code name} is one. */
    public Optional<PluginDefinition> definition(String name) {
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.definition);
    }

    /**
     * Reads a configured plugin's module and policy again and swaps the new version in.
     *
     * @throws PluginStartupException if the new version does not load; the old one keeps serving
     * @throws IllegalArgumentException if no plugin of that name is configured
     */
    public Plugin reload(String name) {
        Entry entry = entries.get(name);
        if (entry == null || entry.definition == null) {
            throw new IllegalArgumentException(
                    "no plugin '" + name + "' is configured under wasmbox.plugins");
        }
        PluginDefinition definition = entry.definition;
        return load(entry, definition);
    }

    /**
     * Loads {@code source} under {@code name}, or swaps it in for the version serving, with the
     * same guarantees as a reload. {@link PluginCustomizer}s apply to {@code policy}.
     *
     * @throws PluginException if the new version does not load; the old one keeps serving
     */
    public Plugin replace(String name, PluginSource source, PluginPolicy policy) {
        Entry entry = entryFor(name);
        synchronized (entry) {
            try {
                return succeeded(entry, runtime.replace(name, source, customize(name, policy)));
            } catch (PluginException e) {
                recordFailure(entry, e);
                throw e;
            }
        }
    }

    /** Unloads a plugin; calls in flight finish first. Returns false if it was not loaded. */
    public boolean unload(String name) {
        Entry entry = entries.get(name);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            if (!runtime.unload(name)) {
                return false;
            }
            entry.snapshot =
                    new Snapshot(
                            PluginStatus.State.UNLOADED,
                            null,
                            entry.snapshot.failure(),
                            clock.instant());
            publish(PluginRegistryEvent.Kind.UNLOADED, name, null, null, null);
            return true;
        }
    }

    /** The entry of {@code name}, added (by copying the map) for a plugin that code supplies. */
    private Entry entryFor(String name) {
        Entry entry = entries.get(name);
        if (entry != null) {
            return entry;
        }
        synchronized (this) {
            entry = entries.get(name);
            if (entry == null) {
                entry = new Entry(name, null, clock.instant());
                Map<String, Entry> copy = new LinkedHashMap<>(entries);
                copy.put(name, entry);
                entries = Collections.unmodifiableMap(copy);
            }
            return entry;
        }
    }

    private Plugin load(Entry entry, PluginDefinition definition) {
        synchronized (entry) {
            PluginDefinition.Resolved resolved;
            try {
                resolved = definition.resolver().resolve();
            } catch (PluginStartupException e) {
                recordFailure(entry, e);
                throw e;
            }
            return apply(entry, resolved, definition.location());
        }
    }

    private Plugin apply(Entry entry, PluginDefinition.Resolved resolved, String location) {
        synchronized (entry) {
            PluginPolicy policy = customize(entry.name, resolved.policy());
            PluginSource source = PluginSource.bytes(resolved.module());
            if (resolved.sha256() != null) {
                source = source.sha256(resolved.sha256());
            }
            if (resolved.signature() != null) {
                source = source.signature(resolved.signature());
            }
            try {
                return succeeded(entry, runtime.replace(entry.name, source, policy));
            } catch (PluginException e) {
                PluginStartupException failure =
                        Failures.explain(entry.name, location, resolved, sha256(resolved), e);
                recordFailure(entry, failure);
                throw failure;
            }
        }
    }

    /** Records the version {@code handle} now serves and returns the decorated handle. */
    private Plugin succeeded(Entry entry, Plugin handle) {
        Serving before = entry.serving();
        String previous = before == null ? null : before.sha256();
        // The runtime's handle is stable across replaces: decorate it once, not on every load.
        Plugin decorated =
                before != null && before.handle() == handle ? before.decorated() : decorate(handle);
        Serving serving =
                new Serving(
                        handle, decorated, handle.sha256(), handle.policy(), handle.auditReport());
        entry.snapshot = new Snapshot(PluginStatus.State.LOADED, serving, null, clock.instant());
        if (previous == null) {
            log.info("Loaded plugin '{}' (sha256 {})", entry.name, serving.sha256());
            publish(PluginRegistryEvent.Kind.LOADED, entry.name, serving.sha256(), null, null);
        } else {
            log.info(
                    "Replaced plugin '{}': sha256 {} -> {}",
                    entry.name,
                    previous,
                    serving.sha256());
            publish(
                    PluginRegistryEvent.Kind.REPLACED,
                    entry.name,
                    serving.sha256(),
                    previous,
                    null);
        }
        return decorated;
    }

    private void recordFailure(Entry entry, PluginException failure) {
        Snapshot before = entry.snapshot;
        Serving serving = before.serving();
        if (serving == null) {
            entry.snapshot =
                    new Snapshot(
                            PluginStatus.State.FAILED, null, failure.getMessage(), clock.instant());
        } else {
            entry.snapshot =
                    new Snapshot(before.state(), serving, failure.getMessage(), before.changedAt());
            log.warn(
                    "Plugin '{}' was not replaced, version {} keeps serving: {}",
                    entry.name,
                    serving.sha256(),
                    failure.getMessage());
        }
        publish(
                PluginRegistryEvent.Kind.FAILED,
                entry.name,
                serving == null ? null : serving.sha256(),
                null,
                failure);
    }

    private PluginPolicy customize(String name, PluginPolicy policy) {
        if (customizers.isEmpty()) {
            return policy;
        }
        PluginPolicy.Builder builder = policy.toBuilder();
        for (PluginCustomizer customizer : customizers) {
            customizer.customize(name, builder);
        }
        return builder.build();
    }

    private Plugin decorate(Plugin plugin) {
        Plugin decorated = plugin;
        for (PluginDecorator decorator : decorators) {
            decorated = decorator.decorate(decorated);
        }
        return decorated;
    }

    private void publish(
            PluginRegistryEvent.Kind kind,
            String name,
            @Nullable String sha256,
            @Nullable String previous,
            @Nullable Throwable failure) {
        if (events != null) {
            events.publishEvent(
                    new PluginRegistryEvent(this, kind, name, sha256, previous, failure));
        }
    }

    static String sha256(PluginDefinition.Resolved resolved) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(resolved.module()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
