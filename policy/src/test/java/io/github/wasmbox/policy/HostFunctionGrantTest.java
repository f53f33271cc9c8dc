/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostFunctionGrantTest {

    @Test
    void parsesModuleAndGlob() {
        HostFunctionGrant grant = HostFunctionGrant.parse("wasmbox:kv/get");
        assertThat(grant.module()).isEqualTo("wasmbox:kv");
        assertThat(grant.functionGlob()).isEqualTo("get");
        assertThat(grant)
                .hasToString("wasmbox:kv/get")
                .isEqualTo(HostFunctionGrant.of("wasmbox:kv", "get"));
        assertThat(HostFunctionGrant.parse("wasi:http/types/get").module())
                .isEqualTo("wasi:http/types");
    }

    @Test
    void matchesGlobsOnTheFunctionNameOnly() {
        HostFunctionGrant all = HostFunctionGrant.parse("wasmbox:log/*");
        assertThat(all.matches("wasmbox:log", "write")).isTrue();
        assertThat(all.matches("wasmbox:log", "")).isTrue();
        assertThat(all.matches("wasmbox:logx", "write")).isFalse();
        assertThat(all.matches("wasmbox:kv", "write")).isFalse();

        HostFunctionGrant prefix = HostFunctionGrant.parse("wasmbox:kv/get*");
        assertThat(prefix.matches("wasmbox:kv", "get")).isTrue();
        assertThat(prefix.matches("wasmbox:kv", "get_many")).isTrue();
        assertThat(prefix.matches("wasmbox:kv", "put")).isFalse();

        HostFunctionGrant single = HostFunctionGrant.parse("env/f?o");
        assertThat(single.matches("env", "foo")).isTrue();
        assertThat(single.matches("env", "fo")).isFalse();
        assertThat(single.matches("env", "fooo")).isFalse();

        HostFunctionGrant exact = HostFunctionGrant.parse("wasmbox:kv/get");
        assertThat(exact.matches("wasmbox:kv", "get")).isTrue();
        assertThat(exact.matches("wasmbox:kv", "gets")).isFalse();
        assertThat(HostFunctionGrant.parse("m/*a*b").matches("m", "xaxxb")).isTrue();
        assertThat(HostFunctionGrant.parse("m/*a*b").matches("m", "xaxxbc")).isFalse();
    }

    @Test
    void rejectsMalformedGrants() {
        assertThatThrownBy(() -> HostFunctionGrant.parse("*/get"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host function module must be an exact name, not a glob, but was '*'");
        assertThatThrownBy(() -> HostFunctionGrant.parse("/get"))
                .hasMessage("host function module must not be blank");
        assertThatThrownBy(() -> HostFunctionGrant.parse("wasmbox:kv/"))
                .hasMessage("host function name for module 'wasmbox:kv' must not be empty");
        assertThatThrownBy(() -> HostFunctionGrant.of(null, "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("module");
    }
}
