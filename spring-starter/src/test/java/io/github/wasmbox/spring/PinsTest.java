/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static io.github.wasmbox.spring.WasmboxAutoConfigurationTest.ECHO;
import static io.github.wasmbox.spring.WasmboxAutoConfigurationTest.ECHO_SHA256;
import static io.github.wasmbox.spring.WasmboxAutoConfigurationTest.analysis;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code wasmbox.pins.*}: the starter refuses a plugin with neither pin nor signature. */
class PinsTest {
    /** The starter as an application gets it: no {@code warn-only}. */
    private static final ApplicationContextRunner DEFAULTS =
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class))
                    .withUserConfiguration(FixturesConfiguration.class)
                    .withPropertyValues("wasmbox.defaults.timeout=10s");

    private static final String UNPINNED_ECHO =
            "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm";

    @Test
    void anUnpinnedUnsignedPluginIsRefusedByDefaultWithTheDigestToPin() {
        DEFAULTS.withPropertyValues(UNPINNED_ECHO)
                .run(
                        context -> {
                            FailureAnalysis analysis = analysis(context.getStartupFailure());
                            assertThat(analysis.getDescription())
                                    .contains("wasmbox.plugins.echo.sha256")
                                    .contains(
                                            "carries neither a SHA-256 pin nor a trusted"
                                                    + " signature, and the runtime requires"
                                                    + " DIGEST_OR_SIGNATURE");
                            assertThat(analysis.getAction())
                                    .contains("set wasmbox.plugins.echo.sha256 to " + ECHO_SHA256)
                                    .contains("wasmbox.pins.warn-only=true");
                        });
    }

    @Test
    void aPinnedPluginLoadsByDefault() {
        DEFAULTS.withPropertyValues(ECHO)
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context.getBean(Echo.class).echo("pinned"))
                                    .isEqualTo("pinned");
                        });
    }

    @Test
    void warnOnlyLoadsItForDevelopmentAndNoneAsksForNothing() {
        for (String setting :
                new String[] {"wasmbox.pins.warn-only=true", "wasmbox.pins.required=none"}) {
            DEFAULTS.withPropertyValues(UNPINNED_ECHO, setting)
                    .run(
                            context -> {
                                assertThat(context).as(setting).hasNotFailed();
                                assertThat(context.getBean(Echo.class).echo("dev"))
                                        .isEqualTo("dev");
                            });
        }
    }

    @Test
    void aStricterRequirementIsNamedInTheRefusal() {
        DEFAULTS.withPropertyValues(UNPINNED_ECHO, "wasmbox.pins.required=digest-and-signature")
                .run(
                        context ->
                                assertThat(analysis(context.getStartupFailure()).getDescription())
                                        .contains("the runtime requires DIGEST_AND_SIGNATURE"));
    }
}
