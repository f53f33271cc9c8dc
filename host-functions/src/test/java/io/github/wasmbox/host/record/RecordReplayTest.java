/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.OutboundGrant;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.HostAnswer;
import io.github.wasmbox.sandbox.record.Recording;
import io.github.wasmbox.sandbox.record.ReplayResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records every function of every plugin in {@code plugins-rust/dist} (examples and hostile ones)
 * under a policy that grants every built-in capability, reads the records back from their
 * JSON-lines files, and replays each against the same module: output, outcome, fuel and memory must
 * be reproduced.
 */
class RecordReplayTest {
    static final Path DIST = Path.of("..", "plugins-rust", "dist");
    static final String ORDER =
            "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"couponCode\":\"WELCOME10\","
                    + "\"country\":\"DE\",\"items\":["
                    + "{\"sku\":\"A\",\"quantity\":12,\"unitPriceCents\":2500,\"category\":\"books\"},"
                    + "{\"sku\":\"B\",\"quantity\":1,\"unitPriceCents\":19900}]}";

    private static HttpServer server;

    @BeforeAll
    static void ratesApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body =
                            "{\"rates\":[{\"carrier\":\"dhl\",\"cents\":499}]}"
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("content-type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every capability, every namespace and key the plugins use. */
    static PluginPolicy everything() {
        return PluginPolicy.builder()
                .limits(
                        Limits.defaults().toBuilder()
                                .fuel(200_000_000)
                                .timeout(Duration.ofSeconds(30))
                                .build())
                .allowHostFunction("wasmbox:kv", "*")
                .allowHostFunction("wasmbox:log", "*")
                .allowHostFunction("wasmbox:config", "*")
                .allowHostFunction("wasmbox:clock", "*")
                .allowHostFunction("wasmbox:random", "*")
                .allowHostFunction("wasmbox:http", "*")
                .allowKeyValue("coupons", KeyValueAccess.READ_WRITE)
                .allowKeyValue("visits", KeyValueAccess.READ_WRITE)
                .allowOutbound(OutboundGrant.privateNetwork(origin()))
                .config("currency", "EUR")
                .config("rates_url", origin() + "/rates-api/v1/rates")
                .config("api_key", "s3cr3t")
                .build();
    }

    static PluginRuntime.Builder capabilities() {
        return PluginRuntime.builder()
                .hostModules(
                        HostModules.of(
                                new KeyValueCapability(new InMemoryKeyValueStore()),
                                new LogCapability(),
                                new ConfigCapability(),
                                new ClockCapability(),
                                new RandomCapability(),
                                new HttpCapability()));
    }

    static List<Path> plugins() throws IOException {
        try (Stream<Path> files = Files.list(DIST)) {
            return files.filter(f -> f.toString().endsWith(".wasm")).sorted().toList();
        }
    }

    static String name(Path wasm) {
        String file = wasm.getFileName().toString();
        return file.substring(0, file.length() - ".wasm".length());
    }

    /** Calls every function of every plugin once, recorded into {@code records}. */
    static void recordEverything(Path records) throws IOException {
        PluginRuntime.Builder builder = capabilities();
        for (Path wasm : plugins()) {
            builder.record(
                    name(wasm),
                    Recording.to(io.github.wasmbox.sandbox.record.RecordSink.jsonLines(records))
                            .build());
        }
        try (PluginRuntime runtime = builder.build()) {
            for (Path wasm : plugins()) {
                Plugin plugin = runtime.load(name(wasm), PluginSource.path(wasm), everything());
                for (String function : plugin.functions().stream().sorted().toList()) {
                    try {
                        plugin.invoke(function, ORDER.getBytes(StandardCharsets.UTF_8));
                    } catch (PluginException expected) {
                        // hostile functions fail; the record keeps how
                    }
                }
            }
        }
    }

    @Test
    void replayReproducesEveryRecordedCallOfEveryPlugin(@TempDir Path records) throws Exception {
        recordEverything(records);

        List<CallRecord> all = new ArrayList<>();
        for (Path wasm : plugins()) {
            List<CallRecord> recorded = CallRecord.readAll(records.resolve(name(wasm) + ".jsonl"));
            assertThat(recorded).as(name(wasm)).isNotEmpty();
            all.addAll(recorded);
        }
        assertThat(all.stream().map(CallRecord::outcome).distinct())
                .contains("SUCCESS", "FAILED", "TRAP", "FUEL", "MEMORY", "STACK", "OUTPUT");
        assertThat(all.stream().flatMap(r -> r.answers().stream()).map(HostAnswer::function))
                .contains(
                        "wasmbox:kv/get",
                        "wasmbox:config/get",
                        "wasmbox:http/request",
                        "wasmbox:clock/now_millis",
                        "wasmbox:random/fill",
                        "wasi_snapshot_preview1/fd_read");

        List<String> failures = new ArrayList<>();
        int replayed = 0;
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            for (CallRecord record : all) {
                if (record.outcome().equals("TIMEOUT")) {
                    continue; // wall-clock: see docs/operations.md
                }
                ReplayResult result =
                        runtime.replay(
                                record, PluginSource.path(DIST.resolve(record.plugin() + ".wasm")));
                replayed++;
                if (!result.sameModule() || !result.reproduced()) {
                    failures.add(
                            record.plugin()
                                    + "/"
                                    + record.function()
                                    + ": "
                                    + result.differences());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(replayed).isGreaterThan(60);
    }
}
