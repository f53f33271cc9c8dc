/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.spi.HostFunctionHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpCapabilityTest {
    private static HttpServer server;
    private static String origin;
    private static final HostFunctionHandler REQUEST =
            HostModules.of(HttpCapability.builder().maxResponseBytes(1024).maxRedirects(2).build())
                    .hostFunctions()
                    .get(0)
                    .handler();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext(
                "/hello",
                e -> {
                    e.getResponseHeaders().add("Set-Cookie", "session=secret");
                    e.getResponseHeaders().add("X-Rate", "1.1");
                    e.getResponseHeaders().add("X-Rate", "1.2");
                    respond(e, 200, "hello " + e.getRequestMethod());
                });
        server.createContext(
                "/echo-headers",
                e -> {
                    Map<String, String> seen = new TreeMap<>();
                    e.getRequestHeaders()
                            .forEach((k, v) -> seen.put(k.toLowerCase(), String.join(",", v)));
                    respond(e, 200, seen.toString());
                });
        server.createContext(
                "/echo-body",
                e ->
                        respond(
                                e,
                                201,
                                new String(
                                        e.getRequestBody().readAllBytes(),
                                        StandardCharsets.UTF_8)));
        server.createContext("/echo-uri", e -> respond(e, 200, e.getRequestURI().toASCIIString()));
        server.createContext("/redirect", e -> redirect(e, 302, "/hello"));
        server.createContext("/see-other", e -> redirect(e, 303, origin + "/hello"));
        server.createContext(
                "/to-localhost",
                e ->
                        redirect(
                                e,
                                302,
                                "http://localhost:" + server.getAddress().getPort() + "/hello"));
        server.createContext(
                "/to-metadata", e -> redirect(e, 307, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/loop", e -> redirect(e, 302, "/loop"));
        server.createContext("/big", e -> respond(e, 200, "x".repeat(5000)));
        server.createContext(
                "/big-chunked",
                e -> {
                    e.sendResponseHeaders(200, 0);
                    try (OutputStream out = e.getResponseBody()) {
                        for (int i = 0; i < 50; i++) {
                            out.write("y".repeat(100).getBytes(StandardCharsets.UTF_8));
                        }
                    }
                });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange exchange, int status, String location)
            throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static PluginPolicy loopbackGranted() {
        return TestPolicy.policy().outbound(origin).internalAddresses().build();
    }

    private static long send(FakeHostCall call, String json) {
        return REQUEST.apply(call, call.string(json))[0];
    }

    private static String get(String url) {
        return "{\"method\":\"GET\",\"url\":\"" + url + "\"}";
    }

    @Test
    void sendsAndReturnsJsonWithCredentialHeadersStripped() {
        FakeHostCall call = new FakeHostCall(loopbackGranted());
        assertThat(send(call, get(origin + "/hello"))).isPositive();
        assertThat(call.pendingText())
                .startsWith("{\"status\":200,")
                .contains("\"x-rate\":\"1.1, 1.2\"")
                .contains("\"body\":\"hello GET\"")
                .doesNotContain("session=secret");
    }

    @Test
    void postsABodyAndDropsHopByHopAndProxyCredentials() {
        FakeHostCall call = new FakeHostCall(loopbackGranted());
        String post =
                "{\"method\":\"POST\",\"url\":\""
                        + origin
                        + "/echo-body\","
                        + "\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"d\u00e9j\u00e0\"}";
        send(call, post);
        assertThat(call.pendingText())
                .contains("\"status\":201")
                .contains("\"body\":\"d\u00e9j\u00e0\"");

        String headers =
                "{\"method\":\"GET\",\"url\":\""
                        + origin
                        + "/echo-headers\",\"headers\":{"
                        + "\"Authorization\":\"Bearer t\",\"Proxy-Authorization\":\"Basic p\","
                        + "\"Connection\":\"close\",\"Host\":\"evil\",\"X-Id\":\"7\"}}";
        send(call, headers);
        assertThat(call.pendingText())
                .contains("authorization=Bearer t")
                .contains("x-id=7")
                .doesNotContain("proxy-authorization")
                .doesNotContain("evil");
    }

    @Test
    void ungrantedTargetsAreDeniedBeforeAnyConnection() {
        FakeHostCall call =
                new FakeHostCall(TestPolicy.policy().outbound("https://api.example.com").build());
        assertThat(send(call, get(origin + "/hello"))).isEqualTo(-1);
        assertThat(send(call, get("http://api.example.com/x"))).isEqualTo(-1);
        assertThat(call.denials).first().asString().contains("wasmbox:http http://127.0.0.1:");
    }

    @Test
    void namesThatResolveToLoopbackAreDeniedUnlessGranted() {
        int port = server.getAddress().getPort();
        FakeHostCall call =
                new FakeHostCall(TestPolicy.policy().outbound("http://localhost:" + port).build());
        assertThat(send(call, get("http://localhost:" + port + "/hello"))).isEqualTo(-1);
        assertThat(call.denials).singleElement().asString().contains("resolves to");

        FakeHostCall granted =
                new FakeHostCall(
                        TestPolicy.policy()
                                .outbound("http://localhost:" + port)
                                .internalAddresses()
                                .build());
        assertThat(send(granted, get("http://localhost:" + port + "/hello"))).isPositive();
    }

    @Test
    void anIpLiteralGrantCoversExactlyThatAddress() {
        FakeHostCall call = new FakeHostCall(TestPolicy.policy().outbound(origin).build());
        assertThat(send(call, get(origin + "/hello"))).isPositive();
        assertThat(call.denials).isEmpty();
    }

    @Test
    void redirectsAreFollowedAndEveryHopIsChecked() {
        FakeHostCall call = new FakeHostCall(loopbackGranted());
        assertThat(send(call, get(origin + "/redirect"))).isPositive();
        assertThat(call.pendingText()).contains("\"body\":\"hello GET\"");

        String post = "{\"method\":\"POST\",\"url\":\"" + origin + "/see-other\",\"body\":\"x\"}";
        send(call, post);
        assertThat(call.pendingText()).contains("\"body\":\"hello GET\"");

        assertThat(send(call, get(origin + "/to-localhost"))).isEqualTo(-1);
        assertThat(send(call, get(origin + "/to-metadata"))).isEqualTo(-1);
        assertThat(call.denials).hasSize(2);
        assertThat(call.denials.get(1)).contains("169.254.169.254");

        assertThat(send(call, get(origin + "/loop"))).isEqualTo(-4);
        assertThat(call.pendingText()).contains("more than 2 redirects");
    }

    @Test
    void nonAsciiPathsArePercentEncodedOnTheWire() {
        FakeHostCall call = new FakeHostCall(loopbackGranted());
        assertThat(send(call, get(origin + "/echo-uri/d\u00e9j\u00e0?q=\u00e9"))).isPositive();
        assertThat(call.pendingText()).contains("\"body\":\"/echo-uri/d%C3%A9j%C3%A0?q=%C3%A9\"");
    }

    @Test
    void oversizedResponsesAreTooLarge() {
        FakeHostCall call = new FakeHostCall(loopbackGranted());
        assertThat(send(call, get(origin + "/big"))).isEqualTo(-5);
        assertThat(send(call, get(origin + "/big-chunked"))).isEqualTo(-5);
        assertThat(call.pendingText()).contains("exceeds 1024 bytes");
    }

    @Test
    void malformedRequestsAreInvalidArguments() {
        FakeHostCall call = new FakeHostCall(loopbackGranted());
        assertThat(send(call, "{\"method\":\"GET\"")).isEqualTo(-3);
        assertThat(send(call, get("file:///etc/passwd"))).isEqualTo(-3);
        assertThat(send(call, get("http://user:pw@127.0.0.1/"))).isEqualTo(-3);
        assertThat(send(call, "{\"method\":\"TRACE\",\"url\":\"" + origin + "/hello\"}"))
                .isEqualTo(-3);
        assertThat(send(call, get("/relative"))).isEqualTo(-3);
        String nullHeader =
                "{\"method\":\"GET\",\"url\":\"" + origin + "/hello\",\"headers\":{\"X\":null}}";
        assertThat(send(call, nullHeader)).isEqualTo(-3);
        String badHeader =
                "{\"method\":\"GET\",\"url\":\""
                        + origin
                        + "/hello\",\"headers\":{\"X\":\"a\\r\\nb\"}}";
        assertThat(send(call, badHeader)).isEqualTo(-3);
        assertThat(call.denials).isEmpty();
    }

    @Test
    void noTimeLeftFailsWithoutSending() {
        FakeHostCall call = new FakeHostCall(loopbackGranted()).remaining(java.time.Duration.ZERO);
        assertThat(send(call, get(origin + "/hello"))).isEqualTo(-4);
        assertThat(call.pendingText()).contains("no time left");
    }
}
