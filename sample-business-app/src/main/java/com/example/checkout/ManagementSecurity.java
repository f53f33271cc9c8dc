/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may manage the plugins. The actuator endpoints read every plugin's policy, grants, audit and
 * digest and reload plugins, so they need the {@value #OPERATOR} role over HTTP basic; only the
 * health status stays public, for load balancers (its details are the operator's too, see {@code
 * management.endpoint.health} in application.yaml). The operator is Spring Boot's user ({@code
 * spring.security.user}), whose password comes from the environment: none is written down here or
 * in the configuration, and without one Boot generates a new one at every start and logs it.
 *
 * <p>The checkout API itself stays open, as a demo: a JSON API without sessions or cookies, so a
 * forged cross-site request has no ambient credential to ride on and CSRF tokens would protect
 * nothing.
 */
@Configuration(proxyBeanMethods = false)
public class ManagementSecurity {
    /** The role that may read and change the management endpoints. */
    public static final String OPERATOR = "OPERATOR";

    @Bean
    @Order(1)
    SecurityFilterChain management(HttpSecurity http) throws Exception {
        return http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(
                        requests ->
                                requests.requestMatchers(EndpointRequest.to("health"))
                                        .permitAll()
                                        .anyRequest()
                                        .hasRole(OPERATOR))
                .httpBasic(Customizer.withDefaults())
                // Stateless basic authentication: no session cookie for a forged request to use.
                .sessionManagement(
                        session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain application(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .build();
    }
}
