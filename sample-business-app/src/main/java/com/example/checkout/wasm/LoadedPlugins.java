package com.example.checkout.wasm;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Loads the plugins of {@code checkout.wasmbox.plugins} into the runtime and remembers how each
 * load went, for health, the actuator endpoint and the vendors API.
 *
 * <p>Loading is a {@link SmartLifecycle} in the last phase, so it runs after the embedded web
 * server has started and {@code ${local.server.port}} is known: the shipping vendor's only outbound
 * grant is this app's own rates API, on whatever port it got. A required plugin that fails to load
 * fails start-up with the reason (digest mismatch, ungranted import, …); an optional one is
 * reported DOWN and its slot answers 503.
 *
 * <p>Thread-safe: the state map is replaced whole once loading ends.
 */
public final class LoadedPlugins implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedPlugins.class);

    private final PluginRuntime runtime;
    private final Environment environment;
    private volatile Map<String, State> states = Map.of();
    private volatile boolean running;

    /**
     * How one configured plugin stands.
     *
     * @param name its name
     * @param location where its module comes from
     * @param sha256 the pinned digest
     * @param policy its policy, when the configuration was valid
     * @param required whether start-up depends on it
     * @param failure why it did not load, when it did not
     */
    public record State(
            String name,
            String location,
            @Nullable String sha256,
            @Nullable PluginPolicy policy,
            boolean required,
            @Nullable String failure) {
        public boolean loaded() {
            return failure == null;
        }
    }

    public LoadedPlugins(PluginRuntime runtime, Environment environment) {
        this.runtime = runtime;
        this.environment = environment;
    }

    @Override
    public void start() {
        WasmboxProperties properties =
                Binder.get(environment)
                        .bindOrCreate(
                                WasmboxProperties.PREFIX, Bindable.of(WasmboxProperties.class));
        Map<String, State> loaded = new LinkedHashMap<>();
        properties
                .plugins()
                .forEach(
                        (name, plugin) ->
                                loaded.put(name, load(name, properties.defaults(), plugin)));
        states = Collections.unmodifiableMap(loaded);
        running = true;
    }

    private State load(String name, Map<String, String> defaults, WasmboxProperties.Plugin plugin) {
        PluginPolicy policy = null;
        try {
            policy = PolicyMapper.policy(name, defaults, plugin);
            PluginSource source = source(plugin.location());
            if (plugin.sha256() != null) {
                source = source.sha256(plugin.sha256());
            }
            Plugin loaded = runtime.load(name, source, policy);
            LOG.info("plugin '{}' loaded from {} (sha256 {})", name, source, loaded.sha256());
            return new State(
                    name, plugin.location(), loaded.sha256(), policy, plugin.required(), null);
        } catch (RuntimeException e) {
            if (plugin.required()) {
                throw new PluginLoadException(name, String.valueOf(e.getMessage()), e);
            }
            LOG.warn("optional plugin '{}' failed to load: {}", name, e.getMessage());
            return new State(
                    name, plugin.location(), plugin.sha256(), policy, false, e.getMessage());
        }
    }

    private static PluginSource source(String location) {
        if (location.startsWith("classpath:")) {
            return PluginSource.classpath(location.substring("classpath:".length()));
        }
        if (location.startsWith("file:")) {
            return PluginSource.path(java.nio.file.Path.of(java.net.URI.create(location)));
        }
        return PluginSource.url(java.net.URI.create(location));
    }

    /** Every configured plugin, in configuration order. */
    public Map<String, State> states() {
        return states;
    }

    /** The loaded plugin named {@code name}. */
    public Optional<Plugin> plugin(String name) {
        return runtime.plugin(name);
    }

    /** Whether loading has finished. */
    public boolean ready() {
        return running;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
