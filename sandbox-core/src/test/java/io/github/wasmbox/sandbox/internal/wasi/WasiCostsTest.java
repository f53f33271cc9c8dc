/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Fuel pays for the host work of WASI calls whose work grows with a count the guest chooses, and is
 * charged before the host does it ({@code wat/wasi_costs.wat}): iovecs (capped at IOV_MAX), poll
 * subscriptions and random bytes.
 */
class WasiCostsTest {
    private static final PluginRuntime runtime = PluginRuntime.builder().build();
    private static final byte[] MODULE = wasm();
    private static int loads;

    @AfterAll
    static void close() {
        runtime.close();
    }

    private static byte[] wasm() {
        try (InputStream in = WasiCostsTest.class.getResourceAsStream("/wat/wasi_costs.wasm")) {
            if (in == null) {
                throw new IllegalStateException("no fixture wasi_costs");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Plugin load(long fuel, Duration timeout) {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(
                                Limits.builder()
                                        .stateMode(StateMode.STATEFUL)
                                        .poolSize(1)
                                        .fuel(fuel)
                                        .timeout(timeout)
                                        .build())
                        .build();
        Plugin plugin = runtime.load("wasi-costs-" + ++loads, PluginSource.bytes(MODULE), policy);
        plugin.invoke("grow", new byte[0]);
        return plugin;
    }

    private static byte[] n(int n) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array();
    }

    private static int errno(CallResult result) {
        return ByteBuffer.wrap(result.output()).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    @Test
    void moreIovecsThanIovMaxFailWithEinvalAndCostNoMoreThanAnEmptyWrite() {
        Plugin plugin = load(50_000_000, Duration.ofMinutes(1));

        CallResult twoMillion = plugin.invoke("write_iovecs", n(2_000_000));
        CallResult none = plugin.invoke("write_iovecs", n(0));

        assertThat(errno(twoMillion)).isEqualTo(Errno.EINVAL);
        assertThat(errno(none)).isEqualTo(Errno.SUCCESS);
        // Refused before the host reads one iovec: the call costs what an empty write costs.
        assertThat(twoMillion.fuelConsumed()).isEqualTo(none.fuelConsumed());
        assertThat(plugin.invoke("write_iovecs", n(1)).output()).isEqualTo(n(Errno.SUCCESS));
    }

    @Test
    void iovMaxIovecsAreChargedPerIovec() {
        Plugin plugin = load(50_000_000, Duration.ofMinutes(1));

        CallResult none = plugin.invoke("write_iovecs", n(0));
        CallResult full = plugin.invoke("write_iovecs", n(WasiCosts.IOV_MAX));

        assertThat(errno(full)).isEqualTo(Errno.SUCCESS);
        assertThat(full.fuelConsumed() - none.fuelConsumed())
                .isEqualTo(WasiCosts.IOV_MAX * WasiCosts.PER_IOVEC);
    }

    @Test
    void pollSubscriptionsAreChargedPerSubscription() {
        Plugin plugin = load(50_000_000, Duration.ofMinutes(1));

        CallResult one = plugin.invoke("poll", n(1));
        CallResult many = plugin.invoke("poll", n(10_001));

        assertThat(errno(many)).isEqualTo(Errno.SUCCESS);
        assertThat(many.fuelConsumed() - one.fuelConsumed())
                .isEqualTo(10_000 * WasiCosts.PER_SUBSCRIPTION);
    }

    @Test
    void aPollTooDearForTheBudgetRunsOutOfFuelBeforeTheHostReadsIt() {
        Plugin plugin = load(400_000, Duration.ofMinutes(1));

        assertThatThrownBy(() -> plugin.invoke("poll", n(10_000)))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.FUEL));
        plugin.invoke("grow", new byte[0]); // the trapped instance was replaced
        assertThat(errno(plugin.invoke("poll", n(1)))).isEqualTo(Errno.SUCCESS);
    }

    @Test
    void randomBytesAreChargedPerByte() {
        Plugin plugin = load(50_000_000, Duration.ofMinutes(1));

        CallResult none = plugin.invoke("random", n(0));
        CallResult some = plugin.invoke("random", n(60_000));

        assertThat(errno(some)).isEqualTo(Errno.SUCCESS);
        // One unit per byte moved, as for any host call, and the cost of making the byte.
        assertThat(some.fuelConsumed() - none.fuelConsumed())
                .isEqualTo(60_000 * (1 + WasiCosts.PER_RANDOM_BYTE));
    }

    @Test
    void aLoopOfHugeIovecArraysRunsOutOfFuelNotTime() {
        // Before the cap each call walked 2,000,000 iovecs for one host call's fuel, so the
        // budget lasted far longer than the deadline.
        Plugin plugin = load(5_000_000, Duration.ofSeconds(10));

        assertThatThrownBy(() -> plugin.invoke("write_iovecs_forever", n(2_000_000)))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.FUEL));
        plugin.invoke("grow", new byte[0]); // the trapped instance was replaced
        assertThat(errno(plugin.invoke("write_iovecs", n(1)))).isEqualTo(Errno.SUCCESS);
    }
}
