/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginRuntimeTest {
    private final List<PluginEvents.Call> calls = new CopyOnWriteArrayList<>();
    private final List<PluginEvents.Loaded> loads = new CopyOnWriteArrayList<>();
    private final PluginRuntime runtime =
            PluginRuntime.builder()
                    .listener(
                            new PluginListener() {
                                @Override
                                public void onLoaded(PluginEvents.Loaded event) {
                                    loads.add(event);
                                }

                                @Override
                                public void onCall(PluginEvents.Call event) {
                                    calls.add(event);
                                }
                            })
                    .build();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void callsAReactorFunctionWithRawBytes() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        assertThat(echo.call("echo", "hello".getBytes(UTF_8))).asString(UTF_8).isEqualTo("hello");
        assertThat(echo.functions()).contains("echo", "fail", "counter");
        assertThat(echo.sha256()).isEqualTo(ModuleLoader.sha256(Fixtures.wasm("echo")));
    }

    record Greeting(String name, int count) {}

    @Test
    void typedCallsGoThroughTheCodec() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        Greeting back = echo.call("echo", new Greeting("ada", 3), Greeting.class);

        assertThat(back).isEqualTo(new Greeting("ada", 3));
    }

    @Test
    void invokeReportsStatsAndRaisesEvents() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        CallResult result = echo.invoke("echo", new byte[100], Map.of("tenant", "acme"));

        assertThat(result.output()).hasSize(100);
        assertThat(result.peakMemoryBytes()).isEqualTo(65_536);
        assertThat(result.duration()).isPositive();
        assertThat(loads)
                .singleElement()
                .satisfies(e -> assertThat(e.pluginName()).isEqualTo("echo"));
        assertThat(calls)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.outcome()).isEqualTo(PluginEvents.Outcome.SUCCESS);
                            assertThat(e.context().attributes()).containsEntry("tenant", "acme");
                        });
    }

    @Test
    void aGuestReportedFailureCarriesItsCodeAndEscapedMessage() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        assertThatThrownBy(() -> echo.call("fail", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginFailedException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(7);
                            assertThat(e.guestMessage()).isEqualTo("bad input\\n\\u001b[31mforged");
                            assertThat(e.pluginName()).isEqualTo("echo");
                            assertThat(e.functionName()).isEqualTo("fail");
                        });
        assertThat(calls)
                .last()
                .extracting(PluginEvents.Call::outcome)
                .isEqualTo(PluginEvents.Outcome.FAILED);
    }

    @Test
    void unknownFunctionsAreMisuse() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        assertThatThrownBy(() -> echo.call("nope", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no function 'nope'");
    }

    @Test
    void commandModeUsesStdinStdoutAndExitCode() {
        Plugin cat = runtime.load("cat", Fixtures.source("cat"), Fixtures.relaxed());

        assertThat(cat.functions()).containsExactly("_start");
        assertThat(cat.call("_start", "plain text".getBytes(UTF_8)))
                .asString(UTF_8)
                .isEqualTo("plain text");
        assertThatThrownBy(() -> cat.call("_start", "3 fails".getBytes(UTF_8)))
                .isInstanceOfSatisfying(
                        PluginFailedException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(3);
                            assertThat(e.guestMessage()).isEqualTo("failing on purpose");
                        });
    }

    @Test
    void aPinnedDigestMustMatch() {
        String actual = ModuleLoader.sha256(Fixtures.wasm("echo"));
        String wrong = "0".repeat(64);

        assertThat(
                        runtime.load(
                                "ok",
                                Fixtures.source("echo").sha256(actual.toUpperCase()),
                                Fixtures.relaxed()))
                .isNotNull();
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "bad",
                                        Fixtures.source("echo").sha256(wrong),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("expected " + wrong)
                .hasMessageContaining("actual " + actual);
        assertThat(runtime.plugin("bad")).isEmpty();
    }

    @Test
    void signaturesAreCheckedAgainstTrustedKeys() throws Exception {
        KeyPair trusted = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] module = Fixtures.wasm("echo");
        try (PluginRuntime strict =
                PluginRuntime.builder()
                        .trustedKeys(TrustedKeys.of(trusted.getPublic()))
                        .require(PinRequirement.SIGNATURE)
                        .build()) {
            assertThat(
                            strict.load(
                                            "signed",
                                            PluginSource.bytes(module)
                                                    .signature(sign(trusted, module)),
                                            Fixtures.relaxed())
                                    .call("echo", "x".getBytes(UTF_8)))
                    .asString(UTF_8)
                    .isEqualTo("x");
            assertThatThrownBy(
                            () ->
                                    strict.load(
                                            "unsigned",
                                            PluginSource.bytes(module),
                                            Fixtures.relaxed()))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("carries no trusted signature");
            assertThatThrownBy(
                            () ->
                                    strict.load(
                                            "forged",
                                            PluginSource.bytes(module)
                                                    .signature(sign(stranger, module)),
                                            Fixtures.relaxed()))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("no trusted key verifies");
            byte[] tampered = module.clone();
            tampered[tampered.length - 1] ^= 1;
            assertThatThrownBy(
                            () ->
                                    strict.load(
                                            "tampered",
                                            PluginSource.bytes(tampered)
                                                    .signature(sign(trusted, module)),
                                            Fixtures.relaxed()))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("no trusted key verifies");
        }
    }

    @Test
    void trustedKeysParseFromPemAndHex() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        String pem =
                "-----BEGIN PUBLIC KEY-----\n"
                        + java.util.Base64.getMimeEncoder().encodeToString(spki)
                        + "\n-----END PUBLIC KEY-----\n";
        String hex = java.util.HexFormat.of().formatHex(spki, spki.length - 32, spki.length);
        byte[] data = "module".getBytes(UTF_8);
        byte[] signature = sign(pair, data);

        assertThat(TrustedKeys.parse(pem).verify(data, signature)).isTrue();
        assertThat(TrustedKeys.parse(hex).verify(data, signature)).isTrue();
        assertThatThrownBy(() -> TrustedKeys.parse("not a key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PEM 'PUBLIC KEY' block or 64 hex digits");
    }

    private static byte[] sign(KeyPair pair, byte[] data) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    @Test
    void loadingTheSameBytesTwiceCompilesOnce() {
        runtime.load("first", Fixtures.source("echo"), Fixtures.relaxed());
        runtime.load("second", Fixtures.source("echo"), Fixtures.relaxed());

        assertThat(loads).extracting(PluginEvents.Loaded::cacheHit).containsExactly(false, true);
    }

    @Test
    void moduleSizeIsCapped() {
        try (PluginRuntime small = PluginRuntime.builder().maxModuleBytes(64).build()) {
            assertThatThrownBy(
                            () -> small.load("big", Fixtures.source("hostile"), Fixtures.relaxed()))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("larger than the runtime's maxModuleBytes of 64 bytes");
        }
    }

    @Test
    void unreadableSourcesFailToLoad() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "missing",
                                        PluginSource.classpath("nope/missing.wasm"),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining(
                        "cannot read plugin 'missing' from classpath:nope/missing.wasm");
    }

    @Test
    void customSourcesLoadAndAreNamedInErrors() {
        byte[] module = Fixtures.wasm("echo");
        assertThat(
                        runtime.load(
                                        "custom",
                                        PluginSource.of(
                                                "registry acme/echo",
                                                () -> new java.io.ByteArrayInputStream(module)),
                                        Fixtures.relaxed())
                                .call("echo", "x".getBytes(UTF_8)))
                .asString(UTF_8)
                .isEqualTo("x");
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "unreachable",
                                        PluginSource.of(
                                                "registry acme/down",
                                                () -> {
                                                    throw new java.io.IOException("refused");
                                                }),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining(
                        "cannot read plugin 'unreachable' from registry acme/down: refused");
    }

    @Test
    void namesAreValidatedAndUnique() {
        runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        assertThatThrownBy(() -> runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already loaded");
        assertThatThrownBy(
                        () -> runtime.load("../etc", Fixtures.source("echo"), Fixtures.relaxed()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceSwapsTheVersionForExistingHandles() {
        Plugin handle = runtime.load("p", Fixtures.source("echo"), Fixtures.relaxed());

        runtime.replace("p", Fixtures.source("cat"), Fixtures.relaxed());

        assertThat(handle.functions()).containsExactly("_start");
        assertThat(handle.call("_start", "via cat".getBytes(UTF_8)))
                .asString(UTF_8)
                .isEqualTo("via cat");
    }

    @Test
    void aFailedReplaceKeepsTheOldVersionServing() {
        Plugin handle = runtime.load("p", Fixtures.source("echo"), Fixtures.relaxed());

        assertThatThrownBy(
                        () ->
                                runtime.replace(
                                        "p",
                                        PluginSource.bytes(new byte[] {0, 'a', 's', 'm'}),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class);
        assertThat(handle.call("echo", "still".getBytes(UTF_8))).asString(UTF_8).isEqualTo("still");
    }

    @Test
    void closeMakesPluginsUnusable() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        runtime.close();

        assertThatThrownBy(() -> echo.call("echo", new byte[0]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> runtime.load("x", Fixtures.source("echo"), Fixtures.relaxed()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unloadRemovesThePlugin() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

        assertThat(runtime.unload("echo")).isTrue();
        assertThat(runtime.unload("echo")).isFalse();
        assertThat(runtime.plugins()).isEmpty();
        assertThatThrownBy(() -> echo.call("echo", new byte[0]))
                .isInstanceOf(IllegalStateException.class);
        List<String> names = new ArrayList<>();
        runtime.plugins().forEach(p -> names.add(p.name()));
        assertThat(names).isEmpty();
    }
}
