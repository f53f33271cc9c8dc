/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.LearnedPolicy;
import io.github.wasmbox.sandbox.record.PolicyLearner;
import io.github.wasmbox.sandbox.record.RecordSink;
import io.github.wasmbox.sandbox.record.Recording;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Learns the sample business app's vendor policies from recorded calls and checks that each is no
 * broader than the vendor's hand-written policy in the sample's {@code application.yaml}, and that
 * the policy module reads the learned YAML back to the same policy.
 */
class LearnTest {
    private static final Path SAMPLE_CONFIG =
            Path.of("..", "sample-business-app", "src", "main", "resources", "application.yaml");

    /** The vendors and the input each is called with. */
    private static final Map<String, String> VENDORS =
            Map.of(
                    "fraud-score", "score",
                    "discount-rules", "quote",
                    "shipping-rates", "rates",
                    "tax", "_start");

    private static final List<String> INPUTS =
            List.of(
                    "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"couponCode\":\"WELCOME10\","
                            + "\"shippingAddress\":{\"country\":\"FR\",\"postalCode\":\"75001\"},"
                            + "\"items\":[{\"sku\":\"A\",\"quantity\":12,\"unitPriceCents\":2500,"
                            + "\"category\":\"books\"}]}",
                    "{\"orderId\":\"o-2\",\"customerId\":\"c-2\",\"shippingAddress\":"
                            + "{\"country\":\"DE\",\"postalCode\":\"10115\"},\"items\":[{\"sku\":"
                            + "\"B-1\",\"quantity\":2,\"unitPriceCents\":1999,\"weightGrams\":300,"
                            + "\"category\":\"books\"}]}");

    @BeforeAll
    static void start() throws Exception {
        RecordReplayTest.ratesApi();
    }

    @AfterAll
    static void stop() {
        RecordReplayTest.stop();
    }

    /** The vendor's grants as the sample app writes them, read with the policy module. */
    private static PluginPolicy handWritten(String vendor) throws Exception {
        String port = Integer.toString(URI.create(RecordReplayTest.origin()).getPort());
        String yaml = Files.readString(SAMPLE_CONFIG).replace("${local.rates-api.port}", port);
        JsonNode plugin = new YAMLMapper().readTree(yaml).at("/wasmbox/plugins/" + vendor);
        JsonNode grants = plugin.get("grants");
        String policy =
                grants == null
                        ? "grants: {}\n"
                        : new YAMLMapper().writeValueAsString(Map.of("grants", grants));
        return PolicyFiles.parsePolicy(policy, PolicyFiles.Format.YAML).toBuilder()
                .limits(Limits.defaults().toBuilder().timeout(Duration.ofSeconds(30)).build())
                .build();
    }

    @Test
    void learnedVendorPoliciesAreNoBroaderThanTheHandWrittenOnes(@TempDir Path records)
            throws Exception {
        PluginRuntime.Builder builder = RecordReplayTest.capabilities();
        VENDORS.keySet()
                .forEach(
                        v ->
                                builder.record(
                                        v, Recording.to(RecordSink.jsonLines(records)).build()));
        try (PluginRuntime runtime = builder.build()) {
            for (Map.Entry<String, String> vendor : VENDORS.entrySet()) {
                Plugin plugin =
                        runtime.load(
                                vendor.getKey(),
                                PluginSource.path(
                                        RecordReplayTest.DIST.resolve(vendor.getKey() + ".wasm")),
                                handWritten(vendor.getKey()));
                for (String input : INPUTS) {
                    plugin.invoke(vendor.getValue(), input.getBytes(StandardCharsets.UTF_8));
                }
            }
        }

        for (String vendor : VENDORS.keySet()) {
            PluginPolicy current = handWritten(vendor);
            List<CallRecord> recorded = CallRecord.readAll(records.resolve(vendor + ".jsonl"));
            assertThat(recorded).as(vendor).hasSize(INPUTS.size()).allMatch(CallRecord::succeeded);

            LearnedPolicy learned = PolicyLearner.learn(recorded, current);
            PluginPolicy policy = learned.policy();

            assertThat(PolicyFiles.parsePolicy(learned.yaml(), PolicyFiles.Format.YAML))
                    .as(vendor + " round trip")
                    .isEqualTo(policy);
            policy.hostFunctionGrants()
                    .forEach(
                            g ->
                                    assertThat(
                                                    current.allowsHostFunction(
                                                            g.module(), g.functionGlob()))
                                            .as(vendor + " " + g)
                                            .isTrue());
            policy.keyValueNamespaces()
                    .forEach(
                            (namespace, access) -> {
                                KeyValueAccess granted =
                                        current.keyValueNamespaces().get(namespace);
                                assertThat(granted).as(vendor + " kv " + namespace).isNotNull();
                                assertThat(!access.allowsWrite() || granted.allowsWrite()).isTrue();
                            });
            policy.outbound()
                    .forEach(
                            g ->
                                    assertThat(current.allowsOutbound(URI.create(g.toString())))
                                            .as(vendor + " " + g)
                                            .isTrue());
            assertThat(current.config().keySet()).containsAll(policy.config().keySet());
            assertThat(policy.limits().fuel())
                    .isGreaterThan(
                            recorded.stream().mapToLong(CallRecord::fuel).max().orElseThrow())
                    .isLessThan(current.limits().fuel());
        }
    }

    @Test
    void grantsTheCallsNeverUsedAreFlagged(@TempDir Path records) throws Exception {
        PluginPolicy broad =
                RecordReplayTest.everything().toBuilder()
                        .allowKeyValue("unused-namespace", KeyValueAccess.READ)
                        .build();
        try (PluginRuntime runtime =
                RecordReplayTest.capabilities()
                        .record("fraud-score", Recording.to(RecordSink.jsonLines(records)).build())
                        .build()) {
            runtime.load(
                            "fraud-score",
                            PluginSource.path(RecordReplayTest.DIST.resolve("fraud-score.wasm")),
                            broad)
                    .invoke("score", RecordReplayTest.ORDER.getBytes(StandardCharsets.UTF_8));
        }

        LearnedPolicy learned =
                PolicyLearner.learn(
                        CallRecord.readAll(records.resolve("fraud-score.jsonl")), broad);

        assertThat(learned.policy().hostFunctionGrants())
                .extracting(Object::toString)
                .containsExactly("wasmbox:clock/now_millis", "wasmbox:log/write");
        assertThat(learned.unusedGrants())
                .contains(
                        "host-functions: wasmbox:kv/*",
                        "host-functions: wasmbox:http/*",
                        "key-value: unused-namespace",
                        "key-value: coupons",
                        "config: api_key")
                .noneMatch(g -> g.contains("clock") || g.contains("log"));
    }
}
