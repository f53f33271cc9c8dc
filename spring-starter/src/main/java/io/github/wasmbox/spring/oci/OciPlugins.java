/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.oci;

import io.github.wasmbox.oci.OciException;
import io.github.wasmbox.oci.OciModule;
import io.github.wasmbox.oci.OciReference;
import io.github.wasmbox.oci.OciRegistry;
import io.github.wasmbox.oci.OciRollout;
import io.github.wasmbox.oci.ProbationListener;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.TrustedKeys;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginRollouts;
import io.github.wasmbox.spring.PluginStartupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * The plugins at {@code oci://} locations. A digest is pulled once, with the checks of {@link
 * OciRegistry#pull} under the runtime's {@link PinRequirement}. A tag must carry a trusted
 * signature; it is pulled when the {@link PluginRegistry} first loads the plugin and then followed
 * by an {@link OciRollout} per plugin, checked every poll interval on one daemon thread ({@code
 * wasmbox-oci-poller}) that starts after the registry has loaded its plugins and stops with the
 * context. A new version is pulled, verified, and swapped in through {@link PluginRegistry#reload}
 * (so customizers, the audit, the status and the registry's events apply as to any reload), then
 * kept on probation and rolled back if too many of its first calls fail. A registry outage leaves
 * each plugin serving what it has, and {@link #rollout(String)} says so.
 *
 * <p>Thread-safe.
 */
public final class OciPlugins implements OciLocations, PluginRollouts, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OciPlugins.class);

    /**
     * How the registries are reached and new versions judged.
     *
     * @param dockerConfig the Docker {@code config.json} with registry credentials
     * @param plainHttp the registries ({@code host:port}) spoken to over plain HTTP
     * @param timeout the bound of one pull or tag lookup
     * @param pollInterval how often followed tags are checked
     * @param maxModuleBytes the largest module downloaded
     * @param probation the probation of a new version, or null for none
     */
    public record Settings(
            Path dockerConfig,
            Set<String> plainHttp,
            Duration timeout,
            Duration pollInterval,
            long maxModuleBytes,
            OciRollout.@Nullable Probation probation) {
        public Settings {
            plainHttp = Set.copyOf(plainHttp);
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException(
                        "the poll interval must be positive, got " + pollInterval);
            }
        }
    }

    private final Settings settings;
    private final TrustedKeys trustedKeys;
    private final PinRequirement digestRequirement;
    private final ProbationListener calls;
    private final ObjectProvider<PluginRegistry> registry;
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService poller; // guarded by this

    /**
     * @param settings the registries and the probation
     * @param trustedKeys the runtime's trusted keys, which a followed tag's signature must verify
     *     under
     * @param digestRequirement what a digest location must carry besides its digest: the runtime's
     *     requirement, or {@link PinRequirement#NONE} when the runtime only warns
     * @param calls the runtime's listener that counts calls for probations
     * @param registry the registry that loads the plugins (looked up when a version is swapped in)
     */
    public OciPlugins(
            Settings settings,
            TrustedKeys trustedKeys,
            PinRequirement digestRequirement,
            ProbationListener calls,
            ObjectProvider<PluginRegistry> registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trustedKeys = Objects.requireNonNull(trustedKeys, "trustedKeys");
        this.digestRequirement = Objects.requireNonNull(digestRequirement, "digestRequirement");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Supplier<Module> module(String name, String location) {
        String key = "wasmbox.plugins." + name + ".location";
        OciReference reference;
        try {
            reference = OciReference.parse(location);
        } catch (IllegalArgumentException e) {
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '" + name + "': " + e.getMessage(),
                    "Write "
                            + key
                            + " as oci://host[:port]/repository:tag or"
                            + " oci://host[:port]/repository@sha256:<manifest digest>.",
                    e);
        }
        if (reference.digest() != null) {
            Pinned pinned = new Pinned(name, key, reference, client(name, key, reference, false));
            return pinned::module;
        }
        if (trustedKeys.isEmpty()) {
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '"
                            + name
                            + "' follows the tag "
                            + reference
                            + ", and a tag pins nothing: it is taken only with a signature from a"
                            + " trusted key, and wasmbox.trusted-keys is empty",
                    "Add the vendor's Ed25519 public key to wasmbox.trusted-keys, or pin a digest: "
                            + OciLocations.SCHEME
                            + reference.registry()
                            + "/"
                            + reference.repository()
                            + "@sha256:<manifest digest> (printed by wasmbox push and pull).",
                    new IllegalStateException("no trusted keys"));
        }
        Followed plugin = new Followed(name, key, reference, client(name, key, reference, true));
        followed.put(name, plugin);
        return plugin::module;
    }

    private OciRegistry client(String name, String key, OciReference reference, boolean tag) {
        try {
            return OciRegistry.builder()
                    .dockerConfig(settings.dockerConfig())
                    .plainHttp(settings.plainHttp().contains(reference.registry()))
                    .timeout(settings.timeout())
                    .maxModuleBytes(settings.maxModuleBytes())
                    .trustedKeys(trustedKeys)
                    .require(tag ? PinRequirement.SIGNATURE : digestRequirement)
                    .build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '" + name + "' at " + reference + ": " + e.getMessage(),
                    "Add the vendor's Ed25519 public key to wasmbox.trusted-keys, or relax"
                            + " wasmbox.pins.required.",
                    e);
        }
    }

    @Override
    public Optional<PluginRollouts.Status> rollout(String name) {
        Followed plugin = followed.get(name);
        if (plugin == null) {
            return Optional.empty();
        }
        OciRollout rollout = plugin.rollout;
        OciRollout.Status status =
                rollout == null
                        ? new OciRollout.Status(
                                OciRollout.State.REGISTRY_UNAVAILABLE,
                                null,
                                "not followed yet: the poller starts once the plugins have loaded",
                                null)
                        : rollout.status();
        return Optional.of(
                new PluginRollouts.Status(
                        plugin.reference.toString(),
                        status.state().name(),
                        status.serving(),
                        status.detail(),
                        status.checked()));
    }

    /**
     * Starts following the tags, after the registry has loaded the plugins: a version the registry
     * serves is the one each rollout starts from (and falls back to).
     */
    @Override
    public synchronized void start() {
        if (poller != null || followed.isEmpty()) {
            return;
        }
        PluginRegistry plugins = registry.getObject();
        for (Followed plugin : followed.values()) {
            OciRollout.Builder rollout =
                    OciRollout.builder(plugin.client, plugin.reference.toString())
                            .target(plugin.name, plugin::serve);
            if (settings.probation() != null) {
                rollout.probation(calls, settings.probation());
            }
            OciModule serving = plugin.current;
            if (serving != null && plugins.plugin(plugin.name).isPresent()) {
                rollout.serving(serving);
            }
            plugin.rollout = rollout.build();
        }
        ScheduledExecutorService started =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "wasmbox-oci-poller");
                            thread.setDaemon(true);
                            return thread;
                        });
        long interval = settings.pollInterval().toMillis();
        started.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
        poller = started;
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    /** Right after the {@link PluginRegistry}, which loads the plugins in its phase. */
    @Override
    public int getPhase() {
        return PluginRegistry.LIFECYCLE_PHASE + 1;
    }

    private void poll() {
        for (Followed plugin : followed.values()) {
            OciRollout rollout = plugin.rollout;
            try {
                if (rollout != null) {
                    rollout.check();
                }
            } catch (RuntimeException e) {
                // check() reports registry and plugin failures in its status; anything else is a
                // bug, which must not end the schedule.
                log.warn("Checking {} for plugin '{}' failed", plugin.reference, plugin.name, e);
            }
        }
    }

    private static Module delivered(OciModule module) {
        return new Module(
                module.bytes(),
                module.source().sha256().orElse(null),
                module.source().signature().orElse(null));
    }

    /** Pulls {@code reference}, or fails the plugin's start-up saying what to check. */
    private static OciModule pull(
            String name, String key, OciReference reference, OciRegistry client) {
        try {
            return client.pull(reference.toString());
        } catch (OciException e) {
            throw unavailable(name, key, reference, e);
        }
    }

    private static PluginStartupException unavailable(
            String name, String key, OciReference reference, OciException e) {
        return new PluginStartupException(
                name,
                key,
                "plugin '"
                        + name
                        + "' could not be pulled from "
                        + reference
                        + ": "
                        + e.getMessage(),
                "Check that the registry "
                        + reference.registry()
                        + " is reachable within wasmbox.oci.timeout (list it in"
                        + " wasmbox.oci.plain-http if it speaks plain HTTP), and that "
                        + key
                        + " names a module there.",
                e);
    }

    /** A digest location: pulled once, on the first load. */
    private static final class Pinned {
        private final String name;
        private final String key;
        private final OciReference reference;
        private final OciRegistry client;
        private @Nullable OciModule module; // guarded by this

        Pinned(String name, String key, OciReference reference, OciRegistry client) {
            this.name = name;
            this.key = key;
            this.reference = reference;
            this.client = client;
        }

        synchronized Module module() {
            if (module == null) {
                module = pull(name, key, reference, client);
            }
            return delivered(module);
        }
    }

    /**
     * A tag location: the version the registry loads is the one being swapped in, else the one
     * serving, else (the first load) the tag's version now.
     */
    private final class Followed {
        final String name;
        final String key;
        final OciReference reference;
        final OciRegistry client;
        volatile @Nullable OciModule current;
        volatile @Nullable OciModule pending;
        volatile @Nullable OciRollout rollout;

        Followed(String name, String key, OciReference reference, OciRegistry client) {
            this.name = name;
            this.key = key;
            this.reference = reference;
            this.client = client;
        }

        Module module() {
            OciModule swapping = pending;
            OciModule module = swapping != null ? swapping : current;
            if (module == null) {
                module = pull(name, key, reference, client);
                current = module;
            }
            return delivered(module);
        }

        /** The rollout's target: the registry reloads the plugin, which delivers {@code module}. */
        void serve(OciModule module) {
            pending = module;
            try {
                registry.getObject().reload(name);
                current = module;
            } finally {
                pending = null;
            }
        }
    }
}
