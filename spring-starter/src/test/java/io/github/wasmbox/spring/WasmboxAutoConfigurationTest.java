/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginListener;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxFailureAnalyzer;
import io.github.wasmbox.spring.fixtures.Discount;
import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.fixtures.MisspelledEcho;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The core auto-configuration with the real plugins of plugins-rust. */
class WasmboxAutoConfigurationTest {
    /** The digests plugins-rust publishes next to each module, so a rebuild needs no edit here. */
    static final String ECHO_SHA256 = sha256("echo");

    static final String ADD_SHA256 = sha256("add");

    static final ApplicationContextRunner RUNNER =
            new ApplicationContextRunner()
                    .withPropertyValues(UnpinnedFixtures.ALLOWED)
                    .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class))
                    .withUserConfiguration(FixturesConfiguration.class)
                    // A loaded CI machine must not turn a first call into a timeout.
                    .withPropertyValues("wasmbox.defaults.timeout=10s");

    static final String[] ECHO = {
        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
        "wasmbox.plugins.echo.sha256=" + ECHO_SHA256
    };

    @Test
    void proxiesCallThePluginWithEveryKindOfMethod() {
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues(
                        "wasmbox.defaults.fuel=50000000",
                        "wasmbox.plugins.echo.limits.max-memory=16MB",
                        "wasmbox.plugins.echo.pool.size=2")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            Echo echo = context.getBean(Echo.class);
                            assertThat(echo.echo("hi")).isEqualTo("hi");
                            assertThat(echo.twice("ab")).isEqualTo("abab");
                            assertThat(echo.size(new byte[7])).isEqualTo(7);
                            PluginCallResult<Integer> length = echo.length("abc");
                            assertThat(length.value()).isEqualTo(5);
                            assertThat(length.fuelConsumed()).isPositive();
                            CallResult reversed =
                                    echo.reverse("abc".getBytes(StandardCharsets.UTF_8));
                            assertThat(reversed.outputAsString()).isEqualTo("cba");
                            assertThatThrownBy(() -> echo.fail("why"))
                                    .isInstanceOf(PluginFailedException.class)
                                    .hasMessageContaining("asked to fail");
                            assertThat(echo.toString()).contains("echo");

                            Plugin plugin = context.getBean(PluginRegistry.class).require("echo");
                            assertThat(plugin.policy().limits().maxMemoryBytes())
                                    .isEqualTo(16L << 20);
                            assertThat(plugin.policy().limits().fuel()).isEqualTo(50_000_000L);
                            assertThat(plugin.policy().limits().poolSize()).isEqualTo(2);
                            PluginStatus status =
                                    context.getBean(PluginRegistry.class).status("echo").get();
                            assertThat(status.counters().calls()).isGreaterThanOrEqualTo(6);
                            assertThat(status.counters().outcomes()).containsKey("failed");
                            assertThat(status.audit()).isNotNull();
                        });
    }

    @Test
    void grantedHostFunctionsAreLinkedAndUngrantedOnesFailWithTheAuditReport() {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.discount.location=classpath:plugins/discount-rules.wasm",
                        "wasmbox.plugins.discount.grants.host-functions[0]=wasmbox:kv/*",
                        "wasmbox.plugins.discount.grants.host-functions[1]=wasmbox:config/get",
                        "wasmbox.plugins.discount.grants.host-functions[2]=wasmbox:log/*",
                        "wasmbox.plugins.discount.grants.key-value.coupons=read-write",
                        "wasmbox.plugins.discount.grants.config.currency=EUR")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            Map<String, Object> quote =
                                    context.getBean(Discount.class)
                                            .quote(
                                                    new Discount.Order(
                                                            "o-1",
                                                            "c-1",
                                                            List.of(
                                                                    new Discount.Item(
                                                                            "book", 12, 2500))));
                            assertThat(quote).containsEntry("orderId", "o-1");
                            assertThat(quote).containsEntry("currency", "EUR");
                            assertThat(quote.get("discountCents")).isNotEqualTo(0);
                        });
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.discount.location=classpath:plugins/discount-rules.wasm")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("Plugin 'discount'")
                                    .contains("wasmbox.plugins.discount.grants.host-functions")
                                    .contains("wasmbox:kv/get")
                                    .contains("audit report");
                            assertThat(analysis.getAction())
                                    .contains("grants.host-functions: ")
                                    .contains("wasmbox:kv/get")
                                    .contains("wasmbox:kv/put")
                                    .contains("wasmbox:config/get")
                                    .doesNotContain("wasmbox:log/*")
                                    .contains(
                                            "wasmbox.plugins.discount.grants.key-value.<namespace>");
                        });
    }

    @Test
    void aCompileCacheDirectoryKeepsCompiledPluginsForTheNextStart(@TempDir Path temp) {
        Path cache = temp.resolve("compiled");
        String property = "wasmbox.compile-cache-directory=" + cache;
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues(property)
                .run(context -> assertThat(context.getBean(Echo.class).echo("a")).isEqualTo("a"));
        assertThat(cache.toFile().list((directory, name) -> name.endsWith(".compiled")))
                .as("entries after the first start")
                .hasSize(1);

        List<PluginEvents.Loaded> loads = new CopyOnWriteArrayList<>();
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues(property)
                .withBean(
                        PluginListener.class,
                        () ->
                                new PluginListener() {
                                    @Override
                                    public void onLoaded(PluginEvents.Loaded event) {
                                        loads.add(event);
                                    }
                                })
                .run(context -> assertThat(context.getBean(Echo.class).echo("b")).isEqualTo("b"));
        assertThat(loads).extracting(PluginEvents.Loaded::cacheHit).containsExactly(true);
    }

    @ParameterizedTest
    @CsvSource({"'', false", "true, false", "false, true"})
    void callsRunOnTheCallersThreadUnlessThePropertySaysOtherwise(
            String callerThreadCalls, boolean pluginThreads) {
        ApplicationContextRunner runner =
                RUNNER.withPropertyValues(
                        "wasmbox.plugins.thread-probe.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.thread-probe.sha256=" + ECHO_SHA256);
        if (!callerThreadCalls.isEmpty()) {
            runner = runner.withPropertyValues("wasmbox.caller-thread-calls=" + callerThreadCalls);
        }
        runner.run(
                context -> {
                    byte[] echoed =
                            context.getBean(PluginRegistry.class)
                                    .require("thread-probe")
                                    .call("echo", new byte[] {42});
                    assertThat(echoed).containsExactly(42);
                    // A call handed to the plugin's own thread leaves that thread alive, idle.
                    assertThat(
                                    Thread.getAllStackTraces().keySet().stream()
                                            .anyMatch(
                                                    thread ->
                                                            thread.getName()
                                                                    .startsWith(
                                                                            "wasmbox-thread-probe-")))
                            .isEqualTo(pluginThreads);
                });
    }

    @Test
    void aCompileCacheDirectoryOthersCanWriteIsRefusedAtItsProperty(@TempDir Path temp)
            throws IOException {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues("wasmbox.compile-cache-directory=" + shared)
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.compile-cache-directory")
                                    .contains("writable by other users");
                            assertThat(analysis.getAction())
                                    .contains("only the application's user");
                        });
    }

    @Test
    void aDigestMismatchNamesTheKeyAndBothDigests() {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.location=classpath:plugins/add.wasm",
                        "wasmbox.plugins.echo.sha256=" + ECHO_SHA256)
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.sha256")
                                    .contains(ECHO_SHA256)
                                    .contains(ADD_SHA256);
                            assertThat(analysis.getAction()).contains("restore the module");
                        });
    }

    @Test
    void unknownKeysAndBadValuesAreReportedAtTheirProperty() {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.echo.sha265=" + ECHO_SHA256)
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("wasmbox.plugins.echo.sha265")
                                        .contains("did you mean 'sha256'"));
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.echo.limits.timeot=100ms")
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("wasmbox.plugins.echo.limits.timeot")
                                        .contains("did you mean 'timeout'"));
        // A default is nobody's plugin: its errors are not blamed on the first plugin.
        RUNNER.withPropertyValues(
                        "wasmbox.defaults.max-memory=lots",
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.defaults.max-memory")
                                    .contains("'lots' is not a size")
                                    .doesNotContain("wasmbox.plugins.echo");
                            assertThat(analysis.getAction()).doesNotContain("wasmbox.plugins.echo");
                        });
        RUNNER.withPropertyValues(
                        "wasmbox.defaults.fule=1000",
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.defaults.fule")
                                    .contains("did you mean 'fuel'")
                                    .doesNotContain("wasmbox.plugins.echo");
                            assertThat(analysis.getAction()).doesNotContain("wasmbox.plugins.echo");
                        });
        RUNNER.withPropertyValues("wasmbox.relaod.enabled=true")
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("wasmbox.relaod.enabled")
                                        .contains("did you mean 'reload'"));
    }

    @Test
    void aPolicyFileReplacesTheInlinePolicyAndItsErrorsNameTheFileAndPath() {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.echo.policy-file=classpath:policies/echo.yaml",
                        "wasmbox.plugins.echo.pool.size=3")
                .run(
                        context -> {
                            Plugin echo = context.getBean(PluginRegistry.class).require("echo");
                            assertThat(echo.policy().limits().fuel()).isEqualTo(20_000_000L);
                            assertThat(echo.policy().limits().poolSize()).isEqualTo(3);
                            assertThat(echo.policy().config()).containsEntry("region", "eu");
                        });
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.echo.policy-file=classpath:policies/broken.yaml")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.policy-file")
                                    .contains("limits.timout")
                                    .contains("did you mean 'timeout'");
                            assertThat(analysis.getAction()).contains("limits.timout");
                        });
    }

    @Test
    void signaturesAreRequiredWhenConfiguredAndBadKeysAreReported() {
        RUNNER.withPropertyValues(
                        "wasmbox.pins.required=signature",
                        "wasmbox.pins.warn-only=false",
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.signature")
                                    .contains("carries no trusted signature");
                            assertThat(analysis.getAction()).contains("wasmbox.trusted-keys");
                        });
        RUNNER.withPropertyValues("wasmbox.trusted-keys=abcd")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription()).contains("wasmbox.trusted-keys");
                            assertThat(analysis.getAction()).contains("PEM");
                        });
    }

    @Test
    void loadSettingsBoundTheWorkOfLoadingAModule() {
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues("wasmbox.load.max-module-functions=1")
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("Plugin 'echo'")
                                        .contains("functions"));
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues("wasmbox.load.max-module-size=1KB")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription()).contains("larger than 1024");
                            assertThat(analysis.getAction())
                                    .contains("wasmbox.load.max-module-size");
                        });
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues(
                        "wasmbox.load.max-module-functions=5000",
                        "wasmbox.load.max-module-code-size=1MB",
                        "wasmbox.load.timeout=60s")
                .run(context -> assertThat(context.getBean(Echo.class).echo("x")).isEqualTo("x"));
    }

    @Test
    void aMissingFileNamesTheLocation() {
        RUNNER.withPropertyValues("wasmbox.plugins.echo.location=classpath:plugins/nope.wasm")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.location")
                                    .contains("does not exist");
                            assertThat(analysis.getAction())
                                    .contains("Correct wasmbox.plugins.echo.location")
                                    .contains("wasmbox.plugins.echo.required to false");
                        });
    }

    @Test
    void anOptionalPluginThatFailsIsReportedAndItsProxyThrows() {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.discount.location=classpath:plugins/discount-rules.wasm",
                        "wasmbox.plugins.discount.required=false")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            PluginStatus status =
                                    context.getBean(PluginRegistry.class).status("discount").get();
                            assertThat(status.state()).isEqualTo(PluginStatus.State.FAILED);
                            assertThat(status.failure()).contains("wasmbox:kv/get");
                            assertThatThrownBy(
                                            () ->
                                                    context.getBean(Discount.class)
                                                            .quote(
                                                                    new Discount.Order(
                                                                            "o", "c", List.of())))
                                    .isInstanceOf(PluginNotLoadedException.class)
                                    .hasMessageContaining("FAILED");
                        });
    }

    @Test
    void customizersAdjustThePolicyAndRegistryPublishesEvents() {
        List<PluginRegistryEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.echo.state=stateful")
                .withBean(
                        PluginCustomizer.class,
                        () ->
                                PluginCustomizer.forPlugin(
                                        "echo", policy -> policy.config("tenant", "t-1")))
                .withBean(
                        org.springframework.context.ApplicationListener.class,
                        () ->
                                (org.springframework.context.ApplicationListener<
                                                PluginRegistryEvent>)
                                        events::add)
                .run(
                        context -> {
                            Plugin echo = context.getBean(PluginRegistry.class).require("echo");
                            assertThat(echo.policy().config()).containsEntry("tenant", "t-1");
                            assertThat(echo.policy().limits().stateMode())
                                    .isEqualTo(io.github.wasmbox.policy.StateMode.STATEFUL);
                            context.getBean(PluginRegistry.class).reload("echo");
                            assertThat(events)
                                    .extracting(PluginRegistryEvent::kind)
                                    .contains(
                                            PluginRegistryEvent.Kind.LOADED,
                                            PluginRegistryEvent.Kind.REPLACED);
                        });
    }

    /** Sees the registry while the context creates its beans, before it starts. */
    static final class EarlyBean {
        final PluginStatus.State echoWhenCreated;

        EarlyBean(PluginRegistry registry) {
            this.echoWhenCreated = registry.status("echo").orElseThrow().state();
        }
    }

    @Test
    void pluginsLoadWhenTheContextStartsNotWhenItsBeansAreCreated() {
        RUNNER.withPropertyValues(ECHO)
                .withBean(EarlyBean.class)
                .run(
                        context -> {
                            assertThat(context.getBean(EarlyBean.class).echoWhenCreated)
                                    .isEqualTo(PluginStatus.State.PENDING);
                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            assertThat(registry.isRunning()).isTrue();
                            assertThat(registry.status("echo").orElseThrow().state())
                                    .isEqualTo(PluginStatus.State.LOADED);

                            // A stopped context keeps serving (a web server drains requests
                            // after the registry stops), and a restart does not load again.
                            PluginStatus loaded = registry.status("echo").orElseThrow();
                            context.stop();
                            assertThat(registry.isRunning()).isFalse();
                            assertThat(context.getBean(Echo.class).echo("still"))
                                    .isEqualTo("still");
                            context.start();
                            assertThat(registry.isRunning()).isTrue();
                            assertThat(registry.status("echo").orElseThrow().changedAt())
                                    .isEqualTo(loaded.changedAt());
                        });
    }

    @Test
    void aPlaceholderThatDoesNotResolveWhenThePluginLoadsNamesItsProperty() {
        RUNNER.withPropertyValues(ECHO)
                // No web server in this context, so its port never becomes known.
                .withPropertyValues(
                        "wasmbox.plugins.echo.grants.outbound=http://127.0.0.1:${local.server.port}")
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.grants.outbound")
                                    .contains("local.server.port");
                            assertThat(analysis.getAction())
                                    .contains("Define the property")
                                    .contains("wasmbox.plugins.echo.required to false");
                        });
        RUNNER.withPropertyValues(ECHO)
                .withPropertyValues(
                        "tenant.region=eu",
                        "wasmbox.plugins.echo.grants.config.region=${tenant.region}")
                .run(
                        context ->
                                assertThat(
                                                context.getBean(PluginRegistry.class)
                                                        .require("echo")
                                                        .policy()
                                                        .config())
                                        .containsEntry("region", "eu"));
    }

    @Test
    void aProxyMethodWhoseExportTheModuleLacksFailsStartUp() {
        RUNNER.withPropertyValues(
                        "wasmbox.plugins.misspelled.location=classpath:plugins/echo.wasm",
                        "wasmbox.plugins.misspelled.sha256=" + ECHO_SHA256)
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains(MisspelledEcho.class.getName())
                                    .contains("calls [ehco]")
                                    .contains("does not export")
                                    .contains("echo");
                            assertThat(analysis.getAction()).contains("@PluginFunction");
                        });
    }

    @Test
    void withoutPluginsTheRuntimeAndRegistryStillExist() {
        RUNNER.run(
                context -> {
                    assertThat(context).hasSingleBean(PluginRuntime.class);
                    assertThat(context.getBean(PluginRegistry.class).names()).isEmpty();
                    assertThatThrownBy(() -> context.getBean(Echo.class).echo("x"))
                            .isInstanceOf(PluginNotLoadedException.class)
                            .hasMessageContaining("no plugin 'echo' is configured");
                });
    }

    static String sha256(String plugin) {
        try (java.io.InputStream in =
                WasmboxAutoConfigurationTest.class
                        .getClassLoader()
                        .getResourceAsStream("plugins/" + plugin + ".wasm.sha256")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .strip()
                    .split("\\s+")[0];
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static FailureAnalysis analysis(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new WasmboxFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
