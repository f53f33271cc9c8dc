package com.example.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.checkout.quote.QuoteRepository;
import com.example.checkout.wasm.StagedKeyValueStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkout service end to end: the real app on a random port, real plugins from
 * plugins-rust/dist, real HTTP. One context for the whole class (the machine is small); the
 * actuator checks run last so that they see what the earlier tests did.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckoutApplicationTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort int port;
    @Autowired JsonMapper json;
    @Autowired QuoteRepository quotes;
    @Autowired StagedKeyValueStore vendorState;
    @Autowired JdbcClient jdbc;

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
        return send(
                HttpRequest.newBuilder(uri(path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
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
        assertThat(quote.get("producedBy").get("tax").get("sha256").asString())
                .isEqualTo("aa15eb926ba053fd798537c822392990545c1c12de250dc8e89b565af99eebc9");

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

    @Test
    @Order(10)
    void actuatorShowsThePluginsTheirHealthAndTheirMetrics() throws Exception {
        Response plugins = get("/actuator/plugins");
        assertThat(plugins.status()).isEqualTo(200);
        assertThat(plugins.body().get("plugins").findValuesAsString("name"))
                .contains("fraud-score", "discount-rules", "shipping-rates", "tax");
        assertThat(plugins.body().get("plugins").findValuesAsString("state"))
                .containsOnly("LOADED");

        Response discount = get("/actuator/plugins/discount-rules");
        assertThat(discount.status()).isEqualTo(200);
        assertThat(discount.body().at("/grants/keyValue/coupons").asString())
                .isEqualTo("read-write");
        assertThat(discount.body().at("/stats/calls").asLong()).isPositive();

        Response health = get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().at("/components/plugins/status").asString()).isEqualTo("UP");

        Response calls = get("/actuator/metrics/wasmbox.plugin.calls?tag=plugin:tax");
        assertThat(calls.status()).isEqualTo(200);
        assertThat(calls.body().at("/measurements/0/value").asDouble()).isPositive();
    }

    private long rows(String table, String quoteId) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE quote_id = :id")
                .param("id", quoteId)
                .query(Long.class)
                .single();
    }
}
