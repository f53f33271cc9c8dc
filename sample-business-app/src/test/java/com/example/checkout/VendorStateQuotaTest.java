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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Quotes keep the vendors' state on disk, so a vendor's key-value namespace fills up over a long
 * run (the discount vendor keeps one key per customer who used a coupon). When the quote's held
 * back writes pass the grant's {@code max-entries}, the quote is refused with a 507 that names the
 * quota, and nothing is saved; here with a quota of two keys, which the first customer's coupon
 * fills (its use and the coupon's count).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "checkout.rates-api.port=0",
            "wasmbox.plugins.discount-rules.grants.key-value.coupons.max-entries=2"
        })
class VendorStateQuotaTest {
    @TempDir static Path dataDirectory;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("checkout.data-dir", dataDirectory::toString);
    }

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;

    @Test
    void aQuoteWhoseVendorStateIsOverItsQuotaIsRefusedAndNothingIsSaved() throws Exception {
        HttpResponse<String> first = post(CheckoutApplicationTest.order("c-1", "WELCOME10", "DE"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);

        HttpResponse<String> second = post(CheckoutApplicationTest.order("c-2", "WELCOME10", "DE"));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(507);
        JsonNode problem = json.readTree(second.body());
        assertThat(problem.get("quota").asString()).isEqualTo("max-entries");
        assertThat(problem.get("saved").asBoolean()).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM quote").query(Long.class).single()).isEqualTo(1);
    }

    private HttpResponse<String> post(String order) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/api/quotes"))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(order))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
