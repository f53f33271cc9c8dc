/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static io.github.wasmbox.sandbox.GeneratedModules.section;
import static io.github.wasmbox.sandbox.GeneratedModules.u32;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PluginEvents.Outcome;
import io.github.wasmbox.sandbox.PluginFailedException.Reason;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How each way a call can end is reported: the exception type, its data and a message that names
 * what happened and the setting to change, through real modules. Each case is one a guest could
 * otherwise make the operator misread.
 */
class OutcomeReportingTest {
    private final List<PluginEvents.Call> calls = new CopyOnWriteArrayList<>();
    private final PluginRuntime runtime = recordingCalls(PluginRuntime.builder());

    /** A runtime whose call events land in {@link #calls}. */
    private PluginRuntime recordingCalls(PluginRuntime.Builder builder) {
        return builder.listener(
                        new PluginListener() {
                            @Override
                            public void onCall(PluginEvents.Call event) {
                                calls.add(event);
                            }
                        })
                .build();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    // --- bulk memory: bounds before fuel ---

    @Test
    void aFourGibibyteBulkOperationTrapsAsOutOfBoundsNotAsFuel() {
        Plugin bulk = runtime.load("bulk", Fixtures.source("bulk"), Fixtures.relaxed());

        for (String function : List.of("fill_4g", "copy_4g", "copy_source_past_end", "init_4g")) {
            assertThatThrownBy(() -> bulk.call(function, new byte[0]))
                    .as(function)
                    .isInstanceOf(PluginTrapException.class)
                    .hasMessageContaining("out of bounds memory access")
                    .hasMessageNotContaining("fuel");
        }
        assertThat(calls).extracting(PluginEvents.Call::outcome).containsOnly(Outcome.TRAP);
        // An in-bounds operation is still charged per byte, before it runs.
        assertThat(bulk.invoke("fill_page", new byte[0]).fuelConsumed()).isGreaterThan(65_536);
        Plugin poor =
                runtime.load("poor", Fixtures.source("bulk"), Fixtures.limits(l -> l.fuel(60_000)));
        assertThatThrownBy(() -> poor.call("fill_page", new byte[0]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.FUEL));
    }

    // --- exits and returned codes ---

    @Test
    void procExitZeroInsideACallIsASuccessThatKeepsTheOutput() {
        Plugin exits = runtime.load("exits", Fixtures.source("exits"), Fixtures.relaxed());

        assertThat(exits.call("exit_zero", new byte[0])).asString(UTF_8).isEqualTo("kept");
        assertThat(exits.call("exit_zero", new byte[0])).asString(UTF_8).isEqualTo("kept");
        assertThat(calls).extracting(PluginEvents.Call::outcome).containsOnly(Outcome.SUCCESS);
    }

    @Test
    void anExitAndAReturnedCodeAreToldApartByDataNotByTheGuestsText() {
        Plugin exits = runtime.load("exits", Fixtures.source("exits"), Fixtures.relaxed());

        assertThatThrownBy(() -> exits.call("exit_three", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginFailedException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.EXITED);
                            assertThat(e.code()).isEqualTo(3);
                        })
                .hasMessageStartingWith("plugin 'exits' function 'exit_three' exited with code 3");
        // The guest's error message reads like an exit; the data says it returned.
        assertThatThrownBy(() -> exits.call("return_three", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginFailedException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.RETURNED);
                            assertThat(e.code()).isEqualTo(3);
                            assertThat(e.guestMessage()).isEqualTo("exited with code 3");
                        })
                .hasMessageStartingWith("plugin 'exits' function 'return_three' returned 3");
    }

    // --- input ---

    @Test
    void anOversizeInputIsReportedAsInputNamingItsLimit() {
        Plugin echo =
                runtime.load(
                        "echo", Fixtures.source("echo"), Fixtures.limits(l -> l.maxInputBytes(8)));

        assertThatThrownBy(() -> echo.call("echo", new byte[9]))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> {
                            assertThat(e.resource()).isEqualTo(Resource.INPUT);
                            assertThat(e.limit()).isEqualTo(8);
                            assertThat(e.attempted()).isEqualTo(9);
                        })
                .hasMessageContaining("limits.max-input")
                .hasMessageNotContaining("output");
        assertThat(calls).extracting(PluginEvents.Call::outcome).containsOnly(Outcome.INPUT);
        assertThat(echo.call("echo", new byte[8])).hasSize(8);
    }

    // --- deadlines: guest time or host time ---

    @Test
    void aDeadlineHitWhileTheHostWorkedNamesTheHostFunction() {
        Plugin hostile =
                runtime.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(l -> l.timeout(Duration.ofMillis(300))));

        assertThatThrownBy(() -> hostile.call("sleep", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginTimeoutException.class,
                        e ->
                                assertThat(e.hostFunction())
                                        .contains("wasi_snapshot_preview1/poll_oneoff"))
                .hasMessageContaining("while the host ran wasi_snapshot_preview1/poll_oneoff")
                .hasMessageNotContaining("Raise limits.timeout if the plugin");
    }

    @Test
    void aDeadlineHitInTheGuestsOwnCodeSaysSo() {
        Plugin hostile =
                runtime.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(
                                l -> l.timeout(Duration.ofMillis(300)).fuel(1_000_000_000_000L)));

        assertThatThrownBy(() -> hostile.call("spin", new byte[0]))
                .isInstanceOfSatisfying(
                        PluginTimeoutException.class, e -> assertThat(e.hostFunction()).isEmpty())
                .hasMessageContaining("while running its own code")
                .hasMessageContaining("limits.timeout");
    }

    // --- close during calls ---

    @Test
    void closingTheRuntimeCancelsCallsInFlightAndReportsACancellation() throws Exception {
        // On plugin threads, which awaitRunning finds by name; CallerThreadCallsTest closes a
        // runtime during a call on its caller's thread.
        PluginRuntime closing = recordingCalls(PluginRuntime.builder().callerThreadCalls(false));
        Plugin hostile =
                closing.load(
                        "hostile",
                        Fixtures.source("hostile"),
                        Fixtures.limits(
                                l ->
                                        l.poolSize(2)
                                                .timeout(Duration.ofMinutes(5))
                                                .fuel(1_000_000_000_000L)));
        List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
        for (String function : List.of("spin", "sleep")) {
            inFlight.add(CompletableFuture.supplyAsync(() -> hostile.call(function, new byte[0])));
        }
        awaitRunning(2);

        closing.close();

        for (CompletableFuture<byte[]> call : inFlight) {
            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(PluginCancelledException.class)
                    .hasMessageContaining("the runtime was closed")
                    .hasMessageNotContaining("limits.timeout");
        }
        assertThat(calls).extracting(PluginEvents.Call::outcome).containsOnly(Outcome.CANCELLED);
    }

    /** Waits until {@code count} plugin threads are running guest code. */
    private static void awaitRunning(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            long running =
                    Thread.getAllStackTraces().entrySet().stream()
                            .filter(e -> e.getKey().getName().startsWith("wasmbox-hostile-"))
                            .filter(
                                    e ->
                                            Arrays.stream(e.getValue())
                                                    .anyMatch(
                                                            f ->
                                                                    f.getClassName()
                                                                            .startsWith(
                                                                                    "run.endive")))
                            .count();
            if (running >= count) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(count + " calls did not start");
    }

    // --- functions too large for the JVM ---

    @Test
    void aFunctionTooLargeForTheJvmIsReportedInWasmboxTermsWithoutEngineAdvice() {
        byte[] module = straightLine(12_000);

        assertThatThrownBy(
                        () -> runtime.load("huge", PluginSource.bytes(module), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith("plugin 'huge' has a function too large to run: function 0")
                .hasMessageContaining("Split that function")
                .hasMessageNotContaining("fallback")
                .hasMessageNotContaining("interpreter");
    }

    /**
     * A module whose one function is {@code loads} memory loads in a row, with no block the loader
     * could split off: {@code () -> i32}, exported as {@code big}.
     */
    private static byte[] straightLine(int loads) {
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(0); // no locals
        for (int i = 0; i < loads; i++) {
            code.writeBytes(new byte[] {0x41, 0x00, 0x28, 0x02, 0x00, 0x1A}); // load, drop
        }
        code.writeBytes(new byte[] {0x41, 0x00, 0x0B});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(1);
        u32(body, code.size());
        body.writeBytes(code.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, new byte[] {1, 0x60, 0, 1, 0x7F});
        section(out, 3, new byte[] {1, 0});
        section(out, 5, new byte[] {1, 0, 1});
        section(
                out,
                7,
                new byte[] {2, 6, 'm', 'e', 'm', 'o', 'r', 'y', 2, 0, 3, 'b', 'i', 'g', 0, 0});
        section(out, 10, body.toByteArray());
        return out.toByteArray();
    }

    // --- WASI arguments ---

    @Test
    void argvZeroIsThePluginsNameAndThePolicysArgsFollowIt() {
        assertThat(argv("args-deny-all", PluginPolicy.denyAll())).containsExactly("args-deny-all");
        assertThat(argv("args-granted", Fixtures.relaxed().toBuilder().args("--fast", "3").build()))
                .containsExactly("args-granted", "--fast", "3");
    }

    private List<String> argv(String name, PluginPolicy policy) {
        byte[] out =
                runtime.load(name, Fixtures.source("args"), policy).call("_start", new byte[0]);
        int argc = ByteBuffer.wrap(out, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        String strings = new String(out, 4, out.length - 4, UTF_8);
        List<String> argv = strings.isEmpty() ? List.of() : List.of(strings.split("\0"));
        assertThat(argv).hasSize(argc);
        return argv;
    }
}
