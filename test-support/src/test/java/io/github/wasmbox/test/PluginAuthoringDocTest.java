/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.CallResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/plugin-authoring.md §2 and §3 as a plugin author follows them: the page's plugin source is
 * plugins-rust/examples/discount (built into dist/discount.wasm), its policy file is that example's
 * discount.policy.yaml, and its JUnit test is {@link DiscountTest}, run from a working directory
 * that holds both files under the names the page uses.
 */
class PluginAuthoringDocTest {
    private static final Path ROOT = WasmboxExtensionTest.ROOT;
    private static final Path SELF =
            ROOT.resolve(
                    "test-support/src/test/java/io/github/wasmbox/test/PluginAuthoringDocTest.java");

    @Test
    void thePageQuotesThePluginItsPolicyAndThisTest() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/plugin-authoring.md"));
        Path example = ROOT.resolve("plugins-rust/examples/discount");

        assertThat(block(page, "`src/lib.rs`:\n\n```rust\n"))
                .isEqualTo(Files.readString(example.resolve("src/lib.rs")));
        assertThat(block(page, "```yaml\n# discount.policy.yaml\n"))
                .isEqualTo(Files.readString(example.resolve("discount.policy.yaml")));
        assertThat(squash(Files.readString(SELF)))
                .contains(
                        squash(
                                "class DiscountTest {"
                                        + block(page, "```java\nclass DiscountTest {")));
    }

    /** The text between {@code opening} and the closing fence. */
    private static String block(String page, String opening) {
        Matcher m =
                Pattern.compile(Pattern.quote(opening) + "(.*?)```", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("docs/plugin-authoring.md has %s", opening).isTrue();
        return m.group(1);
    }

    private static String squash(String code) {
        return code.replaceAll("\\s+", "");
    }

    @Nested
    // The page's test, as the page shows it (the imports are the only addition).
    class DiscountTest {
        @RegisterExtension
        static final WasmboxExtension discount =
                WasmboxExtension.plugin(Path.of("discount.wasm"))
                        .policy(Path.of("discount.policy.yaml"))
                        .keyValue("coupons", "used/c-2", "1");

        record Order(String customerId, long totalCents, String couponCode) {}

        record Quote(long discountCents, String currency) {}

        @Test
        void aCouponCountsOncePerCustomer() {
            Order order = new Order("c-1", 10_000, "WELCOME10");

            assertThat(discount.call("quote", order, Quote.class))
                    .isEqualTo(new Quote(1_500, "EUR"));
            assertThat(discount.call("quote", order, Quote.class).discountCents()).isEqualTo(500);
            assertThat(discount.store().get("coupons", "used/c-1")).isPresent();
            assertThat(discount.call("quote", new Order("c-2", 10_000, "WELCOME10"), Quote.class))
                    .isEqualTo(new Quote(500, "EUR"));
        }

        @Test
        void staysWithinItsBudget() {
            CallResult result =
                    discount.invoke("quote", "{\"customerId\":\"c-3\",\"totalCents\":2000}");

            WasmboxAssertions.assertThat(result)
                    .usedFuelAtMost(1_000_000)
                    .peakMemoryAtMost(1 << 20);
            WasmboxAssertions.assertThat(discount).deniedNothing();
        }
    }
}
