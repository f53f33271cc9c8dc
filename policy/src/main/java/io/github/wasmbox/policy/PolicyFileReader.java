/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns the tree of a policy file into policies: checks every key and value against the format
 * (docs/policy.md, docs/policy.schema.json) and applies the merge rules defaults → base → plugin.
 */
final class PolicyFileReader {
    static final List<String> SET_KEYS = List.of("defaults", "bases", "plugins");
    static final List<String> DEFAULTS_KEYS =
            List.of("preset", "limits", "trap-on-denial", "strict-manifest");
    static final List<String> ENTRY_KEYS =
            List.of("extends", "preset", "limits", "grants", "trap-on-denial", "strict-manifest");
    static final List<String> POLICY_KEYS =
            List.of("preset", "limits", "grants", "trap-on-denial", "strict-manifest");
    static final List<String> LIMIT_KEYS =
            Stream.of(LimitField.values()).map(LimitField::fileKey).collect(Collectors.toList());
    static final List<String> GRANT_KEYS =
            List.of(
                    "host-functions",
                    "env",
                    "args",
                    "stdin",
                    "preopens",
                    "clock",
                    "random",
                    "outbound",
                    "key-value",
                    "config",
                    "features");
    static final List<String> ENV_KEYS = List.of("from-host");
    static final List<String> PREOPEN_KEYS =
            List.of("host-directory", "files", "read-only", "max-bytes", "max-files");
    static final List<String> CLOCK_KEYS = List.of("coarsened", "fixed");
    static final List<String> RANDOM_KEYS = List.of("seeded");
    static final List<String> OUTBOUND_KEYS = List.of("origin", "private-network");

    /**
     * The keys of every kind of map in the format, by the name of its definition in
     * docs/policy.schema.json.
     */
    private static final List<String> KEY_VALUE_KEYS =
            List.of("access", "max-entries", "max-bytes");

    static final Map<String, List<String>> KEYS_BY_DEFINITION =
            Map.ofEntries(
                    Map.entry("policySet", SET_KEYS),
                    Map.entry("defaults", DEFAULTS_KEYS),
                    Map.entry("entry", ENTRY_KEYS),
                    Map.entry("policy", POLICY_KEYS),
                    Map.entry("limits", LIMIT_KEYS),
                    Map.entry("grants", GRANT_KEYS),
                    Map.entry("envFromHost", ENV_KEYS),
                    Map.entry("preopen", PREOPEN_KEYS),
                    Map.entry("clockSetting", CLOCK_KEYS),
                    Map.entry("randomSetting", RANDOM_KEYS),
                    Map.entry("outboundGrant", OUTBOUND_KEYS),
                    Map.entry("keyValueGrant", KEY_VALUE_KEYS));

    private static final List<String> ACCESS_VALUES = List.of("read", "read-write");
    private static final List<String> STATE_MODE_VALUES = List.of("pristine", "stateful");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Map<String, WasmFeature> FEATURES =
            Stream.of(WasmFeature.values())
                    .collect(
                            Collectors.toMap(
                                    WasmFeature::fileName,
                                    feature -> feature,
                                    (a, b) -> a,
                                    LinkedHashMap::new));
    private static final List<String> FEATURE_NAMES = List.copyOf(FEATURES.keySet());

    private PolicyFileReader() {}

    /** How an entry starts before its own settings apply; {@code preset} in the file. */
    private enum Preset {
        DEFAULT("default"),
        TRUSTED("trusted"),
        UNTRUSTED("untrusted");

        final String fileName;

        Preset(String fileName) {
            this.fileName = fileName;
        }

        PluginPolicy.Builder builder() {
            switch (this) {
                case TRUSTED:
                    return PluginPolicy.trusted();
                case UNTRUSTED:
                    return PluginPolicy.untrusted();
                default:
                    return PluginPolicy.builder();
            }
        }

        Limits limits() {
            return this == TRUSTED ? PluginPolicy.trusted().build().limits() : Limits.defaults();
        }

        static Preset ofFileName(String fileName) {
            return values()[fileNames().indexOf(fileName)];
        }

        static List<String> fileNames() {
            return Stream.of(values()).map(preset -> preset.fileName).collect(Collectors.toList());
        }
    }

    /** One section of the file (defaults, a base, a plugin, or a single policy), not yet merged. */
    private static final class Entry {
        final String name;
        final String path;
        @Nullable Preset preset;
        @Nullable String extendsBase;
        final Map<LimitField, Object> limits = new EnumMap<>(LimitField.class);
        final List<Consumer<PluginPolicy.Builder>> grants = new ArrayList<>();
        @Nullable Boolean trapOnDenial;
        @Nullable Boolean strictManifest;

        Entry(String name, String path) {
            this.name = name;
            this.path = path;
        }
    }

    static PolicySet readSet(JsonNode root) {
        Map<String, JsonNode> top = object(root, "", SET_KEYS);
        Entry defaults =
                top.containsKey("defaults")
                        ? entry(top.get("defaults"), "defaults", "defaults", DEFAULTS_KEYS)
                        : new Entry("defaults", "defaults");
        Map<String, Entry> bases = entries(top.get("bases"), "bases");
        Map<String, Entry> plugins = entries(top.get("plugins"), "plugins");
        Map<String, PluginPolicy> policies = new LinkedHashMap<>();
        for (Entry base : bases.values()) {
            chain(base, defaults, bases);
        }
        for (Map.Entry<String, Entry> plugin : plugins.entrySet()) {
            policies.put(plugin.getKey(), resolve(chain(plugin.getValue(), defaults, bases)));
        }
        return new PolicySet(resolve(List.of(defaults)), policies);
    }

    static PluginPolicy readPolicy(JsonNode root) {
        return resolve(List.of(entry(root, "", "", POLICY_KEYS)));
    }

    private static Map<String, Entry> entries(@Nullable JsonNode node, String path) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (node != null) {
            for (Map.Entry<String, JsonNode> named : object(node, path, null).entrySet()) {
                String entryPath = join(path, named.getKey());
                entries.put(
                        named.getKey(),
                        entry(named.getValue(), named.getKey(), entryPath, ENTRY_KEYS));
            }
        }
        return entries;
    }

    /** Returns defaults, the bases from the root-most down, and the entry itself. */
    private static List<Entry> chain(Entry entry, Entry defaults, Map<String, Entry> bases) {
        List<Entry> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (bases.get(entry.name) == entry) {
            seen.add(entry.name);
        }
        Entry current = entry;
        chain.add(current);
        while (current.extendsBase != null) {
            String name = current.extendsBase;
            Entry base = bases.get(name);
            if (base == null) {
                throw new PolicyFileException(
                        join(current.path, "extends"),
                        "unknown base '"
                                + name
                                + "'"
                                + (bases.isEmpty()
                                        ? "; the file defines no bases"
                                        : orKnown(name, bases.keySet())));
            }
            if (!seen.add(name)) {
                throw new PolicyFileException(
                        join(current.path, "extends"),
                        "bases extend each other in a cycle: "
                                + String.join(" -> ", seen)
                                + " -> "
                                + name);
            }
            chain.add(0, base);
            current = base;
        }
        chain.add(0, defaults);
        return chain;
    }

    private static PluginPolicy resolve(List<Entry> chain) {
        Entry self = chain.get(chain.size() - 1);
        Preset preset = Preset.DEFAULT;
        for (Entry entry : chain) {
            preset = entry.preset == null ? preset : entry.preset;
        }
        Limits.Builder limits = preset.limits().toBuilder();
        Set<LimitField> explicit = EnumSet.noneOf(LimitField.class);
        for (Entry entry : chain) {
            entry.limits.forEach(
                    (field, value) -> {
                        if (value instanceof Duration) {
                            limits.set(field, (Duration) value);
                        } else if (value instanceof StateMode) {
                            limits.stateMode((StateMode) value);
                        } else {
                            limits.set(field, (Long) value);
                        }
                    });
            explicit.addAll(entry.limits.keySet());
        }
        if (preset == Preset.UNTRUSTED) {
            List<String> missing = new ArrayList<>();
            for (LimitField field : LimitField.values()) {
                if (field.isQuota() && !explicit.contains(field)) {
                    missing.add(field.fileKey());
                }
            }
            if (!missing.isEmpty()) {
                throw new PolicyFileException(
                        self.path,
                        "an untrusted policy must set every quota explicitly; missing limits: "
                                + String.join(", ", missing));
            }
        }
        PluginPolicy.Builder builder = preset.builder().limits(limits.build());
        for (Entry entry : chain) {
            entry.grants.forEach(grant -> grant.accept(builder));
            if (entry.trapOnDenial != null) {
                builder.trapOnDenial(entry.trapOnDenial);
            }
            if (entry.strictManifest != null) {
                builder.strictManifest(entry.strictManifest);
            }
        }
        return builder.build();
    }

    /** Reads a {@code grants} section on its own; paths are relative to it. */
    static void applyGrants(JsonNode grants, PluginPolicy.Builder builder) {
        Entry entry = new Entry("", "");
        grants(grants, "", entry);
        entry.grants.forEach(grant -> grant.accept(builder));
    }

    private static Entry entry(JsonNode node, String name, String path, List<String> keys) {
        if (keys.equals(DEFAULTS_KEYS) && node.isObject() && node.has("grants")) {
            throw new PolicyFileException(
                    join(path, "grants"),
                    "defaults cannot grant anything, so no plugin gains a capability it does not"
                            + " name; put shared grants in a base and say 'extends: <base>'");
        }
        Entry entry = new Entry(name, path);
        for (Map.Entry<String, JsonNode> field : object(node, path, keys).entrySet()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            String keyPath = join(path, key);
            switch (key) {
                case "extends":
                    entry.extendsBase = string(value, keyPath);
                    break;
                case "preset":
                    entry.preset = Preset.ofFileName(choice(value, keyPath, Preset.fileNames()));
                    break;
                case "limits":
                    limits(value, keyPath, entry);
                    break;
                case "grants":
                    grants(value, keyPath, entry);
                    break;
                case "trap-on-denial":
                    entry.trapOnDenial = bool(value, keyPath);
                    break;
                default: // "strict-manifest", the only key left
                    entry.strictManifest = bool(value, keyPath);
                    break;
            }
        }
        return entry;
    }

    private static void limits(JsonNode node, String path, Entry entry) {
        for (Map.Entry<String, JsonNode> field : object(node, path, LIMIT_KEYS).entrySet()) {
            LimitField limit = LimitField.ofFileKey(field.getKey());
            JsonNode value = field.getValue();
            String keyPath = join(path, field.getKey());
            String violation;
            Object parsed;
            switch (limit.kind()) {
                case COUNT:
                    long count = wholeNumber(value, keyPath);
                    violation = limit.violation(count);
                    parsed = count;
                    break;
                case BYTES:
                    long size = size(value, keyPath);
                    violation = limit.violation(size);
                    parsed = size;
                    break;
                case STATE_MODE:
                    String mode = choice(value, keyPath, STATE_MODE_VALUES);
                    violation = null;
                    parsed = mode.equals("stateful") ? StateMode.STATEFUL : StateMode.PRISTINE;
                    break;
                default:
                    Duration duration = duration(value, keyPath);
                    violation = limit.violation(duration);
                    parsed = duration;
                    break;
            }
            if (violation != null) {
                throw new PolicyFileException(keyPath, violation + " but was " + describe(value));
            }
            entry.limits.put(limit, parsed);
        }
    }

    /**
     * Reads the grants of one entry. Each is validated here, so that an error carries its key path,
     * and recorded as a step to apply to the builder when the chain is merged.
     */
    private static void grants(JsonNode node, String path, Entry entry) {
        List<Consumer<PluginPolicy.Builder>> grants = entry.grants;
        for (Map.Entry<String, JsonNode> field : object(node, path, GRANT_KEYS).entrySet()) {
            JsonNode value = field.getValue();
            String keyPath = join(path, field.getKey());
            switch (field.getKey()) {
                case "host-functions":
                    forEachItem(
                            value,
                            keyPath,
                            (item, itemPath) -> {
                                String text = string(item, itemPath);
                                HostFunctionGrant grant =
                                        checked(itemPath, () -> HostFunctionGrant.parse(text));
                                grants.add(builder -> builder.allowHostFunction(grant));
                            });
                    break;
                case "env":
                    env(value, keyPath, grants);
                    break;
                case "args":
                    List<String> args = new ArrayList<>();
                    forEachItem(value, keyPath, (item, at) -> args.add(scalar(item, at)));
                    grants.add(builder -> builder.args(args));
                    break;
                case "stdin":
                    byte[] stdin = string(value, keyPath).getBytes(StandardCharsets.UTF_8);
                    grants.add(builder -> builder.stdin(stdin));
                    break;
                case "preopens":
                    for (Map.Entry<String, JsonNode> preopen :
                            object(value, keyPath, null).entrySet()) {
                        String at = join(keyPath, preopen.getKey());
                        PreopenGrant grant = preopen(preopen.getKey(), preopen.getValue(), at);
                        grants.add(builder -> builder.preopen(grant));
                    }
                    break;
                case "clock":
                    ClockPolicy clock = clock(value, keyPath);
                    grants.add(builder -> builder.clock(clock));
                    break;
                case "random":
                    RandomPolicy random = random(value, keyPath);
                    grants.add(builder -> builder.random(random));
                    break;
                case "outbound":
                    forEachItem(
                            value,
                            keyPath,
                            (item, itemPath) -> {
                                OutboundGrant grant = outbound(item, itemPath);
                                grants.add(builder -> builder.allowOutbound(grant));
                            });
                    break;
                case "key-value":
                    for (Map.Entry<String, JsonNode> namespace :
                            object(value, keyPath, null).entrySet()) {
                        String name = namespace.getKey();
                        String at = join(keyPath, name);
                        KeyValueAccess access = keyValueAccess(namespace.getValue(), at);
                        checked(at, () -> PluginPolicy.builder().allowKeyValue(name, access));
                        grants.add(builder -> builder.allowKeyValue(name, access));
                    }
                    break;
                case "config":
                    for (Map.Entry<String, JsonNode> entryOfConfig :
                            object(value, keyPath, null).entrySet()) {
                        String key = entryOfConfig.getKey();
                        String at = join(keyPath, key);
                        String text = scalar(entryOfConfig.getValue(), at);
                        checked(at, () -> PluginPolicy.builder().config(key, text));
                        grants.add(builder -> builder.config(key, text));
                    }
                    break;
                default: // "features", the only key left
                    forEachItem(
                            value,
                            keyPath,
                            (item, itemPath) -> {
                                WasmFeature feature =
                                        FEATURES.get(choice(item, itemPath, FEATURE_NAMES));
                                grants.add(builder -> builder.enable(feature));
                            });
                    break;
            }
        }
    }

    /** Reads {@code env}: a map of name to literal or {from-host}, or a list of host names. */
    private static void env(
            JsonNode value, String path, List<Consumer<PluginPolicy.Builder>> grants) {
        if (value.isArray()) {
            forEachItem(
                    value,
                    path,
                    (item, itemPath) -> {
                        String name = string(item, itemPath);
                        EnvGrant grant = checked(itemPath, () -> EnvGrant.fromHost(name, name));
                        grants.add(builder -> builder.env(grant));
                    });
            return;
        }
        for (Map.Entry<String, JsonNode> variable : object(value, path, null).entrySet()) {
            EnvGrant grant =
                    env(variable.getKey(), variable.getValue(), join(path, variable.getKey()));
            grants.add(builder -> builder.env(grant));
        }
    }

    private static EnvGrant env(String name, JsonNode setting, String path) {
        if (setting.isObject()) {
            Map<String, JsonNode> fields = object(setting, path, ENV_KEYS);
            JsonNode hostVariable = required(fields, "from-host", path);
            String variable = string(hostVariable, join(path, "from-host"));
            return checked(path, () -> EnvGrant.fromHost(name, variable));
        }
        String value = scalar(setting, path);
        return checked(path, () -> EnvGrant.literal(name, value));
    }

    private static PreopenGrant preopen(String guestPath, JsonNode setting, String path) {
        Map<String, JsonNode> fields = object(setting, path, PREOPEN_KEYS);
        PreopenGrant.Builder builder;
        if (fields.containsKey("host-directory")) {
            if (fields.containsKey("files")) {
                throw new PolicyFileException(
                        path, "use either 'host-directory' or 'files', not both");
            }
            String directoryPath = join(path, "host-directory");
            String directory = string(fields.get("host-directory"), directoryPath);
            Path hostDirectory;
            try {
                hostDirectory = Path.of(directory);
            } catch (InvalidPathException e) {
                throw new PolicyFileException(
                        directoryPath, "'" + directory + "' is not a valid path", e);
            }
            if (!hostDirectory.isAbsolute()) {
                throw new PolicyFileException(
                        directoryPath, "must be an absolute path but was '" + directory + "'");
            }
            builder = checked(path, () -> PreopenGrant.directory(guestPath, hostDirectory));
        } else {
            builder = checked(path, () -> PreopenGrant.inMemory(guestPath));
            if (fields.containsKey("files")) {
                String filesPath = join(path, "files");
                for (Map.Entry<String, JsonNode> file :
                        object(fields.get("files"), filesPath, null).entrySet()) {
                    String filePath = join(filesPath, file.getKey());
                    byte[] content =
                            string(file.getValue(), filePath).getBytes(StandardCharsets.UTF_8);
                    PreopenGrant.Builder target = builder;
                    checked(filePath, () -> target.file(file.getKey(), content));
                }
            }
        }
        if (fields.containsKey("read-only")) {
            builder.readOnly(bool(fields.get("read-only"), join(path, "read-only")));
        }
        PreopenGrant.Builder target = builder;
        if (fields.containsKey("max-bytes")) {
            String keyPath = join(path, "max-bytes");
            long maxBytes = size(fields.get("max-bytes"), keyPath);
            checked(keyPath, () -> target.maxBytes(maxBytes));
        }
        if (fields.containsKey("max-files")) {
            String keyPath = join(path, "max-files");
            long maxFiles = wholeNumber(fields.get("max-files"), keyPath);
            if (maxFiles < 0 || maxFiles > Integer.MAX_VALUE) {
                throw new PolicyFileException(
                        keyPath,
                        "must be between 0 and 2147483647 but was " + fields.get("max-files"));
            }
            target.maxFiles((int) maxFiles);
        }
        return checked(path, target::build);
    }

    private static ClockPolicy clock(JsonNode node, String path) {
        if (!node.isObject()) {
            choice(node, path, List.of("system"));
            return ClockPolicy.system();
        }
        Map<String, JsonNode> fields = object(node, path, CLOCK_KEYS);
        if (fields.size() != 1) {
            throw new PolicyFileException(
                    path,
                    "expected 'system', {coarsened: <duration>} or {fixed: <instant>} but was "
                            + describe(node));
        }
        if (fields.containsKey("coarsened")) {
            String keyPath = join(path, "coarsened");
            Duration resolution = duration(fields.get("coarsened"), keyPath);
            return checked(keyPath, () -> ClockPolicy.coarsened(resolution));
        }
        String keyPath = join(path, "fixed");
        String instant = string(fields.get("fixed"), keyPath);
        try {
            return ClockPolicy.fixed(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            throw new PolicyFileException(
                    keyPath,
                    "'"
                            + instant
                            + "' is not an instant: use ISO-8601 UTC as in 2024-01-01T00:00:00Z",
                    e);
        }
    }

    private static RandomPolicy random(JsonNode node, String path) {
        if (!node.isObject()) {
            choice(node, path, List.of("secure"));
            return RandomPolicy.secure();
        }
        Map<String, JsonNode> fields = object(node, path, RANDOM_KEYS);
        JsonNode seed = required(fields, "seeded", path);
        return RandomPolicy.seeded(wholeNumber(seed, join(path, "seeded")));
    }

    private static OutboundGrant outbound(JsonNode node, String path) {
        if (!node.isObject()) {
            String pattern = string(node, path);
            return checked(path, () -> OutboundGrant.parse(pattern));
        }
        Map<String, JsonNode> fields = object(node, path, OUTBOUND_KEYS);
        String origin = string(required(fields, "origin", path), join(path, "origin"));
        boolean privateNetwork =
                fields.containsKey("private-network")
                        && bool(fields.get("private-network"), join(path, "private-network"));
        return checked(
                join(path, "origin"),
                () ->
                        privateNetwork
                                ? OutboundGrant.privateNetwork(origin)
                                : OutboundGrant.parse(origin));
    }

    // ---- checked access to the tree ----

    /** Returns the fields of a map; {@code known} null accepts any key. An empty value is {}. */
    /** {@code read}, {@code read-write}, or a map of {@code access} and the quota's limits. */
    private static KeyValueAccess keyValueAccess(JsonNode node, String path) {
        if (!node.isObject()) {
            return choice(node, path, ACCESS_VALUES).equals("read")
                    ? KeyValueAccess.READ
                    : KeyValueAccess.READ_WRITE;
        }
        Map<String, JsonNode> fields = object(node, path, KEY_VALUE_KEYS);
        String accessPath = join(path, "access");
        if (!fields.containsKey("access")) {
            throw new PolicyFileException(accessPath, "missing; expected read or read-write");
        }
        boolean read = choice(fields.get("access"), accessPath, ACCESS_VALUES).equals("read");
        if (read && fields.size() > 1) {
            throw new PolicyFileException(
                    path,
                    "max-entries and max-bytes apply to read-write grants only; remove them or"
                            + " grant read-write");
        }
        if (read) {
            return KeyValueAccess.READ;
        }
        KeyValueQuota defaults = KeyValueQuota.DEFAULT;
        long maxEntries =
                fields.containsKey("max-entries")
                        ? wholeNumber(fields.get("max-entries"), join(path, "max-entries"))
                        : defaults.maxEntries();
        long maxBytes =
                fields.containsKey("max-bytes")
                        ? size(fields.get("max-bytes"), join(path, "max-bytes"))
                        : defaults.maxBytes();
        return KeyValueAccess.readWrite(
                checked(path, () -> new KeyValueQuota(maxEntries, maxBytes)));
    }

    private static Map<String, JsonNode> object(
            JsonNode node, String path, @Nullable List<String> known) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        if (node.isNull() || node.isMissingNode()) {
            return fields;
        }
        if (!node.isObject()) {
            throw new PolicyFileException(path, "expected a map but was " + describe(node));
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (known != null && !known.contains(key)) {
                throw new PolicyFileException(
                        join(path, key), "unknown key '" + key + "'" + orKnown(key, known));
            }
            fields.put(key, field.getValue());
        }
        return fields;
    }

    private interface ItemVisitor {
        void visit(JsonNode item, String itemPath);
    }

    private static void forEachItem(JsonNode node, String path, ItemVisitor visitor) {
        if (node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw new PolicyFileException(path, "expected a list but was " + describe(node));
        }
        int index = 0;
        for (JsonNode item : node.values()) {
            visitor.visit(item, path + "[" + index++ + "]");
        }
    }

    private static JsonNode required(Map<String, JsonNode> fields, String key, String path) {
        JsonNode value = fields.get(key);
        if (value == null) {
            throw new PolicyFileException(path, "missing key '" + key + "'");
        }
        return value;
    }

    private static String string(JsonNode node, String path) {
        if (!node.isString()) {
            throw new PolicyFileException(path, "expected a string but was " + describe(node));
        }
        return node.stringValue();
    }

    /** Reads a string, number or boolean as text, for values YAML may leave unquoted. */
    private static String scalar(JsonNode node, String path) {
        if (!node.isString() && !node.isNumber() && !node.isBoolean()) {
            throw new PolicyFileException(path, "expected a string but was " + describe(node));
        }
        return node.asString();
    }

    private static boolean bool(JsonNode node, String path) {
        if (!node.isBoolean()) {
            throw new PolicyFileException(path, "expected true or false but was " + describe(node));
        }
        return node.booleanValue();
    }

    private static long wholeNumber(JsonNode node, String path) {
        if (!node.isIntegralNumber()) {
            throw new PolicyFileException(
                    path, "expected a whole number but was " + describe(node));
        }
        if (!node.canConvertToLong()) {
            throw new PolicyFileException(path, node.asString() + " is too large");
        }
        return node.longValue();
    }

    private static long size(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return wholeNumber(node, path);
        }
        if (!node.isString()) {
            throw new PolicyFileException(
                    path, "expected a size such as 16MB but was " + describe(node));
        }
        return checked(path, () -> Units.parseSize(node.stringValue()));
    }

    private static Duration duration(JsonNode node, String path) {
        if (!node.isString() && !node.isNumber()) {
            throw new PolicyFileException(
                    path, "expected a duration such as 250ms but was " + describe(node));
        }
        return checked(path, () -> Units.parseDuration(node.asString()));
    }

    private static String choice(JsonNode node, String path, List<String> allowed) {
        String value = string(node, path);
        if (!allowed.contains(value)) {
            throw new PolicyFileException(
                    path,
                    "'"
                            + value
                            + "' is not one of "
                            + String.join(", ", allowed)
                            + Suggestions.didYouMean(value, allowed));
        }
        return value;
    }

    private interface Check<T> {
        T get();
    }

    /** Runs a model factory and reports its {@link IllegalArgumentException} at {@code path}. */
    private static <T> T checked(String path, Check<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PolicyFileException(path, e.getMessage(), e);
        }
    }

    private static String orKnown(String word, java.util.Collection<String> known) {
        String suggestion = Suggestions.didYouMean(word, known);
        return suggestion.isEmpty() ? "; expected one of " + String.join(", ", known) : suggestion;
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isString()) {
            return "'" + node.stringValue() + "'";
        }
        return node.isNull() ? "nothing" : node.asString();
    }

    static String join(String path, String key) {
        String segment = PLAIN_KEY.matcher(key).matches() ? key : "\"" + key + "\"";
        if (path.isEmpty()) {
            return segment;
        }
        return segment.startsWith("\"") ? path + "[" + segment + "]" : path + "." + segment;
    }
}
