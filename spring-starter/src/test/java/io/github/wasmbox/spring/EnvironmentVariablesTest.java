/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static io.github.wasmbox.spring.WasmboxAutoConfigurationTest.ADD_SHA256;
import static io.github.wasmbox.spring.WasmboxAutoConfigurationTest.ECHO_SHA256;
import static io.github.wasmbox.spring.WasmboxAutoConfigurationTest.analysis;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.ClockPolicy;
import io.github.wasmbox.policy.EnvGrant;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.KeyValueQuota;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.RandomPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxProperties;
import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.reload.PluginFileWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Every setting of the starter given as environment variables, in the form Spring Boot's relaxed
 * binding maps them (dashes dropped: {@code WASMBOX_DEFAULTS_MAXMEMORY}), as on Kubernetes. The
 * variables go through Boot's own system-environment mapping, not through properties.
 */
class EnvironmentVariablesTest {

    private static ApplicationContextRunner runner(Map<String, Object> variables) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class))
                .withUserConfiguration(FixturesConfiguration.class)
                .withInitializer(
                        context ->
                                context.getEnvironment()
                                        .getPropertySources()
                                        .replace(
                                                StandardEnvironment
                                                        .SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                                new SystemEnvironmentPropertySource(
                                                        StandardEnvironment
                                                                .SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                                        variables)));
    }

    @Test
    void everySettingTakesEffectFromEnvironmentVariables(@TempDir Path temp) throws Exception {
        Path module = temp.resolve("echo.wasm");
        try (var in = getClass().getClassLoader().getResourceAsStream("plugins/echo.wasm")) {
            Files.write(module, in.readAllBytes());
        }
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(vendor.getPrivate());
        signer.update(Files.readAllBytes(module));
        Path signature = Files.write(temp.resolve("echo.wasm.sig"), signer.sign());
        byte[] x509 = vendor.getPublic().getEncoded();
        // The raw key is the last 32 bytes of its X.509 encoding.
        String publicKey = HexFormat.of().formatHex(x509, x509.length - 32, x509.length);
        Path cache = temp.resolve("compiled");

        Map<String, Object> variables = new LinkedHashMap<>();
        variables.putAll(
                Map.ofEntries(
                        entry("WASMBOX_PINS_REQUIRED", "signature"),
                        entry("WASMBOX_TRUSTEDKEYS_0", publicKey),
                        entry("WASMBOX_COMPILECACHEDIRECTORY", cache.toString()),
                        entry("WASMBOX_RELOAD_ENABLED", "true"),
                        entry("WASMBOX_RELOAD_INTERVAL", "5s"),
                        entry("WASMBOX_DEFAULTS_FUEL", "40000000"),
                        entry("WASMBOX_DEFAULTS_INSTANTIATIONFUEL", "9000000"),
                        entry("WASMBOX_DEFAULTS_MAXMEMORY", "32MB"),
                        entry("WASMBOX_DEFAULTS_MAXTABLEELEMENTS", "5000"),
                        entry("WASMBOX_DEFAULTS_TIMEOUT", "10s"),
                        entry("WASMBOX_DEFAULTS_STACKSIZE", "512KB"),
                        entry("WASMBOX_DEFAULTS_MAXINPUT", "256KB"),
                        entry("WASMBOX_DEFAULTS_MAXOUTPUT", "4MB"),
                        entry("WASMBOX_DEFAULTS_MAXLOG", "8KB"),
                        entry("WASMBOX_DEFAULTS_MAXHOSTRESULT", "128KB"),
                        entry("WASMBOX_DEFAULTS_MAXSTDOUT", "2KB"),
                        entry("WASMBOX_DEFAULTS_MAXSTDERR", "3KB"),
                        entry("WASMBOX_DEFAULTS_MAXOPENFILES", "4"),
                        entry("WASMBOX_DEFAULTS_MAXBYTESWRITTEN", "1MB")));
        variables.putAll(
                Map.ofEntries(
                        entry("WASMBOX_PLUGINS_ECHO_LOCATION", module.toUri().toString()),
                        entry("WASMBOX_PLUGINS_ECHO_SHA256", ECHO_SHA256),
                        entry("WASMBOX_PLUGINS_ECHO_SIGNATURE", signature.toUri().toString()),
                        entry("WASMBOX_PLUGINS_ECHO_PRESET", "untrusted"),
                        entry("WASMBOX_PLUGINS_ECHO_LIMITS_MAXOUTPUT", "2MB"),
                        entry("WASMBOX_PLUGINS_ECHO_TRAPONDENIAL", "false"),
                        entry("WASMBOX_PLUGINS_ECHO_STRICTMANIFEST", "false"),
                        entry("WASMBOX_PLUGINS_ECHO_POOL_SIZE", "3"),
                        entry("WASMBOX_PLUGINS_ECHO_POOL_ACQUIRETIMEOUT", "75ms"),
                        entry("WASMBOX_PLUGINS_ECHO_POOL_QUARANTINEAFTER", "2"),
                        entry("WASMBOX_PLUGINS_ECHO_STATE", "stateful"),
                        entry("WASMBOX_PLUGINS_ECHO_REQUIRED", "true"),
                        entry(
                                "WASMBOX_PLUGINS_ECHO_GRANTS_HOSTFUNCTIONS",
                                "wasmbox:kv/get,wasmbox:log/*"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_ENV_GREETING", "hello"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_ENV_HOME_FROMHOST", "HOME"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_ARGS", "--fast,3"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_STDIN", "input"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_CLOCK_COARSENED", "100ms"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_RANDOM_SEEDED", "42"),
                        entry(
                                "WASMBOX_PLUGINS_ECHO_GRANTS_OUTBOUND_0_ORIGIN",
                                "http://127.0.0.1:9"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_OUTBOUND_0_PRIVATENETWORK", "true"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_KEYVALUE_COUPONS_ACCESS", "read-write"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_KEYVALUE_COUPONS_MAXENTRIES", "10"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_KEYVALUE_COUPONS_MAXBYTES", "4KB"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_KEYVALUE_RATES", "read"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_CONFIG_REGION", "eu"),
                        entry("WASMBOX_PLUGINS_ECHO_GRANTS_FEATURES", "simd")));

        runner(variables)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context.getBean(Echo.class).echo("hi")).isEqualTo("hi");
                            Plugin echo = context.getBean(PluginRegistry.class).require("echo");
                            Limits limits = echo.policy().limits();
                            assertThat(limits.fuel()).isEqualTo(40_000_000L);
                            assertThat(limits.instantiationFuel()).isEqualTo(9_000_000L);
                            assertThat(limits.maxMemoryBytes()).isEqualTo(32L << 20);
                            assertThat(limits.maxTableElements()).isEqualTo(5000);
                            assertThat(limits.timeout()).isEqualTo(Duration.ofSeconds(10));
                            assertThat(limits.stackSizeBytes()).isEqualTo(512L << 10);
                            assertThat(limits.maxInputBytes()).isEqualTo(256 << 10);
                            assertThat(limits.maxOutputBytes()).isEqualTo(2 << 20);
                            assertThat(limits.maxLogBytes()).isEqualTo(8 << 10);
                            assertThat(limits.maxHostResultBytes()).isEqualTo(128 << 10);
                            assertThat(limits.maxStdoutBytes()).isEqualTo(2 << 10);
                            assertThat(limits.maxStderrBytes()).isEqualTo(3 << 10);
                            assertThat(limits.maxOpenFiles()).isEqualTo(4);
                            assertThat(limits.maxBytesWritten()).isEqualTo(1L << 20);
                            assertThat(limits.poolSize()).isEqualTo(3);
                            assertThat(limits.acquireTimeout()).isEqualTo(Duration.ofMillis(75));
                            assertThat(limits.quarantineAfter()).isEqualTo(2);
                            assertThat(limits.stateMode()).isEqualTo(StateMode.STATEFUL);

                            PluginPolicy policy = echo.policy();
                            assertThat(policy.trapOnDenial()).isFalse();
                            assertThat(policy.strictManifest()).isFalse();
                            assertThat(policy.allowsHostFunction("wasmbox:kv", "get")).isTrue();
                            assertThat(policy.allowsHostFunction("wasmbox:log", "write")).isTrue();
                            assertThat(policy.allowsHostFunction("wasmbox:kv", "put")).isFalse();
                            // Boot lower-cases map keys taken from environment variable names.
                            assertThat(policy.env())
                                    .containsExactlyInAnyOrder(
                                            EnvGrant.literal("greeting", "hello"),
                                            EnvGrant.fromHost("home", "HOME"));
                            assertThat(policy.args()).containsExactly("--fast", "3");
                            assertThat(policy.stdin()).asString().isEqualTo("input");
                            assertThat(policy.clock())
                                    .isEqualTo(ClockPolicy.coarsened(Duration.ofMillis(100)));
                            assertThat(policy.random()).isEqualTo(RandomPolicy.seeded(42));
                            assertThat(policy.outbound())
                                    .singleElement()
                                    .satisfies(
                                            grant ->
                                                    assertThat(grant.allowsPrivateNetwork())
                                                            .isTrue());
                            assertThat(policy.keyValueNamespaces())
                                    .containsEntry(
                                            "coupons",
                                            KeyValueAccess.readWrite(new KeyValueQuota(10, 4096)))
                                    .containsEntry("rates", KeyValueAccess.READ);
                            assertThat(policy.config()).containsEntry("region", "eu");
                            assertThat(policy.features()).containsExactly(WasmFeature.SIMD);

                            assertThat(context).hasSingleBean(PluginFileWatcher.class);
                            assertThat(
                                            context.getBean(WasmboxProperties.class)
                                                    .getReload()
                                                    .getInterval())
                                    .isEqualTo(Duration.ofSeconds(5));
                            assertThat(cache.toFile().list()).isNotEmpty();
                        });

        // The signature was checked: without it, the required signature is missing.
        variables.remove("WASMBOX_PLUGINS_ECHO_SIGNATURE");
        runner(variables)
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("carries no trusted signature"));
    }

    @Test
    void aMistypedVariableFailsStartUpWithTheKeyMeantAndTheVariable() {
        runner(
                        Map.of(
                                "WASMBOX_PLUGINS_ECHO_LOCATION",
                                "classpath:plugins/echo.wasm",
                                "WASMBOX_PLUGINS_ECHO_SHA265",
                                ECHO_SHA256))
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.sha265")
                                    .contains("did you mean 'sha256'")
                                    .contains("WASMBOX_PLUGINS_ECHO_SHA265");
                            assertThat(analysis.getAction())
                                    .contains("wasmbox.plugins.echo.sha256");
                        });
        // A variable reaches a plugin whose name has a dash when application.yaml names it:
        // Boot matches map keys without their dashes.
        runner(Map.of("WASMBOX_PLUGINS_ECHOPLUGIN_SHA256", ADD_SHA256))
                .withPropertyValues(
                        "wasmbox.plugins.echo-plugin.location=classpath:plugins/echo.wasm")
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains(
                                                "wasmbox.plugins.echo-plugin.sha256 pins "
                                                        + ADD_SHA256));
        runner(Map.of("WASMBOX_DEFAULTS_MAXMEMROY", "32MB"))
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("did you mean 'max-memory'"));
        runner(
                        Map.of(
                                "WASMBOX_PLUGINS_ECHO_LOCATION", "classpath:plugins/echo.wasm",
                                "WASMBOX_PLUGINS_ECHO_GRANTS_KEYVALUE_COUPONS_ACESS", "read"))
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("did you mean 'access'"));
        runner(Map.of("WASMBOX_DEFAULTS_MAXMEMORY", "lots"))
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.defaults.max-memory")
                                    .contains("'lots' is not a size");
                            assertThat(analysis.getAction()).contains("16MB");
                        });
        runner(Map.of("WASMBOX_DEFAULTS_FUEL", "0"))
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.defaults.fuel")
                                    .contains("must be at least 1")
                                    .doesNotContain("Plugin");
                            assertThat(analysis.getAction()).doesNotContain("required");
                        });
    }
}
