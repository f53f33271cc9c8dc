/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.sandbox.spi.HostFunctionHandler;
import org.junit.jupiter.api.Test;

class ConfigCapabilityTest {
    private final HostFunctionHandler get =
            HostModules.of(new ConfigCapability()).hostFunctions().get(0).handler();
    private final FakeHostCall call =
            new FakeHostCall(TestPolicy.policy().config("region", "eu-west").build());

    @Test
    void exposesGrantedEntriesOnly() {
        assertThat(get.apply(call, call.string("region"))).containsExactly(7);
        assertThat(call.pendingText()).isEqualTo("eu-west");

        assertThat(get.apply(call, call.string("java.home"))).containsExactly(-2);
        assertThat(get.apply(call, call.string("PATH"))).containsExactly(-2);
    }
}
