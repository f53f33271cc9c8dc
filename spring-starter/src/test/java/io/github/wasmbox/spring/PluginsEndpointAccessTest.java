/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.autoconfigure.WasmboxActuatorAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.Operation;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Exposing the {@code plugins} endpoint exposes reading it; reloading a plugin is a separate
 * decision, made with Boot's {@code management.endpoint.plugins.access}.
 */
class PluginsEndpointAccessTest {
    private static final WebApplicationContextRunner RUNNER =
            new WebApplicationContextRunner()
                    .withPropertyValues(UnpinnedFixtures.ALLOWED)
                    .withConfiguration(
                            AutoConfigurations.of(
                                    EndpointAutoConfiguration.class,
                                    WebEndpointAutoConfiguration.class,
                                    WasmboxAutoConfiguration.class,
                                    WasmboxActuatorAutoConfiguration.class))
                    // As in an application: "unrestricted" binds to Access.UNRESTRICTED.
                    .withInitializer(
                            context ->
                                    context.getEnvironment()
                                            .setConversionService(
                                                    new ApplicationConversionService()))
                    .withUserConfiguration(FixturesConfiguration.class)
                    .withPropertyValues(WasmboxAutoConfigurationTest.ECHO)
                    .withPropertyValues(
                            "management.endpoints.web.exposure.include=plugins",
                            "wasmbox.defaults.timeout=10s");

    @Test
    void theReloadOperationIsOffUnlessTheApplicationOptsIn() {
        RUNNER.run(
                context ->
                        assertThat(operations(context))
                                .isNotEmpty()
                                .containsOnly(OperationType.READ));
    }

    @Test
    void unrestrictedAccessAddsTheReloadOperation() {
        RUNNER.withPropertyValues("management.endpoint.plugins.access=unrestricted")
                .run(
                        context ->
                                assertThat(operations(context))
                                        .contains(OperationType.READ, OperationType.WRITE));
    }

    private static List<OperationType> operations(AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed();
        ExposableWebEndpoint plugins =
                context.getBean(WebEndpointsSupplier.class).getEndpoints().stream()
                        .filter(endpoint -> endpoint.getEndpointId().toString().equals("plugins"))
                        .findFirst()
                        .orElseThrow();
        return plugins.getOperations().stream().map(Operation::getType).toList();
    }
}
