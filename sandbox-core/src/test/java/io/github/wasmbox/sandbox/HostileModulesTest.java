/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each test loads a module written to break one limit, shows the attack is stopped with the right
 * exception, and shows the host is intact: a benign plugin still answers afterwards.
 */
class HostileModulesTest {
    private final PluginRuntime runtime = PluginRuntime.builder().build();
    private final Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());

    @AfterEach
    void hostStillServes() {
        assertThat(echo.call("echo", "alive".getBytes(UTF_8))).asString(UTF_8).isEqualTo("alive");
        runtime.close();
    }

    private Plugin hostile(PluginPolicy policy) {
        return runtime.load("hostile", Fixtures.source("hostile"), policy);
    }

    private Plugin hostile() {
        return hostile(Fixtures.relaxed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"spin", "spin_br_if", "sleep"})
    void endlessGuestsAndBlockingWasiCallsEndAtTheDeadline(String function) {
        Plugin plugin =
                hostile(
                        Fixtures.limits(
                                l -> l.timeout(Duration.ofMillis(300)).fuel(1_000_000_000_000L)));

        assertThatThrownBy(() -> plugin.call(function, new byte[0]))
                .isInstanceOf(PluginTimeoutException.class)
                .hasMessageContaining("timed out after 300 ms")
                .hasMessageContaining("limits.timeout");
    }

    @Test
    void anEndlessStartFunctionIsStoppedByTheSameDeadline() {
        Plugin plugin =
                runtime.load(
                        "start-loop",
                        Fixtures.source("start_loop"),
                        Fixtures.limits(
                                l ->
                                        l.timeout(Duration.ofMillis(200))
                                                .instantiationFuel(1_000_000_000_000L)));

        assertThatThrownBy(() -> plugin.call("run", new byte[0]))
                .isInstanceOf(PluginTimeoutException.class);
    }

    @Test
    void deepRecursionStopsAsStackBeforeItTakesTheCallersStack() {
        Plugin plugin = hostile(Fixtures.limits(l -> l.stackSizeBytes(256 * 1024)));

        assertThatThrownBy(() -> plugin.call("recurse", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.STACK))
                .hasMessageContaining("overflowed its 262144-byte call stack");
    }

    @Test
    void memoryGrowthStopsAtThePolicyCap() {
        Plugin plugin = hostile(Fixtures.limits(l -> l.maxMemoryBytes(1 << 20)));

        assertThatThrownBy(() -> plugin.invoke("grow", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource()).isEqualTo(Resource.MEMORY);
                            assertThat(e.limit()).isEqualTo(1 << 20);
                            assertThat(e.attempted()).isEqualTo(1 << 20);
                        });
    }

    @Test
    void aHugeDeclaredMemoryIsRejectedAtLoadNotShrunk() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "huge", Fixtures.source("huge_memory"), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("initial memory of 67108864 bytes (1024 pages)")
                .hasMessageContaining("max-memory of 16777216 bytes");
    }

    @Test
    void gatedFeaturesAreRejectedUnlessThePolicyEnablesThem() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "mm", Fixtures.source("two_memories"), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining(
                        "uses Wasm features its policy does not enable: multi-memory");
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "shared",
                                        Fixtures.source("shared_memory"),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("does not enable: threads");
        Plugin allowed =
                runtime.load(
                        "mm-ok",
                        Fixtures.source("two_memories"),
                        Fixtures.relaxed().toBuilder().enable(WasmFeature.MULTI_MEMORY).build());
        assertThat(allowed.call("run", new byte[0])).isEmpty();
    }

    @Test
    void simdIsRefusedEvenWhenEnabledBecauseTheEngineCannotRunIt() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "simd",
                                        Fixtures.source("simd"),
                                        PluginPolicy.builder().enable(WasmFeature.SIMD).build()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("uses SIMD (v128), which this runtime cannot execute");
    }

    @Test
    void tablesAreCapped() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "table", Fixtures.source("huge_table"), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("table of 10000000 elements");

        Plugin plugin = hostile(Fixtures.limits(l -> l.maxTableElements(5_000)));
        byte[] size = plugin.call("table_grow", new byte[0]);

        assertThat(ByteBuffer.wrap(size).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(4_001);
    }

    @Test
    void outOfBoundsAccessTraps() {
        Plugin plugin = hostile();

        assertThatThrownBy(() -> plugin.call("out_of_bounds", new byte[0]))
                .isInstanceOf(PluginTrapException.class)
                .hasMessageContaining("trapped");
    }

    @Test
    void aTrappedInstanceIsNeverReused() {
        Plugin stateful =
                runtime.load(
                        "stateful",
                        Fixtures.source("echo"),
                        Fixtures.limits(l -> l.stateMode(StateMode.STATEFUL).poolSize(1)));

        assertThat(stateful.call("counter", new byte[0])).containsExactly(1);
        assertThat(stateful.call("counter", new byte[0])).containsExactly(2);
        assertThatThrownBy(() -> stateful.call("count_then_trap", new byte[0]))
                .isInstanceOf(PluginTrapException.class);
        assertThat(stateful.call("counter", new byte[0])).containsExactly(1);
    }

    @Test
    void pristineModeGivesEveryCallAFreshInstance() {
        assertThat(echo.call("counter", new byte[0])).containsExactly(1);
        assertThat(echo.call("counter", new byte[0])).containsExactly(1);
    }

    @Test
    void procExitMidCallEndsTheCallAndTheInstance() {
        Plugin plugin = hostile();

        assertThatThrownBy(() -> plugin.call("exit", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginFailedException.class, e -> assertThat(e.code()).isEqualTo(3));
    }

    @Test
    void outputFloodsHitTheirCaps() {
        Plugin plugin =
                hostile(
                        Fixtures.limits(
                                l ->
                                        l.maxOutputBytes(1024)
                                                .maxStdoutBytes(8192)
                                                .timeout(Duration.ofSeconds(5))));

        assertThatThrownBy(() -> plugin.call("output_flood", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource()).isEqualTo(Resource.OUTPUT);
                            assertThat(e.limit()).isEqualTo(1024);
                            assertThat(e.attempted()).isEqualTo(60_000);
                        });
        assertThatThrownBy(() -> plugin.call("stdout_flood", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.OUTPUT))
                .hasMessageContaining("stdout cap of 8192 bytes");
    }

    @Test
    void aGiantFdWriteIsRefusedBeforeTheHostAllocates() {
        Plugin plugin = hostile();

        assertThatThrownBy(() -> plugin.call("stdout_giant", new byte[0]))
                .isInstanceOf(PluginTrapException.class)
                .hasMessageContaining("lies outside its 65536-byte memory");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bad_input_read",
                "bad_output_write",
                "bad_error_write",
                "bad_result_read",
                "bad_fd_write"
            })
    void badPointersToTheAbiTrapTheGuest(String function) {
        Plugin plugin = hostile();

        assertThatThrownBy(() -> plugin.call(function, "some input".getBytes(UTF_8)))
                .isInstanceOf(PluginTrapException.class)
                .hasMessageContaining("outside its 65536-byte memory");
    }

    @Test
    void inputIsCapped() {
        Plugin plugin = hostile(Fixtures.limits(l -> l.maxInputBytes(16)));

        assertThatThrownBy(() -> plugin.call("spin", new byte[17]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.INPUT))
                .hasMessageContaining("over the policy's limit of 16 bytes")
                .hasMessageContaining("limits.max-input");
    }

    /**
     * A core function imported with another signature would read arguments that are not there; the
     * loader refuses the module and names the ABI's signature.
     */
    @Test
    void coreImportsWithAnotherSignatureAreRefusedAtLoad() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "misfit",
                                        Fixtures.source("core_signature"),
                                        Fixtures.relaxed()))
                .isInstanceOfSatisfying(
                        PluginLinkException.class,
                        e ->
                                assertThat(e.violations())
                                        .containsExactlyInAnyOrder(
                                                "import wasmbox/input_length has a signature other"
                                                        + " than the host's [] -> [I32]; rebuild"
                                                        + " the plugin against ABI v1",
                                                "import wasmbox/output_write has a signature other"
                                                        + " than the host's [I32, I32] -> [];"
                                                        + " rebuild the plugin against ABI v1"));
    }

    @Test
    void everyUngrantedImportIsReportedAtOnce() {
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "greedy", Fixtures.source("ungranted"), Fixtures.relaxed()))
                .isInstanceOfSatisfying(
                        PluginLinkException.class,
                        e ->
                                assertThat(e.violations())
                                        .containsExactlyInAnyOrder(
                                                "import env/memory is a memory; the host provides"
                                                        + " only functions, so rebuild the plugin"
                                                        + " without it",
                                                "import wasmbox:kv/get is not granted; add"
                                                        + " 'wasmbox:kv/get' to"
                                                        + " grants.host-functions or remove the"
                                                        + " import",
                                                "import wasmbox:kv/get is provided by no host"
                                                        + " module; register a host module that"
                                                        + " provides it or rebuild the plugin"
                                                        + " without it",
                                                "import wasmbox:http/request is not granted; add"
                                                        + " 'wasmbox:http/request' to"
                                                        + " grants.host-functions or remove the"
                                                        + " import",
                                                "import wasmbox:http/request is provided by no"
                                                        + " host module; register a host module"
                                                        + " that provides it or rebuild the"
                                                        + " plugin without it"))
                .hasMessageContaining("cannot be linked: 5 violation(s)")
                .hasMessageContaining("limits: ");
    }

    @Test
    void declaredCountBombsFailFastWithoutAllocating() {
        byte[] hugeTypeCount = bytes("0061736d01000000 0105ffffffff0f");
        // One function declaring 100 million i32 locals: plain Endive spends tens of seconds.
        byte[] localsBomb =
                bytes("0061736d01000000 010401600000 03020100 0a09 01 07 01 80c2d72f 7f 0b");

        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "types",
                                        PluginSource.bytes(hugeTypeCount),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("type section");
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "locals",
                                        PluginSource.bytes(localsBomb),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("100000000");
    }

    private static byte[] bytes(String hex) {
        return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void malformedAndTruncatedModulesFailToLoadCleanly() {
        byte[] valid = Fixtures.wasm("hostile");
        for (int length : new int[] {0, 3, 4, 9, 20, valid.length / 2, valid.length - 1}) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(
                            () ->
                                    runtime.load(
                                            "t" + length,
                                            PluginSource.bytes(truncated),
                                            Fixtures.relaxed()))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(PluginLoadException.class);
        }
        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "text",
                                        PluginSource.bytes("not wasm at all".getBytes(UTF_8)),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("is not a valid WebAssembly module");
    }
}
