/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFileException;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.spring.PluginDefinition;
import io.github.wasmbox.spring.PluginStartupException;
import io.github.wasmbox.spring.oci.OciLocations;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * Turns {@code wasmbox.plugins.*} into {@link PluginDefinition}s. Each plugin's properties are
 * bound again whenever it (re)loads, with placeholders that must resolve then: some values exist
 * only once the context runs ({@code ${local.server.port}}, for a plugin granted the application's
 * own API, is published when the web server has started, and the registry loads after that, {@link
 * io.github.wasmbox.spring.PluginRegistry#LIFECYCLE_PHASE}). Limits are set on {@code
 * Limits.Builder}, grants read by {@link PolicyFiles#applyGrants}; an error is reported at the
 * property key it came from.
 */
final class PluginDefinitions {
    private static final int MAX_SIGNATURE_BYTES = 1024;
    private static final int MAX_POLICY_FILE_BYTES = 1 << 20;

    private PluginDefinitions() {}

    /**
     * The definitions of {@code properties}.
     *
     * @param environment where each plugin's properties are bound again when it loads
     * @param oci the {@code oci://} locations, or null when {@code wasmbox-oci} is not on the class
     *     path
     */
    static List<PluginDefinition> of(
            WasmboxProperties properties, Environment environment, @Nullable OciLocations oci) {
        Binder binder = loadTimeBinder(environment);
        // Read no more than the runtime accepts (its default when unset), which then reports it.
        int maxModuleBytes =
                (int) Math.min(properties.getLoad().maxModuleBytes(), Integer.MAX_VALUE - 1);
        List<PluginDefinition> definitions = new ArrayList<>();
        properties
                .getPlugins()
                .forEach(
                        (name, plugin) ->
                                definitions.add(
                                        definition(name, plugin, binder, maxModuleBytes, oci)));
        return definitions;
    }

    /**
     * A binder whose placeholders must resolve: the start-up binding leaves one it cannot resolve
     * yet as it is, and a grant must never carry {@code ${...}} text to the policy.
     */
    private static Binder loadTimeBinder(Environment environment) {
        return new Binder(
                ConfigurationPropertySources.get(environment),
                value ->
                        value instanceof String text
                                ? environment.resolveRequiredPlaceholders(text)
                                : value);
    }

    private static PluginDefinition definition(
            String name,
            WasmboxProperties.Plugin plugin,
            Binder binder,
            int maxModuleBytes,
            @Nullable OciLocations oci) {
        String prefix = "wasmbox.plugins." + name + ".";
        Resource location = plugin.getLocation();
        String ociLocation = ociLocation(binder, prefix);
        if (location == null && ociLocation == null) {
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
                        || plugin.getPreset() != WasmboxProperties.Preset.DEFAULT)) {
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
        if (ociLocation != null) {
            if (oci == null) {
                throw new PluginStartupException(
                        name,
                        prefix + "location",
                        "plugin '"
                                + name
                                + "' is at "
                                + ociLocation
                                + ", and pulling from an OCI registry needs the wasmbox-oci"
                                + " module, which is not on the class path",
                        "Add the dependency io.github.wasmbox:wasmbox-oci to the application"
                                + " (docs/oci.md), or point "
                                + prefix
                                + "location at a file: or classpath: module.",
                        new IllegalStateException("wasmbox-oci is missing"));
            }
            Supplier<OciLocations.Module> pulled = oci.module(name, ociLocation);
            return new PluginDefinition(
                    name,
                    ociLocation,
                    null,
                    plugin.isRequired(),
                    () -> resolve(name, prefix, pulled, binder));
        }
        Resource file = Objects.requireNonNull(location);
        return new PluginDefinition(
                name,
                describe(file),
                file(file),
                plugin.isRequired(),
                () ->
                        resolve(
                                name,
                                prefix,
                                () ->
                                        new OciLocations.Module(
                                                read(
                                                        name,
                                                        prefix + "location",
                                                        file,
                                                        maxModuleBytes),
                                                null,
                                                null),
                                binder));
    }

    /**
     * The location as written when it is {@code oci://…}, else null: Spring would turn it into a
     * class path resource. A location whose placeholders do not resolve yet is not one.
     */
    private static @Nullable String ociLocation(Binder binder, String prefix) {
        try {
            String location = binder.bind(prefix + "location", String.class).orElse(null);
            return OciLocations.isOci(location) ? location.strip() : null;
        } catch (BindException e) {
            return null;
        }
    }

    /**
     * Binds the plugin's properties again and reads its module through {@code module}; a {@code
     * sha256} or {@code signature} property replaces the pin or signature that came with it.
     */
    private static PluginDefinition.Resolved resolve(
            String name, String prefix, Supplier<OciLocations.Module> module, Binder binder) {
        WasmboxProperties.Plugin plugin =
                bind(name, binder, prefix, WasmboxProperties.Plugin.class);
        WasmboxProperties.Limits defaults =
                bind(name, binder, "wasmbox.defaults", WasmboxProperties.Limits.class);
        // A file location delivers its bytes alone; an oci:// one also its pin and signature.
        OciLocations.Module delivered = module.get();
        PluginPolicy policy = policy(name, prefix, plugin, defaults);
        Resource signature = plugin.getSignature();
        return new PluginDefinition.Resolved(
                delivered.bytes(),
                plugin.getSha256() != null ? plugin.getSha256() : delivered.sha256(),
                signature == null
                        ? delivered.signature()
                        : read(name, prefix + "signature", signature, MAX_SIGNATURE_BYTES),
                policy);
    }

    private static <T> T bind(String name, Binder binder, String key, Class<T> type) {
        String root = key.endsWith(".") ? key.substring(0, key.length() - 1) : key;
        try {
            return binder.bindOrCreate(root, type);
        } catch (BindException e) {
            String property = e.getProperty() == null ? root : e.getProperty().getName().toString();
            String problem = NestedExceptionUtils.getMostSpecificCause(e).getMessage();
            boolean placeholder = String.valueOf(problem).contains("placeholder");
            throw new PluginStartupException(
                    name,
                    property,
                    "plugin '" + name + "': " + property + ": " + problem,
                    placeholder
                            ? "Define the property that "
                                    + property
                                    + " refers to, or write the value out. (${local.server.port}"
                                    + " exists only in an application with an embedded web"
                                    + " server.)"
                            : "Fix " + property + ".",
                    e);
        }
    }

    private static PluginPolicy policy(
            String name,
            String prefix,
            WasmboxProperties.Plugin plugin,
            WasmboxProperties.Limits defaults) {
        Resource policyFile = plugin.getPolicyFile();
        PluginPolicy.Builder policy =
                policyFile != null
                        ? policyFile(name, prefix, policyFile).toBuilder()
                        : inline(name, prefix, plugin, defaults);
        Limits.Builder limits = policy.build().limits().toBuilder();
        WasmboxProperties.Pool pool = plugin.getPool();
        try {
            if (pool.getSize() != null) {
                set(prefix + "pool.size", () -> limits.poolSize(pool.getSize()));
            }
            if (pool.getAcquireTimeout() != null) {
                set(
                        prefix + "pool.acquire-timeout",
                        () -> limits.acquireTimeout(pool.getAcquireTimeout()));
            }
            if (pool.getQuarantineAfter() != null) {
                set(
                        prefix + "pool.quarantine-after",
                        () -> limits.quarantineAfter(pool.getQuarantineAfter()));
            }
        } catch (InvalidWasmboxPropertyException e) {
            throw forPlugin(name, e);
        }
        if (plugin.getState() != null) {
            limits.stateMode(plugin.getState());
        }
        return policy.limits(limits.build()).build();
    }

    private static PluginPolicy policyFile(String name, String prefix, Resource policyFile) {
        String content =
                new String(
                        read(name, prefix + "policy-file", policyFile, MAX_POLICY_FILE_BYTES),
                        StandardCharsets.UTF_8);
        String filename = String.valueOf(policyFile.getFilename()).toLowerCase(Locale.ROOT);
        PolicyFiles.Format format =
                filename.endsWith(".json") ? PolicyFiles.Format.JSON : PolicyFiles.Format.YAML;
        try {
            return PolicyFiles.parsePolicy(content, format);
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
    }

    /**
     * The inline policy: the preset, then {@code wasmbox.defaults}, the plugin's limits and grants.
     * Built once here so that an untrusted preset's missing quotas are reported at the limits.
     */
    private static PluginPolicy.Builder inline(
            String name,
            String prefix,
            WasmboxProperties.Plugin plugin,
            WasmboxProperties.Limits defaults) {
        PluginPolicy.Builder policy =
                switch (plugin.getPreset()) {
                    case TRUSTED -> PluginPolicy.trusted();
                    case UNTRUSTED -> PluginPolicy.untrusted();
                    case DEFAULT -> PluginPolicy.builder();
                };
        Limits.Builder limits =
                plugin.getPreset() == WasmboxProperties.Preset.TRUSTED
                        ? PluginPolicy.trusted().build().limits().toBuilder()
                        : Limits.defaults().toBuilder();
        // Defaults were checked at start-up (WasmboxAutoConfiguration), so an error here is the
        // plugin's own.
        defaults.applyTo(limits, "wasmbox.defaults.");
        try {
            plugin.getLimits().applyTo(limits, prefix + "limits.");
        } catch (InvalidWasmboxPropertyException e) {
            throw forPlugin(name, e);
        }
        policy.limits(limits.build());
        try {
            PolicyFiles.applyGrants(plugin.getGrants().tree(), policy);
        } catch (PolicyFileException e) {
            String key =
                    prefix + "grants" + (e.keyPath().startsWith("\"") ? "" : ".") + e.keyPath();
            throw new PluginStartupException(
                    name,
                    key,
                    "plugin '" + name + "': " + key + ": " + problem(e),
                    "Fix "
                            + key
                            + " (see the properties in docs/spring.md and the grants in"
                            + " docs/policy.md).",
                    e);
        }
        if (plugin.getTrapOnDenial() != null) {
            policy.trapOnDenial(plugin.getTrapOnDenial());
        }
        if (plugin.getStrictManifest() != null) {
            policy.strictManifest(plugin.getStrictManifest());
        }
        try {
            policy.build();
        } catch (IllegalStateException e) {
            throw new PluginStartupException(
                    name,
                    prefix + "limits",
                    "plugin '" + name + "': " + e.getMessage(),
                    "Set each missing quota under "
                            + prefix
                            + "limits or wasmbox.defaults (max-memory, not maxMemoryBytes), or"
                            + " choose another "
                            + prefix
                            + "preset.",
                    e);
        }
        return policy;
    }

    private static void set(String key, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new InvalidWasmboxPropertyException(
                    key, key + ": " + e.getMessage(), "Change " + key + " to a value in range.", e);
        }
    }

    private static PluginStartupException forPlugin(
            String name, InvalidWasmboxPropertyException e) {
        return new PluginStartupException(
                name, e.propertyKey(), "plugin '" + name + "': " + e.getMessage(), e.action(), e);
    }

    /** The policy error without its key path, which the caller replaces by the property key. */
    private static String problem(PolicyFileException e) {
        String message = String.valueOf(e.getMessage());
        String path = e.keyPath() + ": ";
        return !e.keyPath().isEmpty() && message.startsWith(path)
                ? message.substring(path.length())
                : message;
    }

    private static byte[] read(String name, String key, Resource resource, int maxBytes) {
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new PluginStartupException(
                        name,
                        key,
                        describe(resource) + " is larger than " + maxBytes + " bytes",
                        key.endsWith(".location")
                                ? "Point "
                                        + key
                                        + " at the right module, or raise"
                                        + " wasmbox.load.max-module-size."
                                : "Point " + key + " at the right file.",
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
