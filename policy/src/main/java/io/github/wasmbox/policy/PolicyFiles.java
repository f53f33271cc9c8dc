/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads policy files, in YAML or JSON, in one of two forms (see docs/policy.md):
 *
 * <ul>
 *   <li>a <b>policy set</b> ({@link #readSet}, {@link #parseSet}) with {@code defaults}, named
 *       {@code bases} and {@code plugins}, merged into one {@link PluginPolicy} per plugin;
 *   <li>a <b>single policy</b> ({@link #readPolicy}, {@link #parsePolicy}).
 * </ul>
 *
 * <p>Parsing is strict: an unknown or duplicate key, a value of the wrong type, a bad unit, a value
 * out of range or a malformed grant throws {@link PolicyFileException} naming the key path, the bad
 * value and, where one is close, the key or value that was probably meant.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyFiles {
    /** The syntax of a policy file. */
    public enum Format {
        /** YAML 1.1, read with Jackson's YAML module. */
        YAML,
        /** JSON. */
        JSON;

        /**
         * Returns the format of a file by its name: {@code .yaml} or {@code .yml} is YAML, {@code
         * .json} is JSON.
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Format of(Path file) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return YAML;
            }
            if (name.endsWith(".json")) {
                return JSON;
            }
            throw new IllegalArgumentException(
                    "policy file name must end in .yaml, .yml or .json but was " + file);
        }
    }

    private static final ObjectMapper YAML_MAPPER =
            YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON_MAPPER =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PolicyFiles() {}

    /**
     * Reads a policy set from a {@code .yaml}, {@code .yml} or {@code .json} file.
     *
     * @throws PolicyFileException if the content is not a valid policy set
     * @throws UncheckedIOException if the file cannot be read
     */
    public static PolicySet readSet(Path file) {
        Format format = Format.of(file);
        return parseSet(read(file), format);
    }

    /**
     * Reads a single policy from a {@code .yaml}, {@code .yml} or {@code .json} file.
     *
     * @throws PolicyFileException if the content is not a valid policy
     * @throws UncheckedIOException if the file cannot be read
     */
    public static PluginPolicy readPolicy(Path file) {
        Format format = Format.of(file);
        return parsePolicy(read(file), format);
    }

    /**
     * Parses a policy set.
     *
     * @throws PolicyFileException if the content is not a valid policy set
     */
    public static PolicySet parseSet(String content, Format format) {
        return PolicyFileReader.readSet(tree(content, format));
    }

    /**
     * Parses a single policy.
     *
     * @throws PolicyFileException if the content is not a valid policy
     */
    public static PluginPolicy parsePolicy(String content, Format format) {
        return PolicyFileReader.readPolicy(tree(content, format));
    }

    /**
     * Adds the grants of a {@code grants} tree, as an application's configuration holds them, to a
     * policy builder, checked exactly like the {@code grants} section of a policy file. Keys are
     * the file's ({@code host-functions}, {@code key-value}, ...); values are {@link String},
     * {@link Boolean}, whole {@link Number}s (sizes in bytes), {@link Duration}, {@link List} and
     * {@link Map}. No text is parsed on the way: the tree is read as it is.
     *
     * @param grants the grants, such as {@code {host-functions=[wasmbox:log/*], config={a=b}}}
     * @param policy the builder the grants are added to
     * @return {@code policy}
     * @throws PolicyFileException naming the path inside {@code grants} (such as {@code
     *     host-functions[1]}) of a value that is not a valid grant
     * @throws IllegalArgumentException for a value of another Java type
     */
    public static PluginPolicy.Builder applyGrants(
            Map<String, ?> grants, PluginPolicy.Builder policy) {
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(policy, "policy");
        PolicyFileReader.applyGrants(node(grants), policy);
        return policy;
    }

    private static JsonNode node(@Nullable Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), node(item)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(item -> array.add(node(item)));
            return array;
        }
        if (value instanceof String text) {
            return nodes.stringNode(text);
        }
        if (value instanceof Boolean bool) {
            return nodes.booleanNode(bool);
        }
        if (value instanceof Long || value instanceof Integer) {
            return nodes.numberNode(((Number) value).longValue());
        }
        if (value instanceof Duration duration) {
            // The exact text of the duration, which the reader parses back to the same value.
            return nodes.stringNode(Units.formatDuration(duration));
        }
        throw new IllegalArgumentException(
                "a grant value must be a String, Boolean, Long, Integer, Duration, List or Map"
                        + " but was a "
                        + value.getClass().getName());
    }

    private static String read(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + file, e);
        }
    }

    /** SnakeYAML appends a multi-line excerpt; the location already points there. */
    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static JsonNode tree(String content, Format format) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(format, "format");
        try {
            return (format == Format.YAML ? YAML_MAPPER : JSON_MAPPER).readTree(content);
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            String where =
                    location == null
                            ? ""
                            : " at line "
                                    + location.getLineNr()
                                    + ", column "
                                    + location.getColumnNr();
            throw new PolicyFileException(
                    "",
                    "not valid "
                            + format
                            + where
                            + ": "
                            + firstLine(String.valueOf(e.getOriginalMessage())),
                    e);
        }
    }
}
