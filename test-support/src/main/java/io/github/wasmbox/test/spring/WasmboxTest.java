/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A Spring Boot test slice for an application's plugins: the context holds the wasmbox starter's
 * auto-configuration, a proxy for every {@link io.github.wasmbox.spring.WasmPlugin} interface of
 * the application's packages, and of the application's own components only those wasmbox uses:
 * {@link io.github.wasmbox.host.HostModule @HostModule} capabilities, host-function providers,
 * key-value stores, plugin listeners, customizers and decorators. Every other component (services,
 * controllers, repositories) and every other auto-configuration (web, data, metrics) stays out, so
 * the test starts in the time it takes to load the plugins, and a plugin's configuration in {@code
 * application.yaml} is tested exactly as the application reads it.
 *
 * <pre>{@code
 * @WasmboxTest
 * class DiscountRulesTest {
 *     @Autowired DiscountRules rules;
 *
 *     @Test
 *     void quotes() { assertThat(rules.quote(order).discountCents()).isEqualTo(500); }
 * }
 * }</pre>
 *
 * <p>Add what else a test needs with {@code @Import}; replace a plugin with a mock with
 * {@code @MockitoBean}. Like every Boot test slice it finds the application's
 * {@code @SpringBootConfiguration} by searching up from the test's package.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(WasmboxTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(WasmboxTypeExcludeFilter.class)
// The auto-configurations are listed in
// META-INF/spring/io.github.wasmbox.test.spring.WasmboxTest.imports
@ImportAutoConfiguration
public @interface WasmboxTest {

    /**
     * Properties in {@code key=value} form added to the environment before the context starts, such
     * as {@code "wasmbox.plugins.discount.config.currency=EUR"}.
     */
    String[] properties() default {};

    /**
     * Whether the application's wasmbox components (capabilities, stores, listeners, customizers,
     * decorators) are included; {@code false} leaves only {@link #includeFilters()}.
     */
    boolean useDefaultFilters() default true;

    /** Further components of the application to include. */
    Filter[] includeFilters() default {};

    /** Components of the application to leave out, even when the default filters include them. */
    Filter[] excludeFilters() default {};
}
