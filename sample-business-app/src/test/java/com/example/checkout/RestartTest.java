/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default keeps quotes on disk: a quote saved before a restart is read back after it,
 * and so is the vendors' state saved with it (the customer's coupon stays spent). Two runs of the
 * real app, one after the other, on the same data directory.
 */
class RestartTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir Path dataDirectory;

    @Test
    void aQuoteAndTheVendorsStateSurviveARestart() throws Exception {
        String order = CheckoutApplicationTest.order("c-restart", "WELCOME10", "DE");
        String id;
        String document;
        try (ConfigurableApplicationContext first = start()) {
            HttpResponse<String> created = send(first, "POST", "/api/quotes", order);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode quote = JSON.readTree(created.body());
            assertThat(quote.at("/discount/appliedRules").toString()).contains("WELCOME10");
            id = quote.get("id").asString();
            document = created.body();
        }

        try (ConfigurableApplicationContext second = start()) {
            HttpResponse<String> saved = send(second, "GET", "/api/quotes/" + id, null);
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            assertThat(JSON.readTree(saved.body())).isEqualTo(JSON.readTree(document));

            HttpResponse<String> again = send(second, "POST", "/api/quotes", order);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
            assertThat(JSON.readTree(again.body()).at("/discount/rejectedCoupon/reason").asString())
                    .isEqualTo("coupon already used by this customer");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CheckoutApplication.class)
                .profiles("demo")
                .run(
                        "--server.port=0",
                        "--checkout.rates-api.port=0",
                        "--checkout.data-dir=" + dataDirectory,
                        "--CHECKOUT_OPERATOR_PASSWORD=test-only-operator-password");
    }

    private static HttpResponse<String> send(
            ConfigurableApplicationContext app, String method, String path, String body)
            throws Exception {
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("content-type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
