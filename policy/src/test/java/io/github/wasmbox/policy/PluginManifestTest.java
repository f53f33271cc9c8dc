/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PluginManifestTest {

    @Test
    void parsesTheAbiExample() {
        PluginManifest manifest =
                parse(
                        "{\"name\": \"discount-rules\", \"version\": \"1.2.0\", \"abi\": 1,"
                                + " \"exports\": [\"quote\"], \"capabilities\":"
                                + " [\"wasmbox:kv/get\", \"wasmbox:kv/put\","
                                + " \"wasmbox:log/write\"], \"description\": \"ignored\"}");

        assertThat(manifest.name()).contains("discount-rules");
        assertThat(manifest.version()).contains("1.2.0");
        assertThat(manifest.abi()).isEqualTo(1);
        assertThat(manifest.exports()).containsExactly("quote");
        assertThat(manifest.capabilities())
                .containsExactly(
                        new ImportRef("wasmbox:kv", "get"),
                        new ImportRef("wasmbox:kv", "put"),
                        new ImportRef("wasmbox:log", "write"));
        assertThat(manifest).isEqualTo(parse(new String(toJson(manifest), StandardCharsets.UTF_8)));
    }

    @Test
    void onlyAbiIsRequired() {
        PluginManifest manifest = parse("{\"abi\": 1}");

        assertThat(manifest.name()).isEmpty();
        assertThat(manifest.version()).isEmpty();
        assertThat(manifest.exports()).isEmpty();
        assertThat(manifest.capabilities()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            {"abi": 2}                              | wasmbox.manifest: abi 2 is not supported: this host supports abi 1; rebuild the plugin against ABI v1
            {"abi": "1"}                            | wasmbox.manifest: 'abi' must be a whole number but was "1"
            {"name": "x"}                           | wasmbox.manifest: missing 'abi'; ABI v1 plugins declare "abi": 1
            [1]                                     | wasmbox.manifest: expected a JSON object
            {"abi": 1, "name": 3}                   | wasmbox.manifest: 'name' must be a string but was 3
            {"abi": 1, "exports": "quote"}          | wasmbox.manifest: 'exports' must be a list of strings but was "quote"
            {"abi": 1, "capabilities": [1]}         | wasmbox.manifest: 'capabilities' must be a list of strings but has 1
            {"abi": 1, "capabilities": ["wasmbox:kv"]} | wasmbox.manifest: capabilities[0] must name one function as 'module/function' but was 'wasmbox:kv'
            {"abi": 1, "capabilities": ["wasmbox:log/*"]} | wasmbox.manifest: capabilities[0] must name one function as 'module/function' but was 'wasmbox:log/*'
            {"abi": 1.0}                            | wasmbox.manifest: 'abi' must be a whole number but was 1.0
            {"abi": 4294967297}                     | wasmbox.manifest: 'abi' must be a whole number but was 4294967297
            {"abi": [1]}                            | wasmbox.manifest: 'abi' must be a whole number but was [1]
            {"abi": 1, "name": {"en": "x"}}         | wasmbox.manifest: 'name' must be a string but was {"en": "x"}
            {"abi": 1, "exports": ["a", ["b"]]}     | wasmbox.manifest: 'exports' must be a list of strings but has ["b"]
            {"exports": 3, "abi": 2}                | wasmbox.manifest: abi 2 is not supported: this host supports abi 1; rebuild the plugin against ABI v1
            {"abi": 1} {"abi": 1}                   | wasmbox.manifest: not valid JSON: content after the manifest object
            ''                                      | wasmbox.manifest: expected a JSON object
            """)
    void rejectsInvalidManifests(String json, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsRepeatedKeysThatOtherParsersMightReadDifferently() {
        assertThatThrownBy(() -> parse("{\"abi\": 1, \"abi\": 2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wasmbox.manifest: not valid JSON: Duplicate Object property \"abi\"");
    }

    @Test
    void ignoresUnknownKeysWhateverTheirShape() {
        PluginManifest manifest =
                parse(
                        "{\"build\": {\"tool\": [\"cargo\", {\"v\": 1}]}, \"abi\": 1,"
                                + " \"tags\": [[], null], \"name\": \"a\\\"b\"}");

        assertThat(manifest.name()).contains("a\"b");
        assertThat(manifest.exports()).isEmpty();
    }

    @Test
    void rejectsRepeatedKeysInsideIgnoredValuesToo() {
        assertThatThrownBy(() -> parse("{\"abi\": 1, \"build\": {\"v\": 1, \"v\": 2}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wasmbox.manifest: not valid JSON: Duplicate Object property \"v\"");
    }

    @Test
    void rejectsText() {
        assertThatThrownBy(() -> parse("not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("wasmbox.manifest: not valid JSON: ");
    }

    private static PluginManifest parse(String json) {
        return PluginManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] toJson(PluginManifest manifest) {
        return ("{\"name\": \""
                        + manifest.name().orElseThrow()
                        + "\", \"version\": \""
                        + manifest.version().orElseThrow()
                        + "\", \"abi\": 1, \"exports\": [\"quote\"], \"capabilities\": ["
                        + manifest.capabilities().stream()
                                .map(ref -> "\"" + ref + "\"")
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("")
                        + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
