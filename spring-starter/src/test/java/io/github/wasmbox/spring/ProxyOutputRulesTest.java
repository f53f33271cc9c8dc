/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginOutputException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.fixtures.EchoedAnswers;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A proxy decodes a plugin's answer with the plugin's own codec, so the rules {@code Plugin.call}
 * applies to hostile output hold on the proxy path too, and so does the policy's output limit:
 * typed proxy methods go through {@code Plugin.call(String, Object, Type)}. The echo plugin plays a
 * plugin answering whatever JSON it is given.
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
    void theProxyAndPluginCallShareOneOutputBound() throws NoSuchMethodException {
        // Two MiB of JSON: beyond the default limits' largest payload, within this plugin's; three
        // and a half MiB: beyond its max-output.
        List<String> words = words(2 << 10);
        byte[] answer = json(words);
        byte[] tooLarge = json(words(7 << 9));
        Type wordsType =
                EchoedAnswers.class.getMethod("words", byte[].class).getGenericReturnType();

        WasmboxAutoConfigurationTest.RUNNER
                .withPropertyValues(WasmboxAutoConfigurationTest.ECHO)
                .withPropertyValues(
                        "wasmbox.plugins.echo.limits.max-input=4MB",
                        "wasmbox.plugins.echo.limits.max-output=3MB")
                .run(
                        context -> {
                            EchoedAnswers proxy = context.getBean(EchoedAnswers.class);
                            Plugin plugin = context.getBean(PluginRegistry.class).require("echo");

                            assertThat(proxy.words(answer)).isEqualTo(words);
                            assertThat(plugin.call("echo", answer, wordsType)).isEqualTo(words);

                            ResourceExhaustedException viaProxy =
                                    catchThrowableOfType(
                                            ResourceExhaustedException.class,
                                            () -> proxy.words(tooLarge));
                            ResourceExhaustedException viaPlugin =
                                    catchThrowableOfType(
                                            ResourceExhaustedException.class,
                                            () -> plugin.call("echo", tooLarge, wordsType));
                            assertThat(viaProxy.resource())
                                    .isEqualTo(ResourceExhaustedException.Resource.OUTPUT);
                            assertThat(viaProxy.limit()).isEqualTo(3L << 20);
                            assertThat(viaProxy.attempted()).isEqualTo(tooLarge.length);
                            assertThat(viaPlugin)
                                    .hasMessage(viaProxy.getMessage())
                                    .extracting(
                                            ResourceExhaustedException::resource,
                                            ResourceExhaustedException::limit,
                                            ResourceExhaustedException::attempted)
                                    .containsExactly(
                                            viaProxy.resource(),
                                            viaProxy.limit(),
                                            viaProxy.attempted());
                        });
    }

    /** {@code count} words of a KiB each. */
    private static List<String> words(int count) {
        return Collections.nCopies(count, "w".repeat(1 << 10));
    }

    private static byte[] json(List<String> words) {
        return ("[\"" + String.join("\",\"", words) + "\"]").getBytes(UTF_8);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(UTF_8);
    }
}
