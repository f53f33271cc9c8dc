/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;

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

    // A manifest comes from untrusted bytes: a repeated key could read differently elsewhere. The
    // streaming parser keeps a load from building a Jackson mapper (a third of a second cold).
    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Set<String> KNOWN_KEYS =
            Set.of("name", "version", "abi", "exports", "capabilities");

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
        Map<String, Value> root = new HashMap<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("expected a JSON object");
            }
            String key;
            while ((key = parser.nextName()) != null) {
                parser.nextToken();
                if (KNOWN_KEYS.contains(key)) {
                    root.put(key, Value.read(parser, json, true));
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("not valid JSON: content after the manifest object");
            }
        } catch (JacksonException e) {
            throw invalid("not valid JSON: " + shown(e.getOriginalMessage()));
        }
        Value abi = root.get("abi");
        if (abi == null) {
            throw invalid("missing 'abi'; ABI v1 plugins declare \"abi\": 1");
        }
        if (abi.whole() == null) {
            throw invalid("'abi' must be a whole number but was " + shown(abi.json()));
        }
        if (abi.whole() != SUPPORTED_ABI) {
            throw invalid(
                    "abi "
                            + abi.whole()
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
                                + shown(capability)
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

    private static @Nullable String string(Map<String, Value> root, String key) {
        Value value = root.get(key);
        if (value == null || value.token() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value.string() == null) {
            throw invalid("'" + key + "' must be a string but was " + shown(value.json()));
        }
        return value.string();
    }

    private static List<String> strings(Map<String, Value> root, String key) {
        Value value = root.get(key);
        List<String> strings = new ArrayList<>();
        if (value == null || value.token() == JsonToken.VALUE_NULL) {
            return strings;
        }
        if (value.token() != JsonToken.START_ARRAY) {
            throw invalid("'" + key + "' must be a list of strings but was " + shown(value.json()));
        }
        for (Value item : value.items()) {
            if (item.string() == null) {
                throw invalid(
                        "'" + key + "' must be a list of strings but has " + shown(item.json()));
            }
            strings.add(item.string());
        }
        return strings;
    }

    /**
     * A known key's value, kept until the whole manifest is read so that problems are reported in a
     * fixed order whatever the key order.
     *
     * @param json the value as JSON, for messages
     * @param string the value if it is a string
     * @param whole the value if it is a number that fits an {@code int}
     * @param items the elements if it is a list (one level deep)
     */
    private record Value(
            JsonToken token,
            String json,
            @Nullable String string,
            @Nullable Integer whole,
            List<Value> items) {

        /** Reads the value at the parser's current token, leaving the parser on its last token. */
        static Value read(JsonParser parser, byte[] source, boolean withItems) {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getByteOffset();
                List<Value> items = new ArrayList<>();
                if (token == JsonToken.START_ARRAY && withItems) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        items.add(read(parser, source, false));
                    }
                } else {
                    parser.skipChildren();
                }
                int end = (int) parser.currentLocation().getByteOffset();
                return new Value(
                        token,
                        new String(source, start, end - start, StandardCharsets.UTF_8),
                        null,
                        null,
                        items);
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = parser.getString();
                return new Value(
                        token,
                        "\""
                                + new String(JsonStringEncoder.getInstance().quoteAsCharArray(text))
                                + "\"",
                        text,
                        null,
                        List.of());
            }
            Integer whole =
                    token == JsonToken.VALUE_NUMBER_INT
                                    && parser.getNumberType() == JsonParser.NumberType.INT
                            ? parser.getIntValue()
                            : null;
            return new Value(token, parser.getString(), null, whole, List.of());
        }
    }

    /** A manifest value as messages show it. */
    private static String shown(@Nullable String value) {
        return GuestText.escape(String.valueOf(value), GuestText.MAX_NAME_CHARS);
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

    /** Returns the manifest's values, escaped and capped as {@link GuestText} does. */
    @Override
    public String toString() {
        return "PluginManifest{name="
                + shown(name)
                + ", version="
                + shown(version)
                + ", abi="
                + abi
                + ", exports="
                + exports.stream().map(PluginManifest::shown).toList()
                + ", capabilities="
                + capabilities.stream().map(Object::toString).map(PluginManifest::shown).toList()
                + "}";
    }
}
