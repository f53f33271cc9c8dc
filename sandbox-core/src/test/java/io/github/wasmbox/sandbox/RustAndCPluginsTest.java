/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plugins built by {@code plugins-rust}, run through the runtime with their digests pinned. */
class RustAndCPluginsTest {
    private static final Path DIST = Path.of("..", "plugins-rust", "dist");

    private final PluginRuntime runtime = PluginRuntime.builder().build();

    @AfterEach
    void close() {
        runtime.close();
    }

    static PluginSource dist(String name) throws Exception {
        String digest = Files.readString(DIST.resolve(name + ".wasm.sha256")).split("\\s+")[0];
        return PluginSource.path(DIST.resolve(name + ".wasm")).sha256(digest);
    }

    @Test
    void theRustEchoPluginRoundTrips() throws Exception {
        Plugin echo = runtime.load("echo", dist("echo"), Fixtures.relaxed());

        CallResult result = echo.invoke("echo", "{\"hello\":\"wasm\"}".getBytes(UTF_8));

        assertThat(result.outputAsString()).isEqualTo("{\"hello\":\"wasm\"}");
        assertThat(result.fuelConsumed()).isPositive();
        assertThat(result.peakMemoryBytes()).isLessThanOrEqualTo(4 * 65_536);
    }

    @Test
    void theCTaxPluginRunsInCommandMode() throws Exception {
        Plugin tax = runtime.load("tax", dist("tax"), Fixtures.relaxed());
        String order =
                "{\"orderId\":\"o-1\",\"shippingAddress\":{\"country\":\"DE\"},"
                        + "\"items\":[{\"sku\":\"B-1\",\"quantity\":2,\"unitPriceCents\":1999,\"category\":\"books\"}]}";

        String out = new String(tax.call("_start", order.getBytes(UTF_8)), UTF_8);

        assertThat(out).contains("\"taxCents\":280").contains("\"grossCents\":4278");
        assertThatThrownBy(() -> tax.call("_start", "{not json".getBytes(UTF_8)))
                .isInstanceOfSatisfying(
                        PluginFailedException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(2);
                            assertThat(e.guestMessage()).isEqualTo("tax: malformed JSON");
                        });
    }

    @Test
    void aPanickingRustPluginTrapsWithItsPanicMessage() throws Exception {
        Plugin panics =
                runtime.load("panic-storm", dist("hostile-panic-storm"), Fixtures.relaxed());

        assertThatThrownBy(() -> panics.call("quote", "{}".getBytes(UTF_8)))
                .isInstanceOf(PluginTrapException.class)
                .hasMessageContaining("The plugin reported: plugin panicked at");
        // Overflowing the 64 KiB shadow stack runs the stack pointer below address 0: a trap.
        assertThatThrownBy(() -> panics.call("stack_overflow", new byte[0]))
                .isInstanceOf(PluginTrapException.class);
        assertThatThrownBy(() -> panics.call("process_exit", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginFailedException.class, e -> assertThat(e.code()).isEqualTo(42));
    }
}
