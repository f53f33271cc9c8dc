/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.ShippingRates;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plugin granted exactly the application's own API on a random port: the grant and the config
 * entry use {@code ${local.server.port}}, which exists only once the web server has started, so
 * this works because the registry loads its plugins after that, and resolves the inline policy's
 * placeholders when it does.
 */
@SpringBootTest(
        classes = {SampleApplication.class, LateBoundGrantTest.RatesApi.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            UnpinnedFixtures.ALLOWED,
            "wasmbox.defaults.timeout=10s",
            "wasmbox.plugins.shipping.location=classpath:plugins/shipping-rates.wasm",
            "wasmbox.plugins.shipping.grants.host-functions="
                    + "wasmbox:http/request,wasmbox:config/get,wasmbox:log/write",
            "wasmbox.plugins.shipping.grants.outbound=http://127.0.0.1:${local.server.port}",
            "wasmbox.plugins.shipping.grants.config.rates_url="
                    + "http://127.0.0.1:${local.server.port}/rates"
        })
class LateBoundGrantTest {

    private static final Map<String, Object> EXPRESS =
            Map.of("carrier", "Own", "service", "express", "priceCents", 900, "days", 1);
    private static final Map<String, Object> STANDARD =
            Map.of("carrier", "Own", "service", "standard", "priceCents", 400, "days", 3);

    /** A carrier rates API served by the application itself; remembers what it was asked. */
    @RestController
    static class RatesApi {
        final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();

        @PostMapping("/rates")
        Map<String, Object> rates(@RequestBody Map<String, Object> request) {
            requests.add(request);
            return Map.of("options", List.of(EXPRESS, STANDARD));
        }
    }

    @LocalServerPort int port;

    @Autowired ShippingRates shipping;

    @Autowired PluginRegistry registry;

    @Autowired RatesApi api;

    @Test
    void aGrantOfTheLocalServerPortReachesThisApplication() {
        Map<String, Object> quote =
                shipping.rates(
                        new ShippingRates.Order(
                                "o-1",
                                List.of(new ShippingRates.Item("BOOK", 2, 700)),
                                new ShippingRates.Address("de", "10115")));

        assertThat(quote.get("cheapest")).isEqualTo(STANDARD);
        assertThat(api.requests)
                .containsExactly(
                        Map.of(
                                "country",
                                "DE",
                                "postalCode",
                                "10115",
                                "weightGrams",
                                1400,
                                "itemCount",
                                2));
        assertThat(registry.require("shipping").policy().outbound())
                .singleElement()
                .hasToString("http://127.0.0.1:" + port);
        assertThat(registry.require("shipping").policy().config())
                .containsEntry("rates_url", "http://127.0.0.1:" + port + "/rates");
    }

    @Test
    void theRegistryStartsBetweenTheWebServerAndItsGracefulShutdown() {
        assertThat(registry.isRunning()).isTrue();
        assertThat(PluginRegistry.LIFECYCLE_PHASE)
                .isGreaterThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE);
    }
}
