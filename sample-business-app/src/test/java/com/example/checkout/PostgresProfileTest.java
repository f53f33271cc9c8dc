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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code postgres} profile for real: the app on a fresh database of the PostgreSQL server that
 * {@value #POSTGRES_URL} names ({@code .ci/run} starts one), configured only through the profile's
 * {@code CHECKOUT_DB_*} settings. Flyway migrates it, a quote is saved, and the discount vendor's
 * coupon count goes through the JDBC key-value store and its quota bookkeeping on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@EnabledIfEnvironmentVariable(named = PostgresProfileTest.POSTGRES_URL, matches = ".+")
class PostgresProfileTest {
    static final String POSTGRES_URL = "PGTEST_JDBC_URL";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;

    @DynamicPropertySource
    static void freshDatabase(DynamicPropertyRegistry registry) throws SQLException {
        // jdbc:postgresql://host:port/db?user=name, as .ci/run exports it
        String server = System.getenv(POSTGRES_URL);
        URI uri = URI.create(server.substring("jdbc:".length()));
        String user = uri.getQuery().replaceFirst(".*\\buser=([^&]+).*", "$1");
        String database = "checkout_" + Long.toHexString(System.nanoTime());
        try (Connection connection = DriverManager.getConnection(server);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        registry.add(
                "CHECKOUT_DB_URL",
                () -> "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + database);
        registry.add("CHECKOUT_DB_USER", () -> user);
        registry.add("CHECKOUT_DB_PASSWORD", () -> "");
    }

    @Test
    void quotesAndPluginStateLiveInPostgres() throws Exception {
        assertThat(jdbc.sql("SELECT version()").query(String.class).single())
                .startsWith("PostgreSQL");
        String order =
                CheckoutApplicationTest.order("c-postgres", "WELCOME10", "DE").replace("\n", " ");

        JsonNode first = post(order);
        assertThat(first.get("discountCents").asLong()).isEqualTo(50 + 500);
        JsonNode second = post(order);
        assertThat(second.at("/discount/rejectedCoupon/reason").asString())
                .isEqualTo("coupon already used by this customer");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM quote").query(Long.class).single()).isEqualTo(2);
        long keys = jdbc.sql("SELECT COUNT(*) FROM wasmbox_kv").query(Long.class).single();
        assertThat(keys).isPositive();
        assertThat(jdbc.sql("SELECT SUM(entries) FROM wasmbox_kv_usage").query(Long.class).single())
                .isEqualTo(keys);
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://localhost:" + port + "/api/quotes"))
                                        .header("content-type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }
}
