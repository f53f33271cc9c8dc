/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.spring.fixtures.SampleApplication;
import io.github.wasmbox.spring.fixtures.UnpinnedFixtures;
import io.github.wasmbox.spring.wagi.docs.Quotes;
import io.github.wasmbox.spring.wagi.docs.ReceiptController;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

/**
 * WAGI routes over real HTTP: the wagi-probe fixture (a C command, src/test/resources/wagi) behind
 * a mapped route, and the receipt plugin of plugins-rust/dist served from a controller.
 */
@SpringBootTest(
        classes = {
            SampleApplication.class,
            ReceiptController.class,
            WagiRoutesTest.StoredQuote.class
        },
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            UnpinnedFixtures.ALLOWED,
            "wasmbox.defaults.timeout=10s",
            "wasmbox.plugins.probe.location=classpath:wagi/wagi-probe.wasm",
            "wasmbox.plugins.probe.limits.max-input=1KB",
            "wasmbox.plugins.probe.limits.fuel=20000000",
            "wasmbox.plugins.probe.grants.env.GREETING=hello",
            "wasmbox.plugins.receipt.location=classpath:plugins/receipt.wasm",
            "wasmbox.routes.probe.method=POST",
            "wasmbox.routes.probe.path=/probe/{mode}",
            "wasmbox.routes.probe.plugin=probe",
            "wasmbox.routes.probe.headers=X-Granted,Accept-Language",
            "wasmbox.routes.receipt.plugin=receipt"
        })
class WagiRoutesTest {

    /** The quote the docs' {@link ReceiptController} loads, with a hostile customer id. */
    static class StoredQuote implements Quotes {
        @Override
        public byte[] json(String id) {
            String quote =
                    "{\"id\":\""
                            + id
                            + "\",\"orderId\":\"o-7\",\"customerId\":\"<script>alert(1)</script>\","
                            + "\"status\":\"approved\",\"currency\":\"EUR\",\"subtotalCents\":3998,"
                            + "\"discountCents\":400,\"shippingCents\":499,\"taxCents\":252,"
                            + "\"totalCents\":4349,\"tax\":{\"lines\":[]},"
                            + "\"createdAt\":\"2026-01-02T03:04:05Z\"}";
            return quote.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort int port;

    @Autowired WagiRoutes routes;

    @Test
    void theRequestReachesThePluginAsCgiVariablesWithOnlyTheGrantedHeaders() throws Exception {
        HttpResponse<String> response =
                send(
                        post("/probe/env?a=1&b=two", "hello")
                                .header("Content-Type", "text/plain")
                                .header("X-Granted", "yes")
                                .header("Accept-Language", "de")
                                .header("Accept-Language", "en")
                                .header("Cookie", "session=secret-cookie")
                                .header("Authorization", "Bearer secret-token")
                                .header("X-Other", "withheld"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("Content-Security-Policy")).contains("sandbox");
        String[] parts = response.body().split("stdin:", 2);
        assertThat(parts[0].lines())
                .containsExactly(
                        "CONTENT_LENGTH=5",
                        "CONTENT_TYPE=text/plain",
                        "GREETING=hello",
                        "HTTP_ACCEPT_LANGUAGE=de, en",
                        "HTTP_X_GRANTED=yes",
                        "PATH_INFO=/probe/env",
                        "QUERY_STRING=a=1&b=two",
                        "REQUEST_METHOD=POST",
                        "SERVER_PROTOCOL=HTTP/1.1",
                        "X_MATCHED_ROUTE=/probe/{mode}",
                        "X_PATH_MODE=env");
        assertThat(parts[1]).isEqualTo("hello");
    }

    @Test
    void theStatusAndLocationThePluginWritesAreTheAnswers() throws Exception {
        HttpResponse<String> teapot = send(post("/probe/status", ""));
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.body()).isEqualTo("short and stout");

        HttpResponse<String> redirect = send(post("/probe/redirect", ""));
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).contains("/elsewhere");
    }

    @Test
    void aResponseThatIsNotCgiIsABadGatewayProblem() throws Exception {
        for (String mode : List.of("garbage", "endless", "split", "nothing")) {
            HttpResponse<String> response = send(post("/probe/" + mode, ""));
            assertThat(response.statusCode()).as(mode).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(
                            type -> assertThat(type).contains("application/problem+json"));
            assertThat(response.body())
                    .as(mode)
                    .contains("\"kind\":\"bad-response\"", "\"route\":\"probe\"")
                    .doesNotContain("stolen", "not a CGI response", "aaaa");
            // The split header's smuggled cookie never becomes a header.
            assertThat(response.headers().map()).doesNotContainKey("set-cookie");
        }
        assertThat(send(post("/probe/endless", "")).body()).contains("within 8192 bytes");
    }

    @Test
    void aNulByteNeverReachesThePluginsEnvironment() throws Exception {
        // Tomcat refuses an encoded NUL in the path itself ...
        HttpResponse<String> overHttp = send(post("/probe/env%00", ""));
        assertThat(overHttp.statusCode()).isEqualTo(400);
        assertThat(overHttp.body()).doesNotContain("REQUEST_METHOD");
        // ... and the route checks again, for a container or a controller that lets one through.
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/probe/x");
        request.setAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("mode", "env\0"));
        ResponseEntity<?> refused = routes.serve("probe", request, null, new byte[0]);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody())
                .isInstanceOfSatisfying(
                        ProblemDetail.class,
                        problem -> {
                            assertThat(problem.getProperties())
                                    .containsEntry("kind", "bad-request");
                            assertThat(problem.getDetail()).contains("X_PATH_MODE holds a NUL");
                        });
    }

    @Test
    void aBodyOverThePluginsMaxInputIsRefusedBeforeItRuns() throws Exception {
        byte[] large = new byte[2048];
        Arrays.fill(large, (byte) 'x');
        HttpResponse<String> declared =
                send(post("/probe/env", new String(large, StandardCharsets.UTF_8)));
        HttpResponse<String> chunked =
                send(
                        HttpRequest.newBuilder(uri("/probe/env"))
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ByteArrayInputStream(large))));
        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body())
                    .contains("\"kind\":\"resource-exhausted\"", "\"plugin\":\"probe\"");
        }
    }

    @Test
    void aPluginThatNeverAnswersIsStoppedByItsFuel() throws Exception {
        HttpResponse<String> response = send(post("/probe/loop", ""));
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body())
                .contains("\"kind\":\"resource-exhausted\"", "\"plugin\":\"probe\"");
    }

    @Test
    void aControllerServesTheReceiptPluginWithTheQuoteItLoaded() throws Exception {
        HttpResponse<String> html = send(HttpRequest.newBuilder(uri("/quotes/q-42/receipt")).GET());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).contains("text/html;charset=utf-8");
        assertThat(html.body())
                .contains("<title>Receipt q-42</title>")
                .contains("customer <code>&lt;script&gt;alert(1)&lt;/script&gt;</code>")
                .contains("<tr><td>Discount</td><td class=\"amount\">-4.00 EUR</td></tr>")
                .contains("<tr><td>Total</td><td class=\"amount\">43.49 EUR</td></tr>")
                .doesNotContain("<script>");

        HttpResponse<String> text =
                send(HttpRequest.newBuilder(uri("/quotes/q-42/receipt?format=text")).GET());
        assertThat(text.body()).startsWith("RECEIPT q-42\n").contains("Total      43.49 EUR\n");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
