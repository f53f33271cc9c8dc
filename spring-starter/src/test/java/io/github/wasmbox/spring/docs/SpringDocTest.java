/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.wasmbox.spring.PluginCallResult;
import io.github.wasmbox.spring.PluginCounters;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The Java examples of docs/spring.md are the classes of this package, and they work. */
class SpringDocTest {
    private static final Path PAGE = Path.of("..", "docs", "spring.md");
    private static final Path SOURCES =
            Path.of("src", "test", "java", "io", "github", "wasmbox", "spring", "docs");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfThePageIsASourceOfThisPackage() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.toList()) {
                sources.add(normalized(Files.readString(file)));
            }
        }
        Matcher block = JAVA_BLOCK.matcher(Files.readString(PAGE));
        int blocks = 0;
        while (block.find()) {
            blocks++;
            String snippet = normalized(block.group(1));
            assertThat(sources)
                    .as("docs/spring.md block %d", blocks)
                    .anyMatch(source -> source.contains(snippet));
        }
        assertThat(blocks).isGreaterThanOrEqualTo(2);
    }

    private static final ApplicationContextRunner DISCOUNT =
            new ApplicationContextRunner()
                    .withPropertyValues(UnpinnedFixtures.ALLOWED)
                    .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class))
                    .withUserConfiguration(ThisPackage.class, TenantPolicies.class)
                    .withBean(GuardedDiscounts.class)
                    .withPropertyValues(
                            "checkout.tenant=acme",
                            "wasmbox.defaults.timeout=10s",
                            "wasmbox.plugins.discount.location=classpath:plugins/discount-rules.wasm",
                            "wasmbox.plugins.discount.grants.host-functions="
                                    + "wasmbox:kv/get,wasmbox:kv/put,wasmbox:config/get,wasmbox:log/*",
                            "wasmbox.plugins.discount.grants.key-value.coupons=read-write",
                            "wasmbox.plugins.discount.grants.config.currency=EUR");

    private static final DiscountRules.Order ORDER =
            new DiscountRules.Order("o-1", "c-1", List.of(new DiscountRules.Item("book", 2, 2500)));

    @Test
    void theExamplesRunAgainstTheRealPlugin() {
        DISCOUNT.run(
                context -> {
                    assertThat(context).hasNotFailed();
                    DiscountRules rules = context.getBean(DiscountRules.class);
                    DiscountRules.Order order = ORDER;
                    DiscountRules.Quote quote = rules.quote(order);
                    assertThat(quote.orderId()).isEqualTo("o-1");
                    assertThat(quote.currency()).isEqualTo("EUR");
                    assertThat(quote.subtotalCents()).isEqualTo(5000);
                    PluginCallResult<DiscountRules.Quote> withStats = rules.quoteWithStats(order);
                    assertThat(withStats.value()).isEqualTo(quote);
                    assertThat(withStats.fuelConsumed()).isPositive();
                    assertThat(
                                    rules.quoteOrZero(
                                                    new DiscountRules.Order(
                                                            "o-2", "c-1", List.of()))
                                            .discountCents())
                            .isZero();
                    assertThat(
                                    context.getBean(PluginRegistry.class)
                                            .require("discount")
                                            .policy()
                                            .keyValueNamespaces())
                            .containsKey("tenant-acme");
                    GuardedDiscounts guarded = context.getBean(GuardedDiscounts.class);
                    assertThat(guarded.quote(order)).isEqualTo(quote);
                    assertThat(guarded.state()).isEqualTo(CircuitBreaker.State.CLOSED);
                });
    }

    @Test
    void theCircuitBreakerStopsCallingAPluginThatKeepsRunningOutOfFuel() {
        DISCOUNT.withPropertyValues("wasmbox.plugins.discount.limits.fuel=1000")
                .run(
                        context -> {
                            GuardedDiscounts guarded = context.getBean(GuardedDiscounts.class);
                            PluginRegistry registry = context.getBean(PluginRegistry.class);
                            DiscountRules.Quote noDiscount =
                                    new DiscountRules.Quote("o-1", "EUR", 5000, 0);
                            for (int call = 0; call < 5; call++) {
                                assertThat(guarded.quote(ORDER)).isEqualTo(noDiscount);
                            }
                            PluginCounters counters =
                                    registry.status("discount").orElseThrow().counters();
                            assertThat(counters.outcomes()).containsEntry("fuel", 5L);
                            assertThat(guarded.state()).isEqualTo(CircuitBreaker.State.OPEN);

                            // Open: the answer comes without calling the plugin.
                            assertThat(guarded.quote(ORDER)).isEqualTo(noDiscount);
                            assertThat(registry.status("discount").orElseThrow().counters().calls())
                                    .isEqualTo(counters.calls());
                        });
    }

    /** Makes this package the application's, where {@code @WasmPlugin}s are found. */
    @Configuration(proxyBeanMethods = false)
    @AutoConfigurationPackage
    static class ThisPackage {}

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
