package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFileException;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.spring.PluginDefinition;
import io.github.wasmbox.spring.PluginStartupException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@code wasmbox.plugins.*} into {@link PluginDefinition}s. The inline policy is assembled as
 * a policy-file tree ({@code preset}, {@code limits}, {@code grants}, ...) and read by {@link
 * PolicyFiles}, so properties and policy files share one vocabulary and one set of checks; a policy
 * error is reported at the property key it came from.
 */
final class PluginDefinitions {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MODULE_BYTES = 32 << 20;
    private static final int MAX_SIGNATURE_BYTES = 1024;

    private PluginDefinitions() {}

    /**
     * The definitions of {@code properties}.
     *
     * @param placeholders resolves the {@code ${...}} placeholders of inline policies when a plugin
     *     loads (see {@link #resolvePlaceholders})
     */
    static List<PluginDefinition> of(WasmboxProperties properties, PropertyResolver placeholders) {
        List<PluginDefinition> definitions = new ArrayList<>();
        properties
                .getPlugins()
                .forEach(
                        (name, plugin) ->
                                definitions.add(
                                        definition(
                                                name,
                                                plugin,
                                                properties.getDefaults(),
                                                placeholders)));
        return definitions;
    }

    private static PluginDefinition definition(
            String name,
            WasmboxProperties.Plugin plugin,
            Map<String, Object> defaults,
            PropertyResolver placeholders) {
        String prefix = "wasmbox.plugins." + name + ".";
        Resource location = plugin.getLocation();
        if (location == null) {
            throw new PluginStartupException(
                    name,
                    prefix + "location",
                    "plugin '" + name + "' has no location",
                    "Set "
                            + prefix
                            + "location to the module, such as"
                            + " classpath:plugins/"
                            + name
                            + ".wasm or file:/opt/plugins/"
                            + name
                            + ".wasm.",
                    new IllegalArgumentException("missing location"));
        }
        if (plugin.getPolicyFile() != null
                && (!plugin.getLimits().isEmpty()
                        || !plugin.getGrants().isEmpty()
                        || plugin.getPreset() != null)) {
            throw new PluginStartupException(
                    name,
                    prefix + "policy-file",
                    "plugin '"
                            + name
                            + "' has both a policy-file and an inline policy (preset,"
                            + " limits or grants)",
                    "Keep one: move the inline settings into the policy file, or remove "
                            + prefix
                            + "policy-file.",
                    new IllegalArgumentException("ambiguous policy"));
        }
        return new PluginDefinition(
                name,
                describe(location),
                file(location),
                plugin.isRequired(),
                () ->
                        new PluginDefinition.Resolved(
                                read(name, prefix + "location", location, MAX_MODULE_BYTES),
                                plugin.getSha256(),
                                signature(name, prefix, plugin.getSignature()),
                                policy(name, prefix, plugin, defaults, placeholders)));
    }

    private static byte @Nullable [] signature(
            String name, String prefix, @Nullable Resource signature) {
        return signature == null
                ? null
                : read(name, prefix + "signature", signature, MAX_SIGNATURE_BYTES);
    }

    static PluginPolicy policy(
            String name,
            String prefix,
            WasmboxProperties.Plugin plugin,
            Map<String, Object> defaults,
            PropertyResolver placeholders) {
        Resource policyFile = plugin.getPolicyFile();
        PluginPolicy policy;
        if (policyFile != null) {
            String content =
                    new String(
                            read(name, prefix + "policy-file", policyFile, 1 << 20),
                            StandardCharsets.UTF_8);
            String filename = String.valueOf(policyFile.getFilename()).toLowerCase(Locale.ROOT);
            PolicyFiles.Format format =
                    filename.endsWith(".json") ? PolicyFiles.Format.JSON : PolicyFiles.Format.YAML;
            try {
                policy = PolicyFiles.parsePolicy(content, format);
            } catch (PolicyFileException e) {
                throw new PluginStartupException(
                        name,
                        prefix + "policy-file",
                        "policy file "
                                + describe(policyFile)
                                + " of plugin '"
                                + name
                                + "' is not valid: "
                                + e.getMessage(),
                        "Fix the policy file at '" + e.keyPath() + "' (see docs/policy.md).",
                        e);
            }
            return overrides(name, prefix, plugin, policy);
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.putAll(resolvePlaceholders(name, "wasmbox.defaults", defaults, placeholders));
        limits.putAll(
                resolvePlaceholders(name, prefix + "limits", plugin.getLimits(), placeholders));
        Map<String, Object> tree = new LinkedHashMap<>();
        if (plugin.getPreset() != null) {
            tree.put("preset", plugin.getPreset());
        }
        tree.put("limits", limits);
        tree.put(
                "grants",
                lists(
                        resolvePlaceholders(
                                name, prefix + "grants", plugin.getGrants(), placeholders)));
        if (plugin.getTrapOnDenial() != null) {
            tree.put("trap-on-denial", plugin.getTrapOnDenial());
        }
        if (plugin.getStrictManifest() != null) {
            tree.put("strict-manifest", plugin.getStrictManifest());
        }
        try {
            policy =
                    PolicyFiles.parsePolicy(
                            JSON.writeValueAsString(normalize(tree)), PolicyFiles.Format.JSON);
        } catch (PolicyFileException e) {
            String key = propertyKey(prefix, e.keyPath(), plugin, defaults);
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '" + name + "': " + key + ": " + problem(e),
                    "Fix "
                            + key
                            + " (see the properties in docs/spring.md and the policy"
                            + " vocabulary in docs/policy.md).",
                    e);
        }
        return overrides(name, prefix, plugin, policy);
    }

    /** Applies {@code pool.*} and {@code state}, which win over any policy. */
    private static PluginPolicy overrides(
            String name, String prefix, WasmboxProperties.Plugin plugin, PluginPolicy policy) {
        WasmboxProperties.Pool pool = plugin.getPool();
        if (pool.getSize() == null
                && pool.getAcquireTimeout() == null
                && plugin.getState() == null) {
            return policy;
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        if (pool.getSize() != null) {
            limits.put("pool-size", pool.getSize());
        }
        if (pool.getAcquireTimeout() != null) {
            limits.put("acquire-timeout", pool.getAcquireTimeout());
        }
        if (plugin.getState() != null) {
            limits.put("state-mode", plugin.getState().name().toLowerCase(Locale.ROOT));
        }
        Limits parsed;
        try {
            parsed =
                    PolicyFiles.parsePolicy(
                                    JSON.writeValueAsString(Map.of("limits", limits)),
                                    PolicyFiles.Format.JSON)
                            .limits();
        } catch (PolicyFileException e) {
            String key =
                    prefix
                            + (e.keyPath().endsWith("acquire-timeout")
                                    ? "pool.acquire-timeout"
                                    : e.keyPath().endsWith("state-mode") ? "state" : "pool.size");
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '" + name + "': " + key + ": " + problem(e),
                    "Fix " + key + ".",
                    e);
        }
        Limits.Builder builder = policy.limits().toBuilder();
        if (pool.getSize() != null) {
            builder.poolSize(parsed.poolSize());
        }
        if (pool.getAcquireTimeout() != null) {
            builder.acquireTimeout(parsed.acquireTimeout());
        }
        if (plugin.getState() != null) {
            builder.stateMode(plugin.getState());
        }
        return policy.toBuilder().limits(builder.build()).build();
    }

    /**
     * Resolves the {@code ${...}} placeholders in the values of an inline policy tree when the
     * plugin loads, not when the properties were bound. The binder leaves a placeholder it cannot
     * resolve yet as it is, and some values exist only once the context runs: {@code
     * ${local.server.port}}, for a plugin granted the application's own API, is published when the
     * web server has started, and the registry loads after that ({@link
     * io.github.wasmbox.spring.PluginRegistry#LIFECYCLE_PHASE}).
     *
     * @throws PluginStartupException naming the property whose placeholder does not resolve
     */
    @SuppressWarnings("unchecked") // a map resolves to a map
    private static Map<String, Object> resolvePlaceholders(
            String name, String key, Map<String, Object> values, PropertyResolver placeholders) {
        return (Map<String, Object>)
                Objects.requireNonNull(resolvePlaceholder(name, key, values, placeholders));
    }

    private static @Nullable Object resolvePlaceholder(
            String name, String key, @Nullable Object value, PropertyResolver placeholders) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach(
                    (entry, item) ->
                            resolved.put(
                                    String.valueOf(entry),
                                    resolvePlaceholder(
                                            name,
                                            child(key, String.valueOf(entry)),
                                            item,
                                            placeholders)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                resolved.add(
                        resolvePlaceholder(name, key + "[" + i + "]", list.get(i), placeholders));
            }
            return resolved;
        }
        if (value instanceof String text) {
            try {
                return placeholders.resolveRequiredPlaceholders(text);
            } catch (IllegalArgumentException e) {
                throw new PluginStartupException(
                        name,
                        key,
                        "plugin '" + name + "': " + key + ": " + e.getMessage(),
                        "Define the property that "
                                + key
                                + " refers to, or write the value out. (${local.server.port}"
                                + " exists only in an application with an embedded web server.)",
                        e);
            }
        }
        return value;
    }

    /** The key of an entry; Spring binds a YAML list in a map as entries keyed 0, 1, .... */
    private static String child(String key, String entry) {
        return entry.matches("\\d+") ? key + "[" + entry + "]" : key + "." + entry;
    }

    /** The policy error without its key path, which the caller replaces by the property key. */
    private static String problem(PolicyFileException e) {
        String message = String.valueOf(e.getMessage());
        String path = e.keyPath() + ": ";
        return !e.keyPath().isEmpty() && message.startsWith(path)
                ? message.substring(path.length())
                : message;
    }

    private static String propertyKey(
            String prefix,
            String keyPath,
            WasmboxProperties.Plugin plugin,
            Map<String, Object> defaults) {
        if (keyPath.startsWith("limits.")) {
            String limit = keyPath.substring("limits.".length());
            String top = limit.split("[.\\[]", 2)[0];
            if (!plugin.getLimits().containsKey(top) && defaults.containsKey(top)) {
                return "wasmbox.defaults." + limit;
            }
        }
        return keyPath.isEmpty() ? prefix.substring(0, prefix.length() - 1) : prefix + keyPath;
    }

    /** The grants whose value is a list, which a property may also give comma-separated. */
    private static final List<String> LIST_GRANTS =
            List.of("host-functions", "args", "outbound", "features");

    /**
     * Splits a comma-separated list grant ({@code host-functions: a,b}, or one set from an
     * environment variable) the way Spring would for a typed {@code List} property.
     */
    private static Map<String, Object> lists(Map<String, Object> grants) {
        Map<String, Object> copy = new LinkedHashMap<>(grants);
        for (String key : LIST_GRANTS) {
            if (copy.get(key) instanceof String text) {
                List<String> items = new ArrayList<>();
                for (String item : text.split(",")) {
                    if (!item.isBlank()) {
                        items.add(item.strip());
                    }
                }
                copy.put(key, items);
            }
        }
        return copy;
    }

    /**
     * Spring binds a YAML list inside a {@code Map<String, Object>} as a map keyed {@code 0, 1,
     * ...}, and every scalar as a string; the policy reader wants lists, numbers and booleans.
     */
    static @Nullable Object normalize(@Nullable Object value) {
        if (value instanceof Map<?, ?> map) {
            if (!map.isEmpty()
                    && map.keySet().stream()
                            .allMatch(k -> String.valueOf(k).matches("\\[?\\d+]?"))) {
                Map<Integer, Object> indexed = new TreeMap<>();
                map.forEach(
                        (k, v) ->
                                indexed.put(
                                        Integer.parseInt(
                                                String.valueOf(k).replaceAll("[\\[\\]]", "")),
                                        normalize(v)));
                return new ArrayList<>(indexed.values());
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(normalize(item)));
            return copy;
        }
        if (value instanceof String text) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
            // Only plain integers that print back identically, so "007" stays text.
            if (text.matches("-?\\d{1,18}") && Long.toString(Long.parseLong(text)).equals(text)) {
                return Long.parseLong(text);
            }
        }
        return value;
    }

    private static byte[] read(String name, String key, Resource resource, int maxBytes) {
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new PluginStartupException(
                        name,
                        key,
                        describe(resource) + " is larger than " + maxBytes + " bytes",
                        "Point " + key + " at the right file.",
                        new IllegalArgumentException("too large"));
            }
            return bytes;
        } catch (FileNotFoundException e) {
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '"
                            + name
                            + "': "
                            + key
                            + " points at "
                            + describe(resource)
                            + ", which does not exist",
                    "Correct " + key + ", or deploy the file there.",
                    e);
        } catch (IOException e) {
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '"
                            + name
                            + "': cannot read "
                            + describe(resource)
                            + " ("
                            + key
                            + "): "
                            + e.getMessage(),
                    "Check that " + key + " is reachable and readable.",
                    e);
        }
    }

    private static String describe(Resource resource) {
        return resource.getDescription();
    }

    /** The file of a {@code file:} location; classpath resources are never watched. */
    private static @Nullable Path file(Resource resource) {
        if (resource instanceof ClassPathResource) {
            return null;
        }
        try {
            URL url = resource.getURL();
            return "file".equals(url.getProtocol()) ? Path.of(url.toURI()).toAbsolutePath() : null;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
