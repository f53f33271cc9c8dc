/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.Limits;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hostile JSON from a plugin: the codec's stream-read constraints stop it as a clean error. */
class JsonPayloadCodecTest {
    private final PayloadCodec codec =
            JsonPayloadCodec.forLimits(
                    PayloadCodec.json(),
                    Limits.defaults().toBuilder()
                            .maxInputBytes(1024)
                            .maxOutputBytes(1024)
                            .maxHostResultBytes(1024)
                            .build());

    @Test
    void aDocumentLongerThanThePolicysLargestPayloadIsRefused() {
        byte[] big = ("{\"k\":\"" + "a".repeat(2000) + "\"}").getBytes(UTF_8);

        assertThatThrownBy(() -> codec.decode(big, Map.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot decode JSON");
    }

    @Test
    void deepNestingIsRefusedBeforeItStrainsTheStack() {
        byte[] deep = ("[".repeat(JsonPayloadCodec.MAX_NESTING + 1)).getBytes(UTF_8);

        assertThatThrownBy(() -> PayloadCodec.json().decode(deep, Object.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void ordinaryPayloadsStillDecode() {
        Object decoded = codec.decode("{\"total\":42}".getBytes(UTF_8), Map.class);
        assertThat(decoded).isEqualTo(Map.of("total", 42));
    }

    @Test
    void anApplicationsOwnCodecIsLeftAlone() {
        PayloadCodec own = new JsonPayloadCodec(JsonPayloadCodec.maxDocument(Limits.defaults()));
        assertThat(JsonPayloadCodec.forLimits(own, Limits.defaults())).isSameAs(own);
    }
}
