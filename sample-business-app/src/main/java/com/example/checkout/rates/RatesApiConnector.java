/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.rates;

import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves the carrier rates API on a Tomcat connector of its own: its own port and its own worker
 * threads, as a real carrier's service would be.
 *
 * <p>Why: the {@code shipping-rates} plugin holds one of its instances, and the quote request holds
 * a worker of the main connector, while its host call waits for the rates API. Served by the same
 * workers, the rates API would need a free worker that the waiting quotes hold: once as many quotes
 * are in flight as there are workers, every rates request queues behind them, every quote waits for
 * its deadline, and throughput collapses (a resource cycle). On its own connector, the rates API's
 * workers never wait for anything a quote holds. {@link PortPartition} keeps each API on its own
 * connector.
 *
 * <p>Once the web server has started, the port the connector got is published as {@value
 * #LOCAL_PORT} (like Boot's {@code local.server.port}), before the wasmbox starter loads the
 * plugins whose grants name it.
 */
public final class RatesApiConnector
        implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>,
                ApplicationListener<ServletWebServerInitializedEvent> {
    /** The property that holds the rates API's actual port once the web server has started. */
    public static final String LOCAL_PORT = "local.rates-api.port";

    private final Connector connector;
    private final ConfigurableEnvironment environment;

    public RatesApiConnector(RatesApiProperties properties, ConfigurableEnvironment environment) {
        this.environment = environment;
        connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(properties.port());
        connector.setProperty("address", properties.address());
        connector.setProperty("maxThreads", Integer.toString(properties.threads()));
        connector.setProperty("minSpareThreads", "1");
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addAdditionalConnectors(connector);
    }

    @Override
    public void onApplicationEvent(ServletWebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a management server of its own, not the application's
        }
        environment
                .getPropertySources()
                .addFirst(
                        new MapPropertySource(
                                "checkout.rates-api", Map.of(LOCAL_PORT, localPort())));
    }

    /** The port the connector listens on; -1 before the web server has started. */
    public int localPort() {
        return connector.getLocalPort();
    }
}
