package io.github.wasmbox.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plugin's description of itself, read from the {@code wasmbox.manifest} custom section (UTF-8
 * JSON, docs/abi.md): name, version, ABI version, exported functions and the capabilities ({@code
 * module/function}) it intends to use. Keys this version does not know are ignored, so a newer
 * plugin kit can add some; known keys must have the documented types.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginManifest {
    /** The custom section that holds the manifest. */
    public static final String SECTION_NAME = "wasmbox.manifest";

    /** The only ABI version this release supports. */
    public static final int SUPPORTED_ABI = 1;

    // A manifest comes from untrusted bytes: a repeated key could read differently elsewhere.
    private static final JsonMapper MAPPER =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final @Nullable String name;
    private final @Nullable String version;
    private final int abi;
    private final List<String> exports;
    private final List<ImportRef> capabilities;

    private PluginManifest(
            @Nullable String name,
            @Nullable String version,
            int abi,
            List<String> exports,
            List<ImportRef> capabilities) {
        this.name = name;
        this.version = version;
        this.abi = abi;
        this.exports = List.copyOf(exports);
        this.capabilities = List.copyOf(capabilities);
    }

    /**
     * Parses the content of a {@code wasmbox.manifest} section.
     *
     * @throws IllegalArgumentException if it is not JSON, lacks {@code abi}, names an ABI other
     *     than {@value #SUPPORTED_ABI}, or a known key has the wrong type; the message starts with
     *     {@code wasmbox.manifest:}
     */
    public static PluginManifest parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("expected a JSON object");
        }
        JsonNode abi = root.get("abi");
        if (abi == null) {
            throw invalid("missing 'abi'; ABI v1 plugins declare \"abi\": 1");
        }
        if (!abi.isIntegralNumber() || !abi.canConvertToInt()) {
            throw invalid("'abi' must be a whole number but was " + abi);
        }
        if (abi.intValue() != SUPPORTED_ABI) {
            throw invalid(
                    "abi "
                            + abi.intValue()
                            + " is not supported: this host supports abi "
                            + SUPPORTED_ABI
                            + "; rebuild the plugin against ABI v1");
        }
        List<ImportRef> capabilities = new ArrayList<>();
        List<String> requested = strings(root, "capabilities");
        for (int i = 0; i < requested.size(); i++) {
            String capability = requested.get(i);
            int slash = capability.lastIndexOf('/');
            if (slash <= 0
                    || slash == capability.length() - 1
                    || capability.indexOf('*') >= 0
                    || capability.indexOf('?') >= 0) {
                throw invalid(
                        "capabilities["
                                + i
                                + "] must name one function as 'module/function' but was '"
                                + capability
                                + "'");
            }
            capabilities.add(ImportRef.parse(capability));
        }
        return new PluginManifest(
                string(root, "name"),
                string(root, "version"),
                SUPPORTED_ABI,
                strings(root, "exports"),
                capabilities);
    }

    private static @Nullable String string(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid("'" + key + "' must be a string but was " + value);
        }
        return value.stringValue();
    }

    private static List<String> strings(JsonNode root, String key) {
        JsonNode value = root.get(key);
        List<String> strings = new ArrayList<>();
        if (value == null || value.isNull()) {
            return strings;
        }
        if (!value.isArray()) {
            throw invalid("'" + key + "' must be a list of strings but was " + value);
        }
        for (JsonNode item : value.values()) {
            if (!item.isString()) {
                throw invalid("'" + key + "' must be a list of strings but has " + item);
            }
            strings.add(item.stringValue());
        }
        return strings;
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(SECTION_NAME + ": " + problem);
    }

    /** Returns the plugin's name, if the manifest gives one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Returns the plugin's version, if the manifest gives one. */
    public Optional<String> version() {
        return Optional.ofNullable(version);
    }

    /** Returns the ABI version, always {@value #SUPPORTED_ABI} for a manifest that parsed. */
    public int abi() {
        return abi;
    }

    /** Returns the plugin functions the manifest says the module exports. */
    public List<String> exports() {
        return exports;
    }

    /** Returns the host functions the plugin intends to use. */
    public List<ImportRef> capabilities() {
        return capabilities;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PluginManifest)) {
            return false;
        }
        PluginManifest that = (PluginManifest) o;
        return Objects.equals(name, that.name)
                && Objects.equals(version, that.version)
                && abi == that.abi
                && exports.equals(that.exports)
                && capabilities.equals(that.capabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, abi, exports, capabilities);
    }

    @Override
    public String toString() {
        return "PluginManifest{name="
                + name
                + ", version="
                + version
                + ", abi="
                + abi
                + ", exports="
                + exports
                + ", capabilities="
                + capabilities
                + "}";
    }
}
