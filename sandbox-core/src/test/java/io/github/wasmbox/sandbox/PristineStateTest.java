/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
import io.github.wasmbox.policy.StateMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PRISTINE calls reuse instances by resetting them; a call must still see nothing of any earlier
 * call. {@code pristine.wat}'s {@code mutate} changes memory (bytes and size), every global, table
 * slots, passive segments and the WASI side (a file created in the preopen, a descriptor left
 * open); {@code report} says what it sees.
 */
class PristineStateTest {
    private final PluginRuntime runtime = PluginRuntime.builder().build();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aFreshInstanceReportsTheModulesInitialState() {
        long[] seen = report(plugin(StateMode.PRISTINE, 1));

        assertThat(seen[1]).as("memory.size").isEqualTo(1);
        assertThat(seen[2]).as("$count").isZero();
        assertThat(seen[3]).as("$wide").isEqualTo(7);
        assertThat(Double.longBitsToDouble(seen[4])).as("$real").isEqualTo(1.5);
        assertThat(seen[5]).as("table.size").isEqualTo(4);
        assertThat(new long[] {seen[6], seen[7], seen[8]}).as("slots").containsExactly(1, 2, -1);
        assertThat(seen[9]).as("$fref").isEqualTo(1);
        assertThat(seen[10]).as("passive element").isEqualTo(3);
        assertThat(seen[11])
                .as("passive data")
                .isEqualTo(
                        ByteBuffer.wrap("passive!".getBytes(StandardCharsets.US_ASCII))
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .getLong());
        assertThat(seen[12]).as("fd 4: EBADF").isEqualTo(8);
        assertThat(seen[13]).as("state.txt: ENOENT").isEqualTo(44);
        assertThat(seen[14]).as("first data byte").isEqualTo('P');
        assertThat(seen[15]).as("last word of the first page").isZero();
    }

    @Test
    void aCallSeesNothingOfWhatEarlierCallsChanged() {
        // One instance, so every call after the first runs on a reset instance.
        Plugin plugin = plugin(StateMode.PRISTINE, 1);
        long[] fresh = report(plugin);

        for (int i = 0; i < 5; i++) {
            assertThat(plugin.call("mutate", new byte[0])).isEmpty();
            assertThat(report(plugin)).as("after mutate #%d", i + 1).containsExactly(fresh);
        }
    }

    @Test
    void theSameCallsOnAStatefulInstanceSeeTheChanges() {
        // The control: without the reset, report sees mutate's dropped segments and traps.
        Plugin plugin = plugin(StateMode.STATEFUL, 1);
        plugin.call("mutate", new byte[0]);

        assertThatThrownBy(() -> report(plugin)).isInstanceOf(PluginTrapException.class);
    }

    @Test
    void aGrownTableIsReplacedByAFreshInstance() {
        Plugin plugin = plugin(StateMode.PRISTINE, 1);
        long[] fresh = report(plugin);

        plugin.call("grow_table", new byte[0]);

        assertThat(report(plugin)).containsExactly(fresh);
    }

    @Test
    void instantiationThatReadsTheCallKeepsInstantiatingEveryCall() {
        // _initialize records the input length: a snapshot would replay the first call's.
        Plugin plugin =
                runtime.load(
                        "init-input",
                        Fixtures.source("init_input"),
                        Fixtures.limits(l -> l.poolSize(1).stateMode(StateMode.PRISTINE)));

        assertThat(seen(plugin.call("seen", new byte[3]))).isEqualTo(3);
        assertThat(seen(plugin.call("seen", new byte[7]))).isEqualTo(7);
        assertThat(seen(plugin.call("seen", new byte[0]))).isZero();
    }

    @Test
    void concurrentCallersEachSeeAPristineInstance() throws Exception {
        Plugin plugin = plugin(StateMode.PRISTINE, 3);
        long[] fresh = report(plugin);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(
                        callers.submit(
                                () -> {
                                    int clean = 0;
                                    for (int i = 0; i < 30; i++) {
                                        plugin.call("mutate", new byte[0]);
                                        if (Arrays.equals(report(plugin), fresh)) {
                                            clean++;
                                        }
                                    }
                                    return clean;
                                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(30);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private Plugin plugin(StateMode mode, int poolSize) {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(
                                Fixtures.relaxed().limits().toBuilder()
                                        .poolSize(poolSize)
                                        .acquireTimeout(Duration.ofSeconds(60))
                                        .stateMode(mode)
                                        .build())
                        .preopen(PreopenGrant.inMemory("/data").readOnly(false).build())
                        .build();
        return runtime.load("pristine-" + mode, Fixtures.source("pristine"), policy);
    }

    private static long[] report(Plugin plugin) {
        ByteBuffer out = ByteBuffer.wrap(plugin.call("report", new byte[0]));
        out.order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = out.getLong();
        }
        return values;
    }

    private static int seen(byte[] output) {
        return ByteBuffer.wrap(output).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
