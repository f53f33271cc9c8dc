/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.github.wasmbox.policy.AuditFinding;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.WasmFeature;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The declarations tools show, and the audit a refused load hands them. */
class ModuleDescriptionTest {

    @Test
    void readsWhatTheModuleDeclares() {
        ModuleDescription facts = ModuleDescription.read(Fixtures.wasm("facts"));

        assertThat(facts.imports())
                .containsExactly(
                        new ModuleDescription.Import("wasmbox", "input_length", "function"),
                        new ModuleDescription.Import("env", "base", "global"),
                        new ModuleDescription.Import("env", "table", "table"));
        assertThat(facts.exports())
                .containsExactly(
                        new ModuleDescription.Export("memory", "memory"),
                        new ModuleDescription.Export("run", "function"));
        assertThat(facts.memories())
                .containsExactly(
                        new ModuleDescription.Memory(2, OptionalLong.of(16), false, false));
        assertThat(facts.tables())
                .containsExactly(
                        new ModuleDescription.Table(1, OptionalLong.empty(), true),
                        new ModuleDescription.Table(4, OptionalLong.of(8), false));
        assertThat(facts.customSections()).containsExactly("name");
        assertThat(facts.manifest()).isEmpty();
        assertThat(facts.features()).isEmpty();
        assertThat(ModuleDescription.read(Fixtures.wasm("simd")).features())
                .containsExactly(WasmFeature.SIMD);
    }

    @Test
    void rejectsBytesThatAreNoModule() {
        assertThatThrownBy(
                        () ->
                                ModuleDescription.read(
                                        "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid WebAssembly module: ");
    }

    @Test
    void aRefusedLinkCarriesItsAudit() {
        PluginPolicy logOnly = PluginPolicy.builder().allowHostFunction("wasmbox:log/*").build();
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            assertThatThrownBy(() -> runtime.load("greedy", Fixtures.source("ungranted"), logOnly))
                    .asInstanceOf(type(PluginLinkException.class))
                    .extracting(PluginLinkException::auditReport)
                    .satisfies(
                            report -> {
                                assertThat(report.errors())
                                        .extracting(AuditFinding::subject)
                                        .contains("wasmbox:kv/get", "wasmbox:http/request");
                                assertThat(report.warnings())
                                        .extracting(AuditFinding::subject)
                                        .containsExactly("wasmbox:log/*");
                            });
        }
    }
}
