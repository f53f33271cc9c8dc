/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.PluginFailedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension against the repository's plugins: fakes, per-test state, assertions. */
class WasmboxExtensionTest {
    /** The checkout; tests run in target/plugin-authoring (see PluginAuthoringDocTest). */
    static final Path ROOT = Path.of(System.getProperty("repository.root"));

    static final Path DIST = ROOT.resolve("plugins-rust/dist");
    static final Path POLICIES = ROOT.resolve("test-support/src/test/resources/policies");
    static final String ORDER =
            "{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"couponCode\":\"WELCOME10\","
                    + "\"shippingAddress\":{\"country\":\"DE\",\"postalCode\":\"10115\"},"
                    + "\"items\":[{\"sku\":\"B\",\"quantity\":2,\"unitPriceCents\":2000}]}";

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class KeyValueAndDenials {
        @RegisterExtension
        final WasmboxExtension discount =
                WasmboxExtension.plugin(DIST.resolve("discount-rules.wasm"))
                        .policy(
                                PluginPolicy.builder()
                                        .allowHostFunction("wasmbox:config/get")
                                        .allowHostFunction("wasmbox:kv/*")
                                        .allowHostFunction("wasmbox:log/write")
                                        .allowKeyValue(
                                                "coupons",
                                                io.github.wasmbox.policy.KeyValueAccess.READ_WRITE)
                                        .build())
                        .config("currency", "EUR")
                        .keyValue("coupons", "uses/WELCOME10/c-9", "1");

        @Test
        @Order(1)
        void writesLandInTheStore() {
            CallResult quote = discount.invoke("quote", ORDER);

            assertThat(quote.outputAsString()).contains("\"rule\":\"coupon:WELCOME10\"");
            assertThat(discount.store().get("coupons", "uses/WELCOME10/c-1"))
                    .hasValueSatisfying(
                            v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("1"));
            WasmboxAssertions.assertThat(discount).deniedNothing();
        }

        @Test
        @Order(2)
        void eachTestStartsFromTheSeededStore() {
            assertThat(discount.store().get("coupons", "uses/WELCOME10/c-1")).isEmpty();
            assertThat(discount.invoke("quote", ORDER.replace("c-1", "c-9")).outputAsString())
                    .contains("coupon already used by this customer");
        }
    }

    @Nested
    class ReadOnlyNamespace {
        @RegisterExtension
        final WasmboxExtension discount =
                WasmboxExtension.plugin(DIST.resolve("discount-rules.wasm"))
                        .policy(POLICIES.resolve("discount-rules-read-only.yaml"));

        @Test
        void aWriteIsDeniedAndRecorded() {
            assertThatThrownBy(() -> discount.invoke("quote", ORDER))
                    .isInstanceOf(PluginFailedException.class)
                    .hasMessageContaining("read-only");

            WasmboxAssertions.assertThat(discount).denied("wasmbox:kv", "coupons");
            assertThatThrownBy(() -> WasmboxAssertions.assertThat(discount).deniedNothing())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("wasmbox:kv namespace coupons (read-only)");
        }
    }

    @Nested
    class Http {
        @RegisterExtension
        static final WasmboxExtension shipping =
                WasmboxExtension.plugin(DIST.resolve("shipping-rates.wasm"))
                        .policy(POLICIES.resolve("shipping-rates.yaml"))
                        .httpAnswer(
                                "POST",
                                "https://rates.test/v1",
                                200,
                                "{\"options\":[{\"carrier\":\"dhl\",\"service\":\"std\","
                                        + "\"priceCents\":490,\"days\":2}]}");

        @Test
        void answersFromTheTable() {
            CallResult rates = shipping.invoke("rates", ORDER);

            assertThat(rates.outputAsString()).contains("\"carrier\":\"dhl\"").contains("490");
            assertThat(shipping.httpRequests())
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.method()).isEqualTo("POST");
                                assertThat(r.body()).contains("\"country\":\"DE\"");
                            });
            WasmboxAssertions.assertThat(rates).usedFuelAtMost(50_000_000);
        }
    }

    @Nested
    class UngrantedHttp {
        @RegisterExtension
        final WasmboxExtension shipping =
                WasmboxExtension.plugin(DIST.resolve("shipping-rates.wasm"))
                        .policy(POLICIES.resolve("shipping-rates.yaml"))
                        .config("rates_url", "https://evil.test/steal")
                        .httpAnswer("POST", "https://evil.test/steal", 200, "{}");

        @Test
        void isDeniedBeforeTheTableIsAsked() {
            assertThatThrownBy(() -> shipping.invoke("rates", ORDER))
                    .isInstanceOf(PluginFailedException.class)
                    .hasMessageContaining("denied");

            WasmboxAssertions.assertThat(shipping).denied("wasmbox:http", "https://evil.test");
        }
    }

    @Nested
    class Assertions {
        @RegisterExtension
        final WasmboxExtension echo = WasmboxExtension.plugin(DIST.resolve("echo.wasm"));

        @Test
        void onOutputFuelAndMemory() {
            CallResult result = echo.invoke("echo", "hello");

            WasmboxAssertions.assertThat(result)
                    .hasOutput("hello")
                    .usedFuelAtMost(result.fuelConsumed())
                    .peakMemoryAtMost(128 << 10);
            assertThatThrownBy(() -> WasmboxAssertions.assertThat(result).hasOutput("bye"))
                    .hasMessage("Expected output <bye> but was <hello>");
            assertThatThrownBy(
                            () ->
                                    WasmboxAssertions.assertThat(result)
                                            .usedFuelAtMost(result.fuelConsumed() - 1))
                    .hasMessageContaining("at most " + (result.fuelConsumed() - 1) + " fuel");
            assertThatThrownBy(() -> WasmboxAssertions.assertThat(result).peakMemoryAtMost(1))
                    .hasMessageContaining("peak memory of at most 1 bytes");
        }

        @Test
        void theTimeoutIsRaisedForColdJvmsAndNothingElseChanges() {
            assertThat(echo.plugin().policy().limits().timeout())
                    .isEqualTo(Duration.ofSeconds(WasmboxExtension.MIN_TIMEOUT_SECONDS));
            assertThat(echo.plugin().policy().limits().fuel())
                    .isEqualTo(PluginPolicy.denyAll().limits().fuel());
            assertThat(echo.plugin().policy().hostFunctionGrants()).isEmpty();
        }
    }
}
