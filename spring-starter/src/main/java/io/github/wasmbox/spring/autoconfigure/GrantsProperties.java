/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The grants of one plugin, {@code wasmbox.plugins.<name>.grants.*}, in the vocabulary of a policy
 * file's {@code grants} section (docs/policy.md). Typed, so that every form Spring's relaxed
 * binding accepts works ({@code GRANTS_HOSTFUNCTIONS} in the environment), and handed to the policy
 * module as a tree ({@link #tree()}), which checks it as strictly as a policy file.
 *
 * <p>A grant that a policy file gives either as a word or as a map ({@code clock: system} or {@code
 * clock.coarsened: 1s}) binds from either: the word through the class's {@code valueOf}, the map
 * through its properties.
 *
 * <p>Mutable JavaBeans, as Spring's binder requires; not thread-safe.
 */
public class GrantsProperties {

    /** Host functions the plugin may import, such as wasmbox:kv/get or wasmbox:log/*. */
    private List<String> hostFunctions = new ArrayList<>();

    /** Environment variables the guest sees: a value, or from-host naming a host variable. */
    private Map<String, Env> env = new LinkedHashMap<>();

    /** Command-line arguments the guest sees. */
    private List<String> args = new ArrayList<>();

    /** Text on the guest's standard input. */
    private @Nullable String stdin;

    /** Directories the guest sees, by guest path. */
    private Map<String, Preopen> preopens = new LinkedHashMap<>();

    /** The guest's clock: system, or coarsened / fixed. */
    private @Nullable Clock clock;

    /** The guest's randomness: secure, or seeded. */
    private @Nullable Random random;

    /** Origins wasmbox:http may reach, such as https://api.example.com. */
    private List<Outbound> outbound = new ArrayList<>();

    /** Key-value namespaces, by name: read, read-write, or access with quotas. */
    private Map<String, KeyValue> keyValue = new LinkedHashMap<>();

    /** Entries wasmbox:config serves, by key. */
    private Map<String, String> config = new LinkedHashMap<>();

    /** WebAssembly features beyond the default set, such as simd or threads. */
    private List<String> features = new ArrayList<>();

    public List<String> getHostFunctions() {
        return hostFunctions;
    }

    public void setHostFunctions(List<String> hostFunctions) {
        this.hostFunctions = hostFunctions;
    }

    public Map<String, Env> getEnv() {
        return env;
    }

    public void setEnv(Map<String, Env> env) {
        this.env = env;
    }

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public @Nullable String getStdin() {
        return stdin;
    }

    public void setStdin(@Nullable String stdin) {
        this.stdin = stdin;
    }

    public Map<String, Preopen> getPreopens() {
        return preopens;
    }

    public void setPreopens(Map<String, Preopen> preopens) {
        this.preopens = preopens;
    }

    public @Nullable Clock getClock() {
        return clock;
    }

    public void setClock(@Nullable Clock clock) {
        this.clock = clock;
    }

    public @Nullable Random getRandom() {
        return random;
    }

    public void setRandom(@Nullable Random random) {
        this.random = random;
    }

    public List<Outbound> getOutbound() {
        return outbound;
    }

    public void setOutbound(List<Outbound> outbound) {
        this.outbound = outbound;
    }

    public Map<String, KeyValue> getKeyValue() {
        return keyValue;
    }

    public void setKeyValue(Map<String, KeyValue> keyValue) {
        this.keyValue = keyValue;
    }

    public Map<String, String> getConfig() {
        return config;
    }

    public void setConfig(Map<String, String> config) {
        this.config = config;
    }

    public List<String> getFeatures() {
        return features;
    }

    public void setFeatures(List<String> features) {
        this.features = features;
    }

    /** Whether nothing is granted here. */
    boolean isEmpty() {
        return tree().isEmpty();
    }

    /**
     * The grants as a policy-file {@code grants} tree, with the file's key names; what is not set
     * is left out.
     */
    public Map<String, Object> tree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        putList(tree, "host-functions", hostFunctions);
        putMap(tree, "env", env);
        putList(tree, "args", args);
        put(tree, "stdin", stdin);
        putMap(tree, "preopens", preopens);
        put(tree, "clock", clock == null ? null : clock.tree());
        put(tree, "random", random == null ? null : random.tree());
        putList(tree, "outbound", outbound.stream().map(Outbound::tree).toList());
        putMap(tree, "key-value", keyValue);
        putMap(tree, "config", config);
        putList(tree, "features", features);
        return tree;
    }

    private static void put(Map<String, Object> tree, String key, @Nullable Object value) {
        if (value != null) {
            tree.put(key, value);
        }
    }

    private static void putList(Map<String, Object> tree, String key, List<?> values) {
        if (!values.isEmpty()) {
            tree.put(key, values);
        }
    }

    private static void putMap(Map<String, Object> tree, String key, Map<String, ?> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        values.forEach(
                (name, value) -> map.put(name, value instanceof Node node ? node.tree() : value));
        tree.put(key, map);
    }

    private static @Nullable Long bytes(@Nullable DataSize size) {
        return size == null ? null : size.toBytes();
    }

    /** A grant that is a word or a map in a policy file. */
    abstract static class Node {
        /** The word form, when the grant was given as one. */
        private @Nullable String word;

        /** The word form, or the map of what is set. */
        final Object tree() {
            if (word != null) {
                return word;
            }
            Map<String, Object> tree = new LinkedHashMap<>();
            fields(tree);
            return tree;
        }

        /** Adds each set property under its policy-file key. */
        abstract void fields(Map<String, Object> tree);

        static <T extends Node> T word(T node, String word) {
            ((Node) node).word = word;
            return node;
        }
    }

    /** An environment variable: a value ({@code NAME: value}) or {@code from-host}. */
    public static class Env extends Node {

        /** The host variable whose value the guest sees. */
        private @Nullable String fromHost;

        public @Nullable String getFromHost() {
            return fromHost;
        }

        public void setFromHost(@Nullable String fromHost) {
            this.fromHost = fromHost;
        }

        /** A variable with a literal value. */
        public static Env valueOf(String value) {
            return word(new Env(), value);
        }

        @Override
        void fields(Map<String, Object> tree) {
            put(tree, "from-host", fromHost);
        }
    }

    /** A directory the guest sees: a host directory, or in-memory files. */
    public static class Preopen extends Node {

        /** The host directory shown, an absolute path. */
        private @Nullable String hostDirectory;

        /** In-memory files, by name, with their text. */
        private Map<String, String> files = new LinkedHashMap<>();

        /** Whether the guest may only read (default true). */
        private @Nullable Boolean readOnly;

        /** Bytes the guest may write into it. */
        private @Nullable DataSize maxBytes;

        /** Files the guest may create in it. */
        private @Nullable Integer maxFiles;

        public @Nullable String getHostDirectory() {
            return hostDirectory;
        }

        public void setHostDirectory(@Nullable String hostDirectory) {
            this.hostDirectory = hostDirectory;
        }

        public Map<String, String> getFiles() {
            return files;
        }

        public void setFiles(Map<String, String> files) {
            this.files = files;
        }

        public @Nullable Boolean getReadOnly() {
            return readOnly;
        }

        public void setReadOnly(@Nullable Boolean readOnly) {
            this.readOnly = readOnly;
        }

        public @Nullable DataSize getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(@Nullable DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        public @Nullable Integer getMaxFiles() {
            return maxFiles;
        }

        public void setMaxFiles(@Nullable Integer maxFiles) {
            this.maxFiles = maxFiles;
        }

        @Override
        void fields(Map<String, Object> tree) {
            put(tree, "host-directory", hostDirectory);
            putMap(tree, "files", files);
            put(tree, "read-only", readOnly);
            put(tree, "max-bytes", bytes(maxBytes));
            put(tree, "max-files", maxFiles);
        }
    }

    /** The guest's clock: {@code system}, {@code coarsened} or {@code fixed}. */
    public static class Clock extends Node {

        /** The host's clock rounded down to this resolution, such as 100ms. */
        private @Nullable Duration coarsened;

        /** A clock that always reads this instant (ISO-8601 UTC, as 2024-01-01T00:00:00Z). */
        private @Nullable String fixed;

        public @Nullable Duration getCoarsened() {
            return coarsened;
        }

        public void setCoarsened(@Nullable Duration coarsened) {
            this.coarsened = coarsened;
        }

        public @Nullable String getFixed() {
            return fixed;
        }

        public void setFixed(@Nullable String fixed) {
            this.fixed = fixed;
        }

        /** The clock named by a word: system. */
        public static Clock valueOf(String word) {
            return word(new Clock(), word);
        }

        @Override
        void fields(Map<String, Object> tree) {
            put(tree, "coarsened", coarsened);
            put(tree, "fixed", fixed);
        }
    }

    /** The guest's randomness: {@code secure} or {@code seeded}. */
    public static class Random extends Node {

        /** A deterministic generator with this seed, for tests. */
        private @Nullable Long seeded;

        public @Nullable Long getSeeded() {
            return seeded;
        }

        public void setSeeded(@Nullable Long seeded) {
            this.seeded = seeded;
        }

        /** The randomness named by a word: secure. */
        public static Random valueOf(String word) {
            return word(new Random(), word);
        }

        @Override
        void fields(Map<String, Object> tree) {
            put(tree, "seeded", seeded);
        }
    }

    /**
     * An origin the guest may reach: the origin, or {@code origin} with {@code private-network}.
     */
    public static class Outbound extends Node {

        /** The origin, such as https://api.example.com or https://*.example.com. */
        private @Nullable String origin;

        /** Whether the origin may be an internal address (loopback, private, link-local). */
        private @Nullable Boolean privateNetwork;

        public @Nullable String getOrigin() {
            return origin;
        }

        public void setOrigin(@Nullable String origin) {
            this.origin = origin;
        }

        public @Nullable Boolean getPrivateNetwork() {
            return privateNetwork;
        }

        public void setPrivateNetwork(@Nullable Boolean privateNetwork) {
            this.privateNetwork = privateNetwork;
        }

        /** The grant of one origin. */
        public static Outbound valueOf(String origin) {
            return word(new Outbound(), origin);
        }

        @Override
        void fields(Map<String, Object> tree) {
            put(tree, "origin", origin);
            put(tree, "private-network", privateNetwork);
        }
    }

    /** A key-value namespace: {@code read}, {@code read-write}, or access with quotas. */
    public static class KeyValue extends Node {

        /** read or read-write. */
        private @Nullable String access;

        /** Entries a read-write namespace may hold. */
        private @Nullable Long maxEntries;

        /** Bytes of keys and values a read-write namespace may hold. */
        private @Nullable DataSize maxBytes;

        public @Nullable String getAccess() {
            return access;
        }

        public void setAccess(@Nullable String access) {
            this.access = access;
        }

        public @Nullable Long getMaxEntries() {
            return maxEntries;
        }

        public void setMaxEntries(@Nullable Long maxEntries) {
            this.maxEntries = maxEntries;
        }

        public @Nullable DataSize getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(@Nullable DataSize maxBytes) {
            this.maxBytes = maxBytes;
        }

        /** The namespace with an access word: read or read-write. */
        public static KeyValue valueOf(String access) {
            return word(new KeyValue(), access);
        }

        @Override
        void fields(Map<String, Object> tree) {
            put(tree, "access", access);
            put(tree, "max-entries", maxEntries);
            put(tree, "max-bytes", bytes(maxBytes));
        }
    }
}
