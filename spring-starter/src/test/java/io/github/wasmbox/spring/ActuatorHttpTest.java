/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole starter in a web application, with actuator reached over real HTTP. */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            UnpinnedFixtures.ALLOWED,
            "management.endpoints.web.exposure.include=plugins,health,metrics",
            "management.endpoint.health.show-details=always",
            // Reloads are opt-in (PluginsEndpointAccessTest); this test exercises one over HTTP.
            "management.endpoint.plugins.access=unrestricted",
            "wasmbox.defaults.timeout=10s",
            "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
            "wasmbox.plugins.echo.pool.size=3"
        })
class ActuatorHttpTest {
    @DynamicPropertySource
    static void pinTheDigest(DynamicPropertyRegistry registry) {
        registry.add("wasmbox.plugins.echo.sha256", () -> WasmboxAutoConfigurationTest.ECHO_SHA256);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Autowired Echo echo;

    @Test
    void pluginsEndpointHealthAndMetricsOverHttp() throws Exception {
        assertThat(echo.echo("over http")).isEqualTo("over http");

        HttpResponse<String> list = get("/actuator/plugins");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body())
                .contains("\"name\":\"echo\"")
                .contains("\"state\":\"LOADED\"")
                .contains(WasmboxAutoConfigurationTest.ECHO_SHA256);

        HttpResponse<String> detail = get("/actuator/plugins/echo");
        assertThat(detail.statusCode()).isEqualTo(200);
        assertThat(detail.body())
                .contains("\"counters\"")
                .contains("\"calls\":1")
                .contains("\"policy\":{\"hostFunctions\":[]")
                .contains("\"timeout\":\"10000ms\"")
                .contains("\"acquireTimeout\":\"1000ms\"");
        assertThat(get("/actuator/plugins/nope").statusCode()).isEqualTo(404);

        HttpResponse<String> reload = post("/actuator/plugins/echo");
        assertThat(reload.statusCode()).isEqualTo(200);
        assertThat(reload.body()).contains("\"reloaded\":true");
        assertThat(post("/actuator/plugins/nope").statusCode()).isEqualTo(404);

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.body()).contains("\"plugins\"").contains("\"status\":\"UP\"");

        assertThat(
                        get("/actuator/metrics/wasmbox.plugin.state?tag=plugin:echo&tag=state:loaded")
                                .body())
                .contains("\"value\":1.0");
        assertThat(
                        get("/actuator/metrics/wasmbox.plugin.state?tag=plugin:echo&tag=state:failed")
                                .body())
                .contains("\"value\":0.0");
        assertThat(get("/actuator/metrics/wasmbox.plugin.pool.size?tag=plugin:echo").body())
                .contains("\"value\":3.0");

        HttpResponse<String> metrics = get("/actuator/metrics/wasmbox.plugin.calls");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("\"plugin\"").contains("\"outcome\"");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
