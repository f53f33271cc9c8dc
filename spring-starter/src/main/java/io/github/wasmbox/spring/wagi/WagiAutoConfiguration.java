/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi;

import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxProperties;
import io.github.wasmbox.spring.web.PluginProblemDetails;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves {@code wasmbox.routes.*} from command-mode plugins ({@link WagiRoutes}) in a servlet web
 * application with Spring MVC. The routes answer failed calls with the application's {@link
 * PluginProblemDetails} bean when it has one, and a default one otherwise.
 */
@AutoConfiguration(after = WasmboxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBean(PluginRegistry.class)
public class WagiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WagiRoutes wasmboxWagiRoutes(
            WasmboxProperties properties,
            PluginRegistry registry,
            ObjectProvider<PluginProblemDetails> problems) {
        return new WagiRoutes(
                properties, registry, problems.getIfAvailable(PluginProblemDetails::new));
    }

    @Bean
    RouterFunction<ServerResponse> wasmboxWagiRouterFunction(WagiRoutes routes) {
        return routes.routerFunction();
    }
}
