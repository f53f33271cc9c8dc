/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keeps docs/policy.schema.json and docs/policy.md in step with what the parser accepts. */
class PolicySchemaTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final JsonNode SCHEMA =
            JsonMapper.builder().build().readTree(DOCS.resolve("policy.schema.json").toFile());

    @Test
    void everyMapTheParserReadsIsDefinedInTheSchemaWithTheSameKeys() {
        JsonNode definitions = SCHEMA.get("$defs");
        List<String> withProperties = new ArrayList<>();
        for (Map.Entry<String, JsonNode> definition : definitions.properties()) {
            if (definition.getValue().has("properties")) {
                withProperties.add(definition.getKey());
            }
        }

        assertThat(withProperties)
                .containsExactlyInAnyOrderElementsOf(PolicyFileReader.KEYS_BY_DEFINITION.keySet());
        PolicyFileReader.KEYS_BY_DEFINITION.forEach(
                (name, keys) ->
                        assertThat(definitions.get(name).get("properties").propertyNames())
                                .as(name)
                                .containsExactlyElementsOf(keys));
        definitions.properties().stream()
                .filter(definition -> definition.getValue().has("properties"))
                .forEach(
                        definition ->
                                assertThat(
                                                definition
                                                        .getValue()
                                                        .get("additionalProperties")
                                                        .booleanValue())
                                        .as(definition.getKey() + " is closed")
                                        .isFalse());
    }

    @Test
    void theSchemaDocumentsTheModelsDefaultsAndChoices() {
        JsonNode limits = SCHEMA.get("$defs").get("limits").get("properties");
        String defaults =
                PolicyFileReader.LIMIT_KEYS.stream()
                        .map(key -> "  " + key + ": " + limits.get(key).get("default").asString())
                        .collect(Collectors.joining("\n", "limits:\n", "\n"));
        assertThat(PolicyFiles.parsePolicy(defaults, PolicyFiles.Format.YAML).limits())
                .isEqualTo(Limits.defaults());

        JsonNode grants = SCHEMA.get("$defs").get("grants").get("properties");
        assertThat(grants.get("features").get("items").get("enum").values())
                .extracting(JsonNode::stringValue)
                .containsExactlyElementsOf(
                        Stream.of(WasmFeature.values())
                                .map(WasmFeature::fileName)
                                .collect(Collectors.toList()));
        assertThat(
                        grants.get("key-value")
                                .get("additionalProperties")
                                .get("oneOf")
                                .get(0)
                                .get("enum")
                                .values())
                .extracting(JsonNode::stringValue)
                .containsExactly("read", "read-write");
        JsonNode keyValue = SCHEMA.get("$defs").get("keyValueGrant").get("properties");
        assertThat(keyValue.get("access").get("enum").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("read", "read-write");
        String quota =
                "grants:\n  key-value:\n    ns: {access: read-write, max-entries: "
                        + keyValue.get("max-entries").get("default").asString()
                        + ", max-bytes: "
                        + keyValue.get("max-bytes").get("default").asString()
                        + "}\n";
        assertThat(
                        PolicyFiles.parsePolicy(quota, PolicyFiles.Format.YAML)
                                .keyValueNamespaces()
                                .get("ns")
                                .quota())
                .isEqualTo(KeyValueQuota.DEFAULT);
        assertThat(limits.get("state-mode").get("enum").values())
                .extracting(JsonNode::stringValue)
                .containsExactly("pristine", "stateful");
        assertThat(
                        SCHEMA.get("$defs")
                                .get("entry")
                                .get("properties")
                                .get("preset")
                                .get("enum")
                                .values())
                .extracting(JsonNode::stringValue)
                .containsExactly("default", "trusted", "untrusted");
    }

    @Test
    void theGuideNamesEveryKey() throws Exception {
        String guide = Files.readString(DOCS.resolve("policy.md"));

        PolicyFileReader.KEYS_BY_DEFINITION.values().stream()
                .flatMap(List::stream)
                .forEach(key -> assertThat(guide).as(key).contains("`" + key + "`"));
        Stream.of(WasmFeature.values())
                .forEach(feature -> assertThat(guide).contains("`" + feature.fileName() + "`"));
    }
}
