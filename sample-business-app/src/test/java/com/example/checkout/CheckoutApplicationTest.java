/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.checkout.quote.QuoteRepository;
import com.example.checkout.rates.RatesApiConnector;
import com.example.checkout.wasm.StagedKeyValueStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout service end to end: the real app on a random port, real plugins from
 * plugins-rust/dist, real HTTP. One context for the whole class (the machine is small); the
 * actuator checks run last so that they see what the earlier tests did. With the demo profile, as
 * the main job runs it.
 */
@ActiveProfiles("demo")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // As an operator would: the password from the environment (application.yaml).
            "CHECKOUT_OPERATOR_PASSWORD=" + CheckoutApplicationTest.OPERATOR_PASSWORD,
            "checkout.rates-api.port=0"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckoutApplicationTest {
    static final String OPERATOR_PASSWORD = "test-only-operator-password";

    private static final String OPERATOR =
            "Basic "
                    + Base64.getEncoder()
                            .encodeToString(
                                    ("operator:" + OPERATOR_PASSWORD)
                                            .getBytes(StandardCharsets.UTF_8));

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort int port;
    @Autowired RatesApiConnector ratesApi;
    @Autowired JsonMapper json;
    @Autowired QuoteRepository quotes;
    @Autowired StagedKeyValueStore vendorState;
    @Autowired JdbcClient jdbc;

    /** A database of its own, in files as the main job keeps it. */
    @TempDir static Path dataDirectory;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("checkout.data-dir", dataDirectory::toString);
    }

    /** A response: status, content type and parsed body. */
    record Response(int status, String contentType, JsonNode body, String location) {}

    static String order(String customer, String coupon, String country) {
        return """
                {"customerId": "%s",
                 "customer": {"accountAgeDays": 400, "previousOrders": 12},
                 "items": [
                   {"sku": "BOOK-1", "quantity": 2, "unitPriceCents": 2000, "category": "books"},
                   {"sku": "PEN", "quantity": 10, "unitPriceCents": 100, "weightGrams": 20}
                 ],
                 %s
                 "shippingAddress": {"country": "%s", "postalCode": "10115"},
                 "billingCountry": "DE"}
                """
                .formatted(
                        customer,
                        coupon.isEmpty() ? "" : "\"couponCode\": \"" + coupon + "\",",
                        country);
    }

    Response post(String path, String body) throws Exception {
        return post(port, path, body);
    }

    Response post(int toPort, String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toPort + path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A request with the operator's credentials, or with {@code authorization} when given. */
    Response asOperator(String method, String path) throws Exception {
        return as(OPERATOR, method, path);
    }

    Response as(String authorization, String method, String path) throws Exception {
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("authorization", authorization)
                        .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Response(
                response.statusCode(),
                response.headers().firstValue("content-type").orElse(""),
                body.isEmpty() ? json.nullNode() : json.readTree(body),
                response.headers().firstValue("location").orElse(""));
    }

    @Test
    @Order(1)
    void quoteRoundTripIsPersistedAndReadBack() throws Exception {
        Response created = post("/api/quotes", order("c-roundtrip", "WELCOME10", "DE"));

        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        JsonNode quote = created.body();
        String id = quote.get("id").asString();
        assertThat(created.location()).isEqualTo("/api/quotes/" + id);
        // 2 x 20.00 + 10 x 1.00; bulk 5 % on the pens, WELCOME10 10 % of the subtotal.
        assertThat(quote.get("subtotalCents").asLong()).isEqualTo(5000);
        assertThat(quote.get("discountCents").asLong()).isEqualTo(50 + 500);
        // DE: 7 % on books, 19 % on the rest.
        assertThat(quote.get("taxCents").asLong()).isEqualTo(280 + 190);
        assertThat(quote.get("shippingCents").asLong()).isPositive();
        assertThat(quote.get("totalCents").asLong())
                .isEqualTo(5000 - 550 + quote.get("shippingCents").asLong() + 470);
        assertThat(quote.get("status").asString()).isEqualTo("approved");
        assertThat(quote.get("producedBy").propertyNames())
                .containsExactly("fraud", "discount", "shipping", "tax");
        // The exact module that plugins-rust built and the app pins.
        assertThat(quote.get("producedBy").get("tax").get("sha256").asString())
                .isEqualTo(
                        Files.readString(Path.of("../plugins-rust/dist/tax.wasm.sha256"))
                                .split(" ")[0]);

        Response read = get("/api/quotes/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(quote);
        assertThat(rows("quote_line", id)).isEqualTo(2);
        assertThat(rows("quote_vendor", id)).isEqualTo(4);

        // The coupon's use was saved with the quote: the same customer cannot use it twice.
        Response again = post("/api/quotes", order("c-roundtrip", "WELCOME10", "DE"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().at("/discount/rejectedCoupon/reason").asString())
                .isEqualTo("coupon already used by this customer");
    }

    @Test
    @Order(2)
    void badRequestsAreProblemDetails() throws Exception {
        Response invalid =
                post(
                        "/api/quotes",
                        """
                        {"customerId": "", "items": [{"sku": "X", "quantity": 0,
                         "unitPriceCents": 1}], "shippingAddress": {"country": "de",
                         "postalCode": "1"}}
                        """);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).isEqualTo("application/problem+json");
        assertThat(invalid.body().get("title").asString()).isEqualTo("Invalid order");
        assertThat(invalid.body().get("errors").findValuesAsString("field"))
                .containsExactly("customerId", "items[0].quantity", "shippingAddress.country");

        Response malformed = post("/api/quotes", "{not json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).isEqualTo("application/problem+json");

        Response unknownVendor = post("/api/quotes?vendor=nobody", order("c-1", "", "DE"));
        assertThat(unknownVendor.status()).isEqualTo(400);
        assertThat(unknownVendor.body().get("detail").asString())
                .startsWith("unknown vendor 'nobody'");

        Response missing = get("/api/quotes/does-not-exist");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    @Order(3)
    void aVendorRejectingTheOrderIsA422ThatNamesIt() throws Exception {
        long before = quotes.count();

        Response rejected = post("/api/quotes", order("c-brazil", "", "BR"));

        assertThat(rejected.status()).as("%s", rejected.body()).isEqualTo(422);
        assertThat(rejected.contentType()).isEqualTo("application/problem+json");
        assertThat(rejected.body().get("slot").asString()).isEqualTo("tax");
        assertThat(rejected.body().get("vendor").asString()).isEqualTo("tax");
        assertThat(rejected.body().get("detail").asString())
                .isEqualTo(
                        "the tax vendor 'tax' rejected the order: tax: no tax rate for country"
                                + " \"BR\"; nothing was saved");
        assertThat(quotes.count()).isEqualTo(before);
    }

    /**
     * Every hostile vendor, in the slot it attacks, under the policy of that slot's real vendor:
     * the attack is stopped with the right wasmbox error, the answer says who and what, nothing is
     * saved — not even the coupon the discount vendor had already counted — and the next quote
     * succeeds.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    # vendor        | slot     | status | wasmbox error                                       | detail
                    endless-loop    | fraud    | 504    | PluginTimeoutException,ResourceExhaustedException   | was stopped
                    output-flood    | fraud    | 502    | ResourceExhaustedException                          | output quota
                    memory-hog      | discount | 502    | ResourceExhaustedException                          | memory quota
                    secret-snoop    | discount | 502    | PolicyViolationException                            | wasmbox:kv
                    exfiltrator     | shipping | 502    | PolicyViolationException                            | wasmbox:http
                    host-call-abuse | shipping | 502    | PluginTrapException                                 | was stopped
                    panic-storm     | tax      | 502    | PluginTrapException                                 | was stopped
                    """)
    @Order(4)
    void hostileVendorsAreStoppedAndTheServiceKeepsServing(
            String vendor, String slot, int status, String errors, String detail) throws Exception {
        long before = quotes.count();
        String customer = "c-victim-" + vendor;

        Response attacked =
                post("/api/quotes?vendor=" + vendor, order(customer, "WELCOME10", "DE"));

        JsonNode problem = attacked.body();
        assertThat(attacked.contentType()).isEqualTo("application/problem+json");
        if (!vendor.equals("endless-loop")) {
            assertThat(attacked.status()).as("%s", problem).isEqualTo(status);
        } else {
            // A timeout, or fuel running out first: both stop the loop.
            assertThat(attacked.status()).as("%s", problem).isIn(502, 504);
        }
        assertThat(problem.get("vendor").asString()).isEqualTo(vendor);
        assertThat(problem.get("slot").asString()).isEqualTo(slot);
        assertThat(problem.get("error").asString()).isIn((Object[]) errors.split(","));
        assertThat(problem.get("detail").asString())
                .contains("the " + slot + " vendor '" + vendor + "'")
                .contains(detail)
                .endsWith("; nothing was saved");
        assertThat(problem.get("saved").asBoolean()).isFalse();
        assertThat(problem.toString()).doesNotContain("\tat ", "Exception: ");
        assertThat(quotes.count()).isEqualTo(before);
        assertThat(vendorState.openUnits()).isZero();

        Response next = post("/api/quotes", order(customer, "WELCOME10", "DE"));
        assertThat(next.status()).as("%s", next.body()).isEqualTo(201);
        // The attacked quote never spent the coupon.
        assertThat(next.body().at("/discount/appliedRules").findValuesAsString("rule"))
                .contains("coupon:WELCOME10");
        assertThat(quotes.count()).isEqualTo(before + 1);
    }

    @Test
    @Order(5)
    void concurrentQuotesFromSeveralThreads() throws Exception {
        long before = quotes.count();
        int threads = 4;
        int perThread = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(
                        pool.submit(
                                () -> {
                                    List<String> ids = new ArrayList<>();
                                    for (int i = 0; i < perThread; i++) {
                                        Response response =
                                                post(
                                                        "/api/quotes",
                                                        order(
                                                                "c-concurrent-" + thread,
                                                                "BOOKS20",
                                                                "FR"));
                                        assertThat(response.status())
                                                .as("%s", response.body())
                                                .isEqualTo(201);
                                        ids.add(response.body().get("id").asString());
                                    }
                                    return ids;
                                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> result : results) {
                ids.addAll(result.get(5, TimeUnit.MINUTES));
            }
            assertThat(ids).hasSize(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(quotes.count()).isEqualTo(before + threads * perThread);
        assertThat(vendorState.openUnits()).isZero();
    }

    /**
     * The demo profile fixes the fraud vendor's clock, so the README's answers hold at any hour. A
     * previous order one minute before the fixed instant fires the velocity signal, which it could
     * not against the real clock; and at the fixed noon the night-time signal never fires.
     */
    @Test
    @Order(6)
    void theDemoProfileGivesTheFraudVendorAFixedClock(
            @Value("${wasmbox.plugins.fraud-score.grants.clock.fixed}") Instant demoNow)
            throws Exception {
        long oneMinuteBefore = demoNow.minusSeconds(60).toEpochMilli();
        String recentCustomer =
                order("c-velocity", "", "DE")
                        .replace(
                                "\"previousOrders\": 12}",
                                "\"previousOrders\": 12, \"lastOrderAtMillis\": "
                                        + oneMinuteBefore
                                        + "}");

        Response quote = post("/api/quotes", recentCustomer);

        assertThat(quote.status()).as("%s", quote.body()).isEqualTo(201);
        assertThat(quote.body().at("/fraud/signals").toString()).isEqualTo("[\"velocity\"]");
        assertThat(quote.body().at("/fraud/score").asLong()).isEqualTo(20);
    }

    /** The rates API and the rest each answer on their own connector only. */
    @Test
    @Order(7)
    void theRatesApiAndTheCheckoutApiAnswerOnlyOnTheirOwnConnectors() throws Exception {
        String rates = "{\"country\": \"DE\", \"weightGrams\": 1200, \"itemCount\": 2}";
        assertThat(post("/rates-api/v1/rates", rates).status()).isEqualTo(404);

        int ratesPort = ratesApi.localPort();
        Response options = post(ratesPort, "/rates-api/v1/rates", rates);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.body().get("options").size()).isEqualTo(3);
        assertThat(post(ratesPort, "/api/quotes", order("c-ports", "", "DE")).status())
                .isEqualTo(404);
        assertThat(post(ratesPort, "/actuator/plugins/fraud-score", "").status()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void aSavedQuotesReceiptIsRenderedByTheCPluginOverItsWagiRoute() throws Exception {
        JsonNode quote = post("/api/quotes", order("c-receipt", "", "DE")).body();
        String id = quote.get("id").asString();

        HttpResponse<String> page = raw("/api/quotes/" + id + "/receipt");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).contains("text/html;charset=utf-8");
        // The plugin's page never runs in the checkout's origin.
        assertThat(page.headers().firstValue("content-security-policy")).contains("sandbox");
        assertThat(page.headers().firstValue("x-content-type-options")).contains("nosniff");
        assertThat(page.body())
                .contains("<title>Receipt " + id + "</title>")
                .contains("for order <code>" + quote.get("orderId").asString() + "</code>")
                .contains("customer <code>c-receipt</code>: <strong>approved</strong>")
                .contains(
                        "<tr><td>Total</td><td class=\"amount\">"
                                + euros(quote.get("totalCents").asLong())
                                + " EUR</td></tr>");

        HttpResponse<String> text = raw("/api/quotes/" + id + "/receipt?format=text");
        assertThat(text.headers().firstValue("content-type")).contains("text/plain;charset=utf-8");
        assertThat(text.body())
                .startsWith("RECEIPT " + id + "\n")
                .contains("Tax        " + euros(quote.get("taxCents").asLong()) + " EUR\n");

        Response missing = get("/api/quotes/does-not-exist/receipt");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
    }

    private static String euros(long cents) {
        return "%d.%02d".formatted(cents / 100, cents % 100);
    }

    private HttpResponse<String> raw(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(10)
    void actuatorShowsThePluginsTheirHealthAndTheirMetrics() throws Exception {
        Response plugins = asOperator("GET", "/actuator/plugins");
        assertThat(plugins.status()).isEqualTo(200);
        assertThat(plugins.body().get("plugins").findValuesAsString("name"))
                .contains("fraud-score", "discount-rules", "shipping-rates", "tax");
        assertThat(plugins.body().get("plugins").findValuesAsString("state"))
                .containsOnly("LOADED");

        // The starter's endpoint: the policy in force and the counters since start-up.
        Response discount = asOperator("GET", "/actuator/plugins/discount-rules");
        assertThat(discount.status()).isEqualTo(200);
        assertThat(discount.body().get("hostFunctionGrants").valueStream().map(JsonNode::asString))
                .contains("wasmbox:kv/get", "wasmbox:kv/put");
        assertThat(discount.body().at("/policy/keyValue/coupons").asString())
                .startsWith("READ_WRITE");
        assertThat(discount.body().at("/plugin/limits/timeout").asString()).isEqualTo("2000ms");
        assertThat(discount.body().at("/counters/calls").asLong()).isPositive();

        // Granted on the rates API's own port, which existed only once the web server had
        // started; not the port that serves quotes.
        Response shipping = asOperator("GET", "/actuator/plugins/shipping-rates");
        assertThat(ratesApi.localPort()).isPositive().isNotEqualTo(port);
        assertThat(shipping.body().at("/policy/outbound/0").asString())
                .isEqualTo("http://127.0.0.1:" + ratesApi.localPort());

        Response health = asOperator("GET", "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().at("/components/plugins/status").asString()).isEqualTo("UP");

        Response snoop = asOperator("GET", "/actuator/plugins/secret-snoop");
        assertThat(snoop.body().at("/counters/denials").asLong()).isPositive();
        assertThat(snoop.body().at("/counters/outcomes/denied").asLong()).isPositive();

        Response denials =
                asOperator(
                        "GET", "/actuator/metrics/wasmbox.policy.denials?tag=plugin:exfiltrator");
        assertThat(denials.status()).isEqualTo(200);
        assertThat(denials.body().at("/measurements/0/value").asDouble()).isPositive();
        assertThat(denials.body().at("/availableTags").findValuesAsString("tag"))
                .contains("capability");

        Response stopped =
                asOperator(
                        "GET",
                        "/actuator/metrics/wasmbox.plugin.calls?tag=plugin:panic-storm&tag=outcome:trap");
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().at("/measurements/0/value").asDouble()).isPositive();

        Response calls = asOperator("GET", "/actuator/metrics/wasmbox.plugin.calls?tag=plugin:tax");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.body().at("/measurements/0/value").asDouble()).isPositive();
    }

    @Test
    @Order(11)
    void managementNeedsTheOperatorsLoginWhileHealthStatusStaysPublic() throws Exception {
        String changedAt =
                asOperator("GET", "/actuator/plugins/fraud-score")
                        .body()
                        .get("changedAt")
                        .asString();

        // Anyone else: no plugin list, no policies, no reload, no metrics.
        assertThat(get("/actuator/plugins").status()).isEqualTo(401);
        assertThat(get("/actuator/plugins/fraud-score").status()).isEqualTo(401);
        assertThat(get("/actuator/metrics/wasmbox.plugin.calls").status()).isEqualTo(401);
        Response anonymousReload = post("/actuator/plugins/fraud-score", "");
        assertThat(anonymousReload.status()).isEqualTo(401);
        String wrong =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString("operator:guess".getBytes(StandardCharsets.UTF_8));
        assertThat(as(wrong, "POST", "/actuator/plugins/fraud-score").status()).isEqualTo(401);
        assertThat(
                        asOperator("GET", "/actuator/plugins/fraud-score")
                                .body()
                                .get("changedAt")
                                .asString())
                .as("no reload happened")
                .isEqualTo(changedAt);

        // Health: the status for the load balancer, nothing about the plugins.
        Response health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        assertThat(health.body().has("components")).isFalse();
        assertThat(get("/actuator/health/plugins").body().has("details")).isFalse();

        // The operator may reload.
        Response reload = asOperator("POST", "/actuator/plugins/fraud-score");
        assertThat(reload.status()).isEqualTo(200);
        assertThat(reload.body().get("reloaded").asBoolean()).isTrue();
    }

    private long rows(String table, String quoteId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE quote_id = :id")
                .param("id", quoteId)
                .query(Long.class)
                .single();
    }
}
