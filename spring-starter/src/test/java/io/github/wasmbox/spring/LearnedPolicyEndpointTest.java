/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /actuator/plugins/{name}/learned-policy} over real HTTP: discount-rules is recorded
 * while it serves real calls under a policy broader than it needs, and the endpoint proposes one
 * that grants no more than that policy and names what went unused.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            UnpinnedFixtures.ALLOWED,
            "management.endpoints.web.exposure.include=plugins",
            "wasmbox.plugins.discount.location=classpath:plugins/discount-rules.wasm",
            "wasmbox.plugins.discount.limits.timeout=30s",
            "wasmbox.plugins.discount.grants.host-functions[0]=wasmbox:kv/*",
            "wasmbox.plugins.discount.grants.host-functions[1]=wasmbox:config/get",
            "wasmbox.plugins.discount.grants.host-functions[2]=wasmbox:log/*",
            "wasmbox.plugins.discount.grants.host-functions[3]=wasmbox:clock/*",
            "wasmbox.plugins.discount.grants.key-value.coupons=read-write",
            "wasmbox.plugins.discount.grants.key-value.audit=read-write",
            "wasmbox.plugins.discount.grants.config.currency=EUR",
            "wasmbox.plugins.discount.grants.config.api_key=s3cret-value",
            "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
            "wasmbox.plugins.idle.location=classpath:plugins/echo.wasm"
        })
class LearnedPolicyEndpointTest {
    /** JUnit fills it before the test instance, and so the application context, is made. */
    @TempDir static Path records;

    @DynamicPropertySource
    static void recordInto(DynamicPropertyRegistry registry) {
        registry.add("wasmbox.plugins.discount.record.directory", () -> records.toString());
        registry.add("wasmbox.plugins.idle.record.directory", () -> records.toString());
    }

    private static final String ORDER =
            """
            {"orderId":"o-%s","customerId":"%s","couponCode":"WELCOME10",\
            "items":[{"sku":"BOOK-1","quantity":2,"unitPriceCents":2000,"category":"books"}]}\
            """;

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Autowired PluginRegistry registry;

    @Test
    void proposesAPolicyNoBroaderThanTheConfiguredOneFromRealCalls() throws Exception {
        for (String customer : List.of("c-1", "c-2", "c-3")) {
            // With a coupon, the plugin counts its uses in key-value namespace coupons.
            registry.require("discount")
                    .call(
                            "quote",
                            ORDER.formatted(customer, customer).getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> response = get("/actuator/plugins/discount/learned-policy");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("s3cret-value");
        JsonNode body = JsonMapper.shared().readTree(response.body());
        assertThat(body.get("name").asString()).isEqualTo("discount");
        assertThat(body.get("calls").asInt()).isEqualTo(3);
        PluginPolicy learned =
                PolicyFiles.parsePolicy(body.get("policy").asString(), PolicyFiles.Format.YAML);
        PluginPolicy current = registry.status("discount").orElseThrow().policy();
        assertThat(learned.hostFunctionGrants())
                .isNotEmpty()
                .allSatisfy(
                        g ->
                                assertThat(current.allowsHostFunction(g.module(), g.functionGlob()))
                                        .as(g.toString())
                                        .isTrue());
        assertThat(learned.allowsHostFunction("wasmbox:kv", "get")).isTrue();
        assertThat(learned.allowsHostFunction("wasmbox:clock", "now_millis")).isFalse();
        assertThat(learned.keyValueNamespaces()).containsOnlyKeys("coupons");
        learned.keyValueNamespaces()
                .forEach(
                        (namespace, access) -> {
                            KeyValueAccess granted = current.keyValueNamespaces().get(namespace);
                            assertThat(!access.allowsWrite() || granted.allowsWrite()).isTrue();
                        });
        // Config values may be secrets: the endpoint shows none, not even the configured EUR.
        assertThat(learned.config()).containsOnly(Map.entry("currency", "CHANGE-ME"));
        assertThat(learned.limits().fuel()).isLessThan(current.limits().fuel());
        assertThat(body.get("unusedGrants").values().stream().map(JsonNode::asString))
                .contains("host-functions: wasmbox:clock/*", "key-value: audit", "config: api_key");
    }

    @Test
    void anUnknownPluginOrOperationIsNotFound() throws Exception {
        assertThat(get("/actuator/plugins/nope/learned-policy").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/plugins/discount/learned-policies").statusCode()).isEqualTo(404);
    }

    @Test
    void aPluginNotRecordedOrNotYetCalledIsAConflictSayingWhatToDo() throws Exception {
        HttpResponse<String> notRecorded = get("/actuator/plugins/echo/learned-policy");
        assertThat(notRecorded.statusCode()).isEqualTo(409);
        assertThat(notRecorded.body()).contains("wasmbox.plugins.echo.record.directory");

        HttpResponse<String> notCalled = get("/actuator/plugins/idle/learned-policy");
        assertThat(notCalled.statusCode()).isEqualTo(409);
        assertThat(notCalled.body()).contains("no recorded calls yet");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
