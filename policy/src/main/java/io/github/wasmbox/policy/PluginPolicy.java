/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one plugin may do and use: its {@link Limits} and its grants. Nothing is granted
 * unless a grant says so: {@link #denyAll()} grants no host function, no environment, no args, no
 * stdin, no files, no network, no key-value namespace, no config and no optional Wasm feature.
 *
 * <p>Grants are keyed: a later env grant, preopen, key-value namespace or config entry with the
 * same name replaces the earlier one; host function and outbound grants accumulate.
 *
 * <p>Immutable and thread-safe; accessors return unmodifiable views or copies.
 */
public final class PluginPolicy {
    private static final PluginPolicy DENY_ALL = new Builder(Preset.DEFAULT).build();

    private final Limits limits;
    private final List<HostFunctionGrant> hostFunctionGrants;
    private final List<EnvGrant> env;
    private final List<String> args;
    private final byte[] stdin;
    private final List<PreopenGrant> preopens;
    private final ClockPolicy clock;
    private final RandomPolicy random;
    private final List<OutboundGrant> outbound;
    private final Map<String, KeyValueAccess> keyValueNamespaces;
    private final Map<String, String> config;
    private final Set<WasmFeature> features;
    private final boolean trapOnDenial;
    private final boolean strictManifest;

    private PluginPolicy(Builder builder) {
        limits = builder.limits;
        hostFunctionGrants = List.copyOf(builder.hostFunctionGrants);
        env = List.copyOf(builder.env.values());
        args = List.copyOf(builder.args);
        stdin = builder.stdin.clone();
        preopens = List.copyOf(builder.preopens.values());
        clock = builder.clock;
        random = builder.random;
        outbound = List.copyOf(builder.outbound);
        keyValueNamespaces = Collections.unmodifiableMap(new LinkedHashMap<>(builder.keyValue));
        config = Collections.unmodifiableMap(new LinkedHashMap<>(builder.config));
        features =
                Collections.unmodifiableSet(
                        builder.features.isEmpty()
                                ? EnumSet.noneOf(WasmFeature.class)
                                : EnumSet.copyOf(builder.features));
        trapOnDenial = builder.trapOnDenial;
        strictManifest = builder.strictManifest;
    }

    /** Returns the policy that grants nothing, with {@link Limits#defaults()}. */
    public static PluginPolicy denyAll() {
        return DENY_ALL;
    }

    /** Returns a builder that starts from {@link #denyAll()}. */
    public static Builder builder() {
        return new Builder(Preset.DEFAULT);
    }

    /**
     * Returns a builder for code nobody vouches for. It starts from {@link #denyAll()} with denials
     * that trap the guest and a strict manifest check, and its {@link Builder#build()} refuses to
     * build unless the limits set every quota explicitly: fuel, max memory, max table elements,
     * timeout, max output, max open files and max bytes written.
     */
    public static Builder untrusted() {
        Builder builder = new Builder(Preset.UNTRUSTED);
        builder.trapOnDenial = true;
        return builder;
    }

    /**
     * Returns a builder for code the operator vouches for: it starts from {@link #denyAll()} (still
     * no grants) with relaxed limits (fuel 1,000,000,000; memory 256 MiB; timeout 5 s; output 16
     * MiB; stdout and stderr 1 MiB; 64 open files; 64 MiB written) and manifest requests that are
     * not granted reported as warnings.
     */
    public static Builder trusted() {
        Builder builder = new Builder(Preset.DEFAULT);
        builder.limits =
                Limits.builder()
                        .fuel(1_000_000_000)
                        .maxMemoryBytes(256L << 20)
                        .timeout(Duration.ofSeconds(5))
                        .maxOutputBytes(16 << 20)
                        .maxStdoutBytes(1 << 20)
                        .maxStderrBytes(1 << 20)
                        .maxOpenFiles(64)
                        .maxBytesWritten(64L << 20)
                        .build();
        builder.strictManifest = false;
        return builder;
    }

    /** Returns a builder that starts from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns the quotas. */
    public Limits limits() {
        return limits;
    }

    /** Returns the host function grants in the order they were made. */
    public List<HostFunctionGrant> hostFunctionGrants() {
        return hostFunctionGrants;
    }

    /** Returns whether some grant covers the import {@code module}/{@code function}. */
    public boolean allowsHostFunction(String module, String function) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        for (HostFunctionGrant grant : hostFunctionGrants) {
            if (grant.matches(module, function)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the environment variables the plugin sees, one per name. */
    public List<EnvGrant> env() {
        return env;
    }

    /** Returns the command-line arguments the plugin sees (after {@code argv[0]}). */
    public List<String> args() {
        return args;
    }

    /** Returns a copy of the plugin's stdin content; empty unless granted. */
    public byte[] stdin() {
        return stdin.clone();
    }

    /** Returns the preopened directories, one per guest path. */
    public List<PreopenGrant> preopens() {
        return preopens;
    }

    /** Returns the clock the plugin sees; {@link ClockPolicy#system()} by default. */
    public ClockPolicy clock() {
        return clock;
    }

    /** Returns the plugin's source of random bytes; {@link RandomPolicy#secure()} by default. */
    public RandomPolicy random() {
        return random;
    }

    /** Returns the outbound HTTP grants in the order they were made. */
    public List<OutboundGrant> outbound() {
        return outbound;
    }

    /**
     * Returns whether some outbound grant covers {@code target}'s scheme, host and port. Before
     * connecting, the runtime must also check the resolved address with {@link #allowsAddress}.
     */
    public boolean allowsOutbound(URI target) {
        Objects.requireNonNull(target, "target");
        for (OutboundGrant grant : outbound) {
            if (grant.matches(target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether the plugin may connect to {@code resolved}, the address {@code target}'s host
     * resolved to. A public address needs a grant covering the target. An internal address
     * (loopback, private, link-local, carrier-grade NAT, unspecified, multicast, reserved) needs a
     * covering grant that is either {@link OutboundGrant#privateNetwork private-network} or an IP
     * literal naming exactly that address. An IP-literal target is only ever covered by an
     * IP-literal grant, so a name grant or a wildcard never opens a raw address.
     */
    public boolean allowsAddress(URI target, InetAddress resolved) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(resolved, "resolved");
        for (OutboundGrant grant : outbound) {
            if (!grant.matches(target)) {
                continue;
            }
            if (grant.host().address().isPresent()) {
                if (grant.host().address().get().equals(resolved)) {
                    return true;
                }
            } else if (grant.allowsPrivateNetwork() || !NetworkAddresses.isInternal(resolved)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the granted key-value namespaces and their access. */
    public Map<String, KeyValueAccess> keyValueNamespaces() {
        return keyValueNamespaces;
    }

    /** Returns the config entries the plugin may read. */
    public Map<String, String> config() {
        return config;
    }

    /** Returns the optional Wasm features the module may use. */
    public Set<WasmFeature> features() {
        return features;
    }

    /**
     * Returns whether a denied runtime request (a kv namespace, HTTP target or config key not
     * granted) traps the guest instead of returning the {@code DENIED} error code; default false.
     */
    public boolean trapOnDenial() {
        return trapOnDenial;
    }

    /**
     * Returns whether capabilities the module's manifest requests but the policy does not grant are
     * load errors (true, the default) or warnings.
     */
    public boolean strictManifest() {
        return strictManifest;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PluginPolicy)) {
            return false;
        }
        PluginPolicy that = (PluginPolicy) o;
        return limits.equals(that.limits)
                && hostFunctionGrants.equals(that.hostFunctionGrants)
                && env.equals(that.env)
                && args.equals(that.args)
                && Arrays.equals(stdin, that.stdin)
                && preopens.equals(that.preopens)
                && clock.equals(that.clock)
                && random.equals(that.random)
                && outbound.equals(that.outbound)
                && keyValueNamespaces.equals(that.keyValueNamespaces)
                && config.equals(that.config)
                && features.equals(that.features)
                && trapOnDenial == that.trapOnDenial
                && strictManifest == that.strictManifest;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                limits,
                hostFunctionGrants,
                env,
                args,
                Arrays.hashCode(stdin),
                preopens,
                clock,
                random,
                outbound,
                keyValueNamespaces,
                config,
                features,
                trapOnDenial,
                strictManifest);
    }

    /** Returns a summary that names every grant; config values and env literals are hidden. */
    @Override
    public String toString() {
        return "PluginPolicy{hostFunctions="
                + hostFunctionGrants
                + ", env="
                + env
                + ", args="
                + args.size()
                + ", stdin="
                + stdin.length
                + " bytes, preopens="
                + preopens
                + ", clock="
                + clock
                + ", random="
                + random
                + ", outbound="
                + outbound
                + ", keyValue="
                + keyValueNamespaces
                + ", config="
                + config.keySet()
                + ", features="
                + features
                + ", trapOnDenial="
                + trapOnDenial
                + ", strictManifest="
                + strictManifest
                + ", "
                + limits
                + "}";
    }

    private enum Preset {
        DEFAULT,
        UNTRUSTED
    }

    /**
     * Builds a {@link PluginPolicy}. Every argument is checked at once; misuse throws {@link
     * NullPointerException} or {@link IllegalArgumentException} naming the field.
     *
     * <p>Not thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private final Preset preset;
        private Limits limits = Limits.defaults();
        private final Set<HostFunctionGrant> hostFunctionGrants = new LinkedHashSet<>();
        private final Map<String, EnvGrant> env = new LinkedHashMap<>();
        private List<String> args = List.of();
        private byte[] stdin = new byte[0];
        private final Map<String, PreopenGrant> preopens = new LinkedHashMap<>();
        private ClockPolicy clock = ClockPolicy.system();
        private RandomPolicy random = RandomPolicy.secure();
        private final Set<OutboundGrant> outbound = new LinkedHashSet<>();
        private final Map<String, KeyValueAccess> keyValue = new LinkedHashMap<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Set<WasmFeature> features = EnumSet.noneOf(WasmFeature.class);
        private boolean trapOnDenial;
        private boolean strictManifest = true;

        private Builder(Preset preset) {
            this.preset = preset;
        }

        private Builder(PluginPolicy policy) {
            preset = Preset.DEFAULT;
            limits = policy.limits;
            hostFunctionGrants.addAll(policy.hostFunctionGrants);
            policy.env.forEach(grant -> env.put(grant.name(), grant));
            args = policy.args;
            stdin = policy.stdin;
            policy.preopens.forEach(grant -> preopens.put(grant.guestPath(), grant));
            clock = policy.clock;
            random = policy.random;
            outbound.addAll(policy.outbound);
            keyValue.putAll(policy.keyValueNamespaces);
            config.putAll(policy.config);
            features.addAll(policy.features);
            trapOnDenial = policy.trapOnDenial;
            strictManifest = policy.strictManifest;
        }

        /** Sets the quotas; default {@link Limits#defaults()}. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Grants the functions of import module {@code module} whose names match {@code
         * functionGlob}.
         *
         * @see HostFunctionGrant#of
         */
        public Builder allowHostFunction(String module, String functionGlob) {
            hostFunctionGrants.add(HostFunctionGrant.of(module, functionGlob));
            return this;
        }

        /** Grants the host functions {@code grant} covers. */
        public Builder allowHostFunction(HostFunctionGrant grant) {
            hostFunctionGrants.add(Objects.requireNonNull(grant, "grant"));
            return this;
        }

        /**
         * Grants host functions written {@code module/functionGlob}, such as {@code wasmbox:log/*}.
         *
         * @see HostFunctionGrant#parse
         */
        public Builder allowHostFunction(String grant) {
            hostFunctionGrants.add(HostFunctionGrant.parse(grant));
            return this;
        }

        /** Grants an environment variable, replacing an earlier grant of the same name. */
        public Builder env(EnvGrant grant) {
            Objects.requireNonNull(grant, "grant");
            env.put(grant.name(), grant);
            return this;
        }

        /** Grants the environment variable {@code name} with a literal {@code value}. */
        public Builder allowEnv(String name, String value) {
            return env(EnvGrant.literal(name, value));
        }

        /** Passes the host's environment variable {@code name} under the same name. */
        public Builder passHostEnv(String name) {
            return env(EnvGrant.fromHost(name, name));
        }

        /** Passes the host's environment variable {@code hostVariable} as {@code name}. */
        public Builder passHostEnv(String name, String hostVariable) {
            return env(EnvGrant.fromHost(name, hostVariable));
        }

        /** Sets the command-line arguments, replacing earlier ones. */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        /** Sets the command-line arguments, replacing earlier ones. */
        public Builder args(List<String> args) {
            this.args = List.copyOf(args);
            return this;
        }

        /** Sets a copy of {@code stdin} as the plugin's stdin content. */
        public Builder stdin(byte[] stdin) {
            this.stdin = Objects.requireNonNull(stdin, "stdin").clone();
            return this;
        }

        /** Grants a preopened directory, replacing an earlier one at the same guest path. */
        public Builder preopen(PreopenGrant grant) {
            Objects.requireNonNull(grant, "grant");
            preopens.put(grant.guestPath(), grant);
            return this;
        }

        /** Sets the clock the plugin sees. */
        public Builder clock(ClockPolicy clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Sets the plugin's source of random bytes. */
        public Builder random(RandomPolicy random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Grants outbound HTTP to an origin pattern such as {@code https://api.example.com}.
         *
         * @see OutboundGrant#parse
         */
        public Builder allowOutboundHost(String pattern) {
            return allowOutbound(OutboundGrant.parse(pattern));
        }

        /** Grants outbound HTTP. */
        public Builder allowOutbound(OutboundGrant grant) {
            outbound.add(Objects.requireNonNull(grant, "grant"));
            return this;
        }

        /**
         * Grants the key-value namespace {@code namespace}, replacing an earlier grant of it.
         *
         * @throws IllegalArgumentException if the namespace is blank
         */
        public Builder allowKeyValue(String namespace, KeyValueAccess access) {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(access, "access");
            if (namespace.isBlank()) {
                throw new IllegalArgumentException("key-value namespace must not be blank");
            }
            keyValue.put(namespace, access);
            return this;
        }

        /**
         * Exposes the config entry {@code key} with {@code value} to the plugin.
         *
         * @throws IllegalArgumentException if the key is blank
         */
        public Builder config(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isBlank()) {
                throw new IllegalArgumentException("config key must not be blank");
            }
            config.put(key, value);
            return this;
        }

        /** Allows the module to use an optional Wasm feature. */
        public Builder enable(WasmFeature feature) {
            features.add(Objects.requireNonNull(feature, "feature"));
            return this;
        }

        /** Sets whether a denied runtime request traps the guest; see {@link #trapOnDenial()}. */
        public Builder trapOnDenial(boolean trapOnDenial) {
            this.trapOnDenial = trapOnDenial;
            return this;
        }

        /** Sets whether ungranted manifest requests are errors; see {@link #strictManifest()}. */
        public Builder strictManifest(boolean strictManifest) {
            this.strictManifest = strictManifest;
            return this;
        }

        /**
         * Returns the policy; the builder may be reused.
         *
         * @throws IllegalStateException for an {@link #untrusted()} builder whose limits leave a
         *     quota at its default; the message lists every such quota
         */
        public PluginPolicy build() {
            if (preset == Preset.UNTRUSTED) {
                List<String> missing = new ArrayList<>();
                for (LimitField field : LimitField.values()) {
                    if (field.isQuota() && !limits.explicitlySet().contains(field)) {
                        missing.add(field.javaName());
                    }
                }
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(
                            "an untrusted policy must set every quota explicitly; missing: "
                                    + String.join(", ", missing));
                }
            }
            return new PluginPolicy(this);
        }
    }
}
