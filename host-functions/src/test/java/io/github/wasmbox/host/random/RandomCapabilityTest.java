/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.RandomPolicy;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RandomCapabilityTest {
    private final RandomCapability random = new RandomCapability();
    private final PluginPolicy seeded = TestPolicy.policy().random(RandomPolicy.seeded(42)).build();

    private byte[] fill(FakeHostCall call, int len) {
        int ptr = call.put(new byte[len]);
        assertThat(random.fill(call, ptr, len)).isZero();
        return call.read(ptr, len);
    }

    private FakeHostCall seededCall(long callId) {
        return new FakeHostCall(seeded, new CallContext("p", "f", callId, Map.of()));
    }

    @Test
    void seededIsReproduciblePerCallAndContinuesWithinACall() {
        FakeHostCall first = seededCall(1);
        byte[] a1 = fill(first, 16);
        byte[] a2 = fill(first, 16);
        FakeHostCall second = seededCall(2);
        byte[] b1 = fill(second, 16);
        byte[] b2 = fill(second, 16);

        assertThat(b1).isEqualTo(a1);
        assertThat(b2).isEqualTo(a2);
        assertThat(a2).isNotEqualTo(a1);
    }

    @Test
    void secureFillsTheBuffer() {
        FakeHostCall call = new FakeHostCall(TestPolicy.policy().build());
        byte[] one = fill(call, 32);
        byte[] two = fill(call, 32);
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void eachByteFilledIsChargedLikeWasiRandomGet() {
        FakeHostCall call = new FakeHostCall(TestPolicy.policy().build());
        fill(call, 1000);
        assertThat(call.charged()).isEqualTo(64_000);
    }

    @Test
    void oversizedIsTooLargeAndBadRangesTrap() {
        FakeHostCall call =
                new FakeHostCall(
                        TestPolicy.policy()
                                .limits(Limits.builder().maxHostResultBytes(1024).build())
                                .build());
        assertThat(random.fill(call, 16, 2048)).isEqualTo(-5);
        assertThat(call.charged()).isZero();
        assertThat(call.pendingText()).contains("max-host-result");
        assertThatThrownBy(() -> random.fill(call, 65_000, 1000))
                .isInstanceOf(GuestMemoryException.class);
        assertThatThrownBy(() -> random.fill(call, 16, -1))
                .isInstanceOf(GuestMemoryException.class);
    }
}
