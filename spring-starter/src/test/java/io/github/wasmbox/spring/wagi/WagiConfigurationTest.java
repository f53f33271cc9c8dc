/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.PluginStartupException;
import io.github.wasmbox.spring.autoconfigure.InvalidWasmboxPropertyException;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** A route that cannot work fails start-up at its key, with what to change. */
class WagiConfigurationTest {
    private final WebApplicationContextRunner web =
            new WebApplicationContextRunner()
                    .withConfiguration(
                            AutoConfigurations.of(
                                    WasmboxAutoConfiguration.class, WagiAutoConfiguration.class))
                    .withPropertyValues(
                            UnpinnedFixtures.ALLOWED,
                            "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
                            "wasmbox.plugins.receipt.location=classpath:plugins/receipt.wasm");

    @Test
    void aRouteToAPluginThatIsNotACommandFailsStartUp() {
        web.withPropertyValues("wasmbox.routes.r.plugin=echo", "wasmbox.routes.r.path=/r")
                .run(
                        context ->
                                assertThat(context)
                                        .getFailure()
                                        .hasStackTraceContaining(
                                                PluginStartupException.class.getName()
                                                        + ": route 'r' calls [_start]"));
    }

    @Test
    void aBadSettingFailsStartUpAtItsKey() {
        assertRefused("wasmbox.routes.r.path=/r", "wasmbox.routes.r.plugin");
        assertRefused("wasmbox.routes.r.method=FETCH", "wasmbox.routes.r.method");
        assertRefused("wasmbox.routes.r.path=receipts/{id}", "wasmbox.routes.r.path");
        assertRefused("wasmbox.routes.r.headers=Bad Header", "wasmbox.routes.r.headers");
        assertRefused(
                "wasmbox.routes.r.response-headers=Content-Length",
                "wasmbox.routes.r.response-headers");
        assertRefused("wasmbox.routes.r.plugn=receipt", "wasmbox.routes.r.plugn");
    }

    @Test
    void aGoodRouteStartsAndOnlyAServletApplicationGetsRoutes() {
        web.withPropertyValues("wasmbox.routes.r.plugin=receipt", "wasmbox.routes.r.path=/r/{id}")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(WagiRoutes.class));
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(
                                WasmboxAutoConfiguration.class, WagiAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(WagiRoutes.class));
    }

    private void assertRefused(String setting, String key) {
        String[] settings =
                key.equals("wasmbox.routes.r.plugin")
                        ? new String[] {setting}
                        : new String[] {"wasmbox.routes.r.plugin=receipt", setting};
        web.withPropertyValues(settings)
                .run(
                        context ->
                                assertThat(context)
                                        .as(setting)
                                        .getFailure()
                                        .rootCause()
                                        .isInstanceOfSatisfying(
                                                InvalidWasmboxPropertyException.class,
                                                e -> assertThat(e.propertyKey()).isEqualTo(key)));
    }
}
