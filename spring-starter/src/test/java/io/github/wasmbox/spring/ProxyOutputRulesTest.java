/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.PluginOutputException;
import io.github.wasmbox.spring.fixtures.EchoedAnswers;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proxy decodes a plugin's answer with the plugin's own codec, so the rules {@code Plugin.call}
 * applies to hostile output hold on the proxy path too, and so do the plugin's own limits. The echo
 * plugin plays a plugin answering whatever JSON it is given.
 */
class ProxyOutputRulesTest {

    @Test
    void hostileAnswersAreRefusedThroughTheProxyAsThroughPluginCall() {
        WasmboxAutoConfigurationTest.RUNNER
                .withPropertyValues(WasmboxAutoConfigurationTest.ECHO)
                .run(
                        context -> {
                            EchoedAnswers answers = context.getBean(EchoedAnswers.class);

                            assertThatThrownBy(
                                            () -> answers.amount(bytes("{\"amount\":1e99999999}")))
                                    .isInstanceOf(PluginOutputException.class)
                                    .hasMessageContaining("scale of -99999999");
                            assertThatThrownBy(
                                            () ->
                                                    answers.decision(
                                                            bytes(
                                                                    "{\"approved\":false,"
                                                                            + "\"approved\":true}")))
                                    .isInstanceOf(PluginOutputException.class)
                                    .hasMessageContaining("Duplicate Object property \"approved\"");
                            assertThatThrownBy(() -> answers.words(bytes("[\"a\", 1]")))
                                    .isInstanceOf(PluginOutputException.class)
                                    .hasMessageContaining("no coercion");

                            assertThat(answers.amount(bytes("{\"amount\":12.50}")).amount())
                                    .isEqualByComparingTo(new BigDecimal("12.50"));
                        });
    }

    @Test
    void theProxyDecodesUnderThePluginsOwnLimitsNotTheDefaults() {
        // Two MiB of JSON: beyond the default limits' largest payload, within this plugin's.
        List<String> words = Collections.nCopies(2 << 10, "w".repeat(1 << 10));
        byte[] answer = ("[\"" + String.join("\",\"", words) + "\"]").getBytes(UTF_8);

        WasmboxAutoConfigurationTest.RUNNER
                .withPropertyValues(WasmboxAutoConfigurationTest.ECHO)
                .withPropertyValues(
                        "wasmbox.plugins.echo.limits.max-input=3MB",
                        "wasmbox.plugins.echo.limits.max-output=3MB")
                .run(
                        context ->
                                assertThat(context.getBean(EchoedAnswers.class).words(answer))
                                        .isEqualTo(words));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(UTF_8);
    }
}
