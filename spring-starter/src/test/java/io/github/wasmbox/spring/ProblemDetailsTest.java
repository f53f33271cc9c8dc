/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginOutputException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import io.github.wasmbox.spring.fixtures.Echo;
import io.github.wasmbox.spring.fixtures.FixturesConfiguration;
import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.github.wasmbox.spring.web.PluginProblemDetails;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * With {@code wasmbox.web.problem-details.enabled}, a failed plugin call answers a ProblemDetail
 * whose status says whose fault it was: one request per exception kind over real HTTP, the
 * plugin-made ones from the real echo plugin.
 */
@SpringBootTest(
        classes = {SampleApplication.class, ProblemDetailsTest.Calls.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            UnpinnedFixtures.ALLOWED,
            "wasmbox.web.problem-details.enabled=true",
            "wasmbox.defaults.timeout=10s",
            "wasmbox.plugins.echo.location=classpath:plugins/echo.wasm",
            "wasmbox.plugins.echo.limits.max-input=64B"
        })
class ProblemDetailsTest {

    /** Calls the real plugin, or throws the exception of a kind the plugin cannot be made to. */
    @RestController
    static class Calls {
        private static final Map<String, Supplier<PluginException>> THROWN =
                Map.of(
                        "host",
                        () -> new HostFunctionException("echo", "echo", "store down", null),
                        "busy",
                        () -> new PluginBusyException("echo", "echo", "no free instance", null),
                        "cancelled",
                        () -> new PluginCancelledException("echo", "echo", "closed", null),
                        "timeout",
                        () -> new PluginTimeoutException("echo", "echo", null, "late", null),
                        "trap",
                        () -> new PluginTrapException("echo", "echo", "unreachable", null),
                        "denied",
                        () ->
                                new PolicyViolationException(
                                        "echo", "echo", "http", "http://x", "denied"),
                        "fuel",
                        () ->
                                new ResourceExhaustedException(
                                        "echo",
                                        "echo",
                                        ResourceExhaustedException.Resource.FUEL,
                                        10,
                                        11,
                                        "out of fuel <script>",
                                        null),
                        "output",
                        () ->
                                new PluginOutputException(
                                        "echo",
                                        "echo",
                                        String.class,
                                        new IllegalArgumentException("not a string")));

        private final Echo echo;

        Calls(Echo echo) {
            this.echo = echo;
        }

        @GetMapping("/fail")
        String fail() {
            echo.fail("the caller's coupon is unknown");
            return "unreachable";
        }

        @GetMapping("/large")
        String large() {
            return echo.echo("x".repeat(100));
        }

        @GetMapping("/thrown/{kind}")
        String thrown(@PathVariable String kind) {
            throw THROWN.get(kind).get();
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Autowired PluginRegistry registry;

    @Test
    void eachKindOfFailureAnswersItsStatus() throws Exception {
        assertProblem("/fail", 422, "failed");
        assertProblem("/large", 413, "resource-exhausted");
        assertProblem("/thrown/busy", 503, "busy");
        assertThat(get("/thrown/busy").headers().firstValue("Retry-After")).contains("1");
        assertProblem("/thrown/cancelled", 503, "cancelled");
        assertProblem("/thrown/timeout", 504, "timeout");
        assertProblem("/thrown/trap", 502, "trap");
        assertProblem("/thrown/denied", 502, "policy-violation");
        assertProblem("/thrown/fuel", 502, "resource-exhausted");
        assertProblem("/thrown/output", 502, "output");
        assertProblem("/thrown/host", 502, "host-function");
        assertThat(get("/thrown/fuel").body()).doesNotContain("<script>");

        registry.unload("echo");
        assertProblem("/fail", 503, "not-loaded");
    }

    @Test
    void offUnlessEnabled() {
        new WebApplicationContextRunner()
                .withPropertyValues(UnpinnedFixtures.ALLOWED)
                .withConfiguration(AutoConfigurations.of(WasmboxAutoConfiguration.class))
                .withUserConfiguration(FixturesConfiguration.class)
                .run(context -> assertThat(context).doesNotHaveBean(PluginProblemDetails.class));
    }

    private void assertProblem(String path, int status, String kind) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
        assertThat(response.body())
                .contains("\"plugin\":\"echo\"")
                .contains("\"kind\":\"" + kind + "\"")
                .contains("\"status\":" + status);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
