/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.forAll;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample checkout service under load, in one run: a warm-up (so that the JIT has compiled the
 * app and the plugins before anything is measured); good traffic alone at 1, 4 and 16 users (the
 * baseline); 4 good users beside 2 hostile users, once per hostile vendor; then a mixed soak where
 * one request in ten picks a hostile vendor. Closed model: each user sends its next request when
 * the previous one is answered.
 *
 * <p>Assertions: no request fails (a good quote is a {@code 201}; a hostile one is stopped with its
 * documented {@code 502}, or {@code 504} for the endless loop); and a verdict after each attack
 * phase checks that the good p99 beside that vendor is at most twice the same run's baseline at the
 * same 4 users. A last verdict checks that good throughput at 16 users, twice the app's 8 Tomcat
 * workers, is at least 80 % of the best baseline phase. Gatling's assertions take fixed numbers, so
 * each verdict is a request (to the public health status) whose check computes the comparison from
 * the latencies this run recorded ({@link Latencies}); a failed verdict is a failed request.
 *
 * <p>Parameters (system properties, set by the module's pom): {@code load.warmup}, {@code
 * load.phase} and {@code load.soak} (seconds), {@code load.attacks} (the hostile vendors that get
 * an attack phase, comma-separated; all when empty), {@code load.url} (a running service; empty to
 * start the sample's jar, {@code load.jar}, with {@link CheckoutProcess}).
 */
public class CheckoutSimulation extends Simulation {
    private static final Logger LOG = LoggerFactory.getLogger(CheckoutSimulation.class);
    static final List<String> HOSTILE =
            List.of(
                    "endless-loop",
                    "output-flood",
                    "memory-hog",
                    "secret-snoop",
                    "exfiltrator",
                    "host-call-abuse",
                    "panic-storm");

    /** Tomcat workers of the started app: 16 users are twice as many. */
    static final int TOMCAT_THREADS = 8;

    static final int GOOD_USERS_UNDER_ATTACK = 4;
    static final String BASELINE = "baseline " + GOOD_USERS_UNDER_ATTACK + " users";

    private static final String ORDER =
            """
            {"customerId": "c-#{customer}",
             "customer": {"accountAgeDays": 400, "previousOrders": 12},
             "items": [
               {"sku": "BOOK-1", "quantity": 2, "unitPriceCents": 2000, "category": "books"},
               {"sku": "PEN", "quantity": 10, "unitPriceCents": 100, "weightGrams": 20}
             ],
             "couponCode": "WELCOME10",
             "shippingAddress": {"country": "DE", "postalCode": "10115"},
             "billingCountry": "DE"}
            """;

    private final Duration phase = Duration.ofSeconds(Long.getLong("load.phase", 15));
    private final Duration soak = Duration.ofSeconds(Long.getLong("load.soak", 60));
    private final Duration warmup = Duration.ofSeconds(Long.getLong("load.warmup", 30));

    /** The hostile vendors that get an attack phase of their own: all of them unless named. */
    private final List<String> attacks = attacks(System.getProperty("load.attacks", ""));

    /**
     * How many customers order, again and again: a shop's returning customers. Each one's first
     * coupon is kept by the discount vendor (one key in its namespace, whose grant holds at most
     * 10,000), so the vendor's state stays bounded however long the soak.
     */
    private final int customers = Integer.getInteger("load.customers", 5000);

    private final Latencies latencies = new Latencies();
    private final CheckoutProcess app = CheckoutProcess.fromSystemProperties(TOMCAT_THREADS);

    /** A good quote, its latency recorded under {@code phase}. */
    private ChainBuilder good(String phase) {
        return quote("good: " + phase, "", 201, 201)
                .exec(
                        session -> {
                            latencies.record(phase, session.getInt("latency"));
                            return session;
                        });
    }

    /** A quote with a hostile vendor swapped in: stopped with 502 (or 504 at its deadline). */
    private ChainBuilder hostile(String vendor) {
        return quote("hostile: " + vendor, "?vendor=" + vendor, 502, 504);
    }

    private ChainBuilder quote(String name, String query, int status, int orStatus) {
        return exec(session ->
                        session.set("customer", ThreadLocalRandom.current().nextInt(customers)))
                .exec(
                        http(name)
                                .post("/api/quotes" + query)
                                .header("content-type", "application/json")
                                .body(StringBody(ORDER))
                                .check(status().in(status, orStatus))
                                .check(responseTimeInMillis().saveAs("latency")));
    }

    /** A request whose check is {@code verdict}: it fails when the verdict is false. */
    private ChainBuilder verdict(String name, BooleanSupplier verdict) {
        return exec(
                http("verdict: " + name)
                        .get("/actuator/health")
                        .check(status().transform(code -> verdict.getAsBoolean()).is(true)));
    }

    /** One request in ten with a hostile vendor (each as likely), the others good. */
    private ChainBuilder mixed(String phase) {
        List<Choice.WithWeight> mix = new ArrayList<>();
        mix.add(new Choice.WithWeight(90.0, good(phase)));
        for (String vendor : HOSTILE) {
            mix.add(new Choice.WithWeight(10.0 / HOSTILE.size(), hostile(vendor)));
        }
        return randomSwitch().on(mix);
    }

    private PopulationBuilder good(String phase, int users, Duration during) {
        return scenario("good, " + phase)
                .exec(good(phase))
                .injectClosed(constantConcurrentUsers(users).during(during));
    }

    {
        HttpProtocolBuilder protocol =
                http.baseUrl(app.baseUrl()).shareConnections().disableCaching();

        List<PopulationBuilder> phases = new ArrayList<>();
        for (int users : new int[] {1, GOOD_USERS_UNDER_ATTACK, 16}) {
            String name = "baseline " + users + " users";
            phases.add(good(name, users, phase));
            latencies.lasts(name, phase);
        }
        for (String vendor : attacks) {
            String name = "beside " + vendor;
            latencies.lasts(name, phase);
            phases.add(
                    good(name, GOOD_USERS_UNDER_ATTACK, phase)
                            .andThen(
                                    scenario("verdict, " + name)
                                            .exec(
                                                    verdict(
                                                            "good p99 beside "
                                                                    + vendor
                                                                    + " <= 2x baseline",
                                                            () ->
                                                                    latencies.p99(name)
                                                                            <= 2
                                                                                    * latencies.p99(
                                                                                            BASELINE)))
                                            .injectOpen(atOnceUsers(1))));
            phases.add(
                    scenario("hostile, " + vendor)
                            .exec(hostile(vendor))
                            .injectClosed(constantConcurrentUsers(2).during(phase)));
        }

        latencies.lasts("warm-up", warmup);
        latencies.lasts("soak", soak);
        PopulationBuilder warmUp =
                scenario("warm-up, 10% hostile")
                        .exec(mixed("warm-up"))
                        .injectClosed(constantConcurrentUsers(4).during(warmup));
        PopulationBuilder soakPhase =
                scenario("soak, 10% hostile")
                        .exec(mixed("soak"))
                        .injectClosed(constantConcurrentUsers(8).during(soak));
        PopulationBuilder throughput =
                scenario("verdict, throughput")
                        .exec(
                                verdict(
                                        "throughput at 16 users >= 80% of peak",
                                        () ->
                                                latencies.throughput("baseline 16 users")
                                                        >= 0.8
                                                                * Math.max(
                                                                        latencies.throughput(
                                                                                "baseline 1 users"),
                                                                        latencies.throughput(
                                                                                BASELINE))))
                        .injectOpen(atOnceUsers(1));

        // One phase after the other: the baselines, then each attack (good users beside hostile
        // ones, started together), then the throughput verdict and the soak. andThen starts all
        // its arguments together once the receiver is done, so the chain is built from its end.
        List<PopulationBuilder> next = List.of(throughput.andThen(soakPhase));
        for (int i = phases.size() - 2; i >= 3; i -= 2) {
            // The next phase follows the good users, which run as long as the attackers.
            next = List.of(phases.get(i).andThen(next), phases.get(i + 1));
        }
        PopulationBuilder run =
                warmUp.andThen(
                        phases.get(0).andThen(phases.get(1).andThen(phases.get(2).andThen(next))));

        setUp(run)
                .protocols(protocol)
                .assertions(
                        forAll().failedRequests().count().is(0L),
                        details("verdict: throughput at 16 users >= 80% of peak")
                                .failedRequests()
                                .count()
                                .is(0L));
    }

    private static List<String> attacks(String names) {
        if (names.isBlank()) {
            return HOSTILE;
        }
        List<String> chosen = List.of(names.trim().split("\\s*,\\s*"));
        for (String name : chosen) {
            if (!HOSTILE.contains(name)) {
                throw new IllegalArgumentException(
                        "load.attacks names '"
                                + name
                                + "', which is not a hostile vendor; pick from "
                                + String.join(", ", HOSTILE));
            }
        }
        return chosen;
    }

    @Override
    public void before() {
        app.start();
    }

    @Override
    public void after() {
        LOG.info("{}", latencies.summary());
        app.stop();
    }
}
