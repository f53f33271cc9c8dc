/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import static io.github.wasmbox.test.WasmboxExtensionTest.DIST;
import static io.github.wasmbox.test.WasmboxExtensionTest.POLICIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.PluginFailedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** plugins-rust/examples/visits-c: a C plugin on wasmbox.h using kv and log in the sandbox. */
class CPluginTest {

    @Nested
    class ReadWrite {
        @RegisterExtension
        final WasmboxExtension visits =
                WasmboxExtension.plugin(DIST.resolve("visits.wasm"))
                        .policy(POLICIES.resolve("visits.yaml"))
                        .keyValue("visits", "grace", "41");

        @Test
        void countsInTheStore() {
            WasmboxAssertions.assertThat(visits.invoke("visit", "ada")).hasOutput("1");
            WasmboxAssertions.assertThat(visits.invoke("visit", "ada")).hasOutput("2");
            WasmboxAssertions.assertThat(visits.invoke("visit", "grace")).hasOutput("42");

            assertThat(visits.store().get("visits", "ada"))
                    .hasValueSatisfying(
                            v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("2"));
            WasmboxAssertions.assertThat(visits).deniedNothing();
        }

        @Test
        void checksItsInputBeforeReadingIt() {
            // 65 bytes would overflow the plugin's 65-byte buffer with its NUL: refused first.
            assertThatThrownBy(() -> visits.invoke("visit", "x".repeat(65)))
                    .isInstanceOf(PluginFailedException.class)
                    .hasMessageContaining("the input must be a name of 1 to 64 bytes");
            assertThatThrownBy(() -> visits.invoke("visit", ""))
                    .isInstanceOf(PluginFailedException.class);
            assertThatThrownBy(() -> visits.invoke("visit", "a\0b"))
                    .hasMessageContaining("must not contain NUL");
            WasmboxAssertions.assertThat(visits.invoke("visit", "y".repeat(64))).hasOutput("1");
        }
    }

    @Nested
    class ReadOnly {
        @RegisterExtension
        final WasmboxExtension visits =
                WasmboxExtension.plugin(DIST.resolve("visits.wasm"))
                        .policy(POLICIES.resolve("visits-read-only.yaml"));

        @Test
        void aWriteFailsWithTheHostsDenial() {
            assertThatThrownBy(() -> visits.invoke("visit", "ada"))
                    .isInstanceOf(PluginFailedException.class)
                    .hasMessageContaining("does not grant wasmbox:kv access to 'namespace visits");

            WasmboxAssertions.assertThat(visits).denied("wasmbox:kv", "visits");
            assertThat(visits.store().get("visits", "ada")).isEmpty();
        }
    }
}
