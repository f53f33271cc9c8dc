/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.engine.GuestInstance;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A guest that grows its memory one page at a time must cost the host time linear in the final
 * size: each grow used to copy the whole memory, some 32 GiB of copying on the way to 64 MiB. And
 * the spare capacity that makes growth cheap must stay invisible to the guest.
 */
class MemoryGrowthTest {
    private static final MemoryReservations UNLIMITED = new MemoryReservations(Long.MAX_VALUE);

    private static final int PAGE = 65_536;
    private static final int PAGES = 1025; // grow_pages.wat's target: 64 MiB and a page

    private static final PluginPolicy POLICY =
            PluginPolicy.builder()
                    .limits(Limits.defaults().toBuilder().maxMemoryBytes(128L << 20).build())
                    .build();

    @Test
    void growingPageByPageCopiesLinearlyInTheFinalSizeAndNothingPastTheSizeIsReachable()
            throws IOException {
        EndiveModule module = EndiveModule.compile("grow_pages", metered());
        EndiveInstance instance =
                (EndiveInstance)
                        module.instantiate(
                                new InstanceSpec(
                                        POLICY, Map.of(), Map.of(), false, 1_000, 1, UNLIMITED),
                                state(module));
        try {
            assertThat(call(instance, "grow")).isEqualTo(PAGES);

            FlatMemory memory = (FlatMemory) instance.engine().memory();
            long finalBytes = (long) PAGES * PAGE;
            assertThat(memory.pages()).isEqualTo(PAGES);
            assertThat(memory.grownBytesCopied()).isLessThan(4 * finalBytes);
            // The capacity doubled past the size; the guest still sees exactly its pages.
            assertThat(memory.capacity()).isGreaterThan((int) finalBytes);
            assertThat(instance.memoryBytes()).isEqualTo(finalBytes);
            assertThat(call(instance, "load_last")).isZero();
            assertThatThrownBy(() -> call(instance, "load_past_end"))
                    .isInstanceOfSatisfying(
                            GuestFault.class,
                            e -> assertThat(e.kind()).isEqualTo(GuestFault.Kind.TRAP));
            assertThatThrownBy(() -> call(instance, "store_across_end"))
                    .isInstanceOf(GuestFault.class);
            assertThat(memory.readInt((int) finalBytes - 4)).isZero();
            assertThatThrownBy(() -> memory.readBytes((int) finalBytes - 4, 5))
                    .hasMessageStartingWith("out of bounds memory access");
            assertThatThrownBy(() -> memory.fill((byte) 1, (int) finalBytes, (int) finalBytes + 1))
                    .hasMessageStartingWith("out of bounds memory access");
        } finally {
            instance.close();
        }
    }

    @Test
    void aRestoreShrinksAGrownMemoryKeepsItsCapacityAndZeroesEverythingPastTheSize()
            throws IOException {
        EndiveModule module = EndiveModule.compile("grow_pages", metered());
        EndiveInstance instance =
                (EndiveInstance)
                        module.instantiate(
                                new InstanceSpec(
                                        POLICY, Map.of(), Map.of(), false, 1_000, 1, UNLIMITED),
                                state(module));
        try {
            GuestInstance.Snapshot fresh = instance.snapshot();
            call(instance, "grow");
            FlatMemory memory = (FlatMemory) instance.engine().memory();
            int last = PAGES * PAGE - 4;
            memory.writeI32(last, 0x5ec7e7);
            memory.writeLong(PAGE * 7 + FlatMemory.BLOCK_BYTES - 4, -1L); // spans two blocks
            FlatMemory.Image grown = memory.image();
            int capacity = memory.capacity();
            long copied = memory.grownBytesCopied();

            assertThat(instance.restore(fresh)).isTrue();
            assertThat(memory.pages()).isEqualTo(1);
            assertThat(memory.capacity()).isEqualTo(capacity);
            assertThatThrownBy(() -> call(instance, "load_past_end"))
                    .isInstanceOf(GuestFault.class);

            // Growing again allocates nothing, and the guest finds only zeros in its new pages.
            assertThat(call(instance, "grow")).isEqualTo(PAGES);
            assertThat(memory.grownBytesCopied()).isEqualTo(copied);
            assertThat(memory.readInt(last)).isZero();
            assertThat(memory.readLong(PAGE * 7 + FlatMemory.BLOCK_BYTES - 4)).isZero();

            memory.restore(grown);
            assertThat(memory.pages()).isEqualTo(PAGES);
            assertThat(memory.readInt(last)).isEqualTo(0x5ec7e7);
            assertThat(memory.readLong(PAGE * 7 + FlatMemory.BLOCK_BYTES - 4)).isEqualTo(-1L);
            // Sparse: the image holds the two written places, not 64 MiB of zeros.
            assertThat(grown.storedBytes()).isEqualTo(3L * FlatMemory.BLOCK_BYTES);
        } finally {
            instance.close();
        }
    }

    @Test
    void aClosedInstancesMemoryServesTheNextInstanceZeroedWithoutAllocating() throws IOException {
        MemoryReservations budget = new MemoryReservations(1L << 30);
        EndiveModule module = EndiveModule.compile("grow_pages", metered());
        InstanceSpec spec = new InstanceSpec(POLICY, Map.of(), Map.of(), false, 1_000, 1, budget);
        int last = PAGES * PAGE - 4;
        EndiveInstance first = (EndiveInstance) module.instantiate(spec, state(module));
        FlatMemory used = (FlatMemory) first.engine().memory();
        int capacity;
        try {
            call(first, "grow");
            used.fill((byte) 0x5e, 0, PAGES * PAGE); // every byte a later instance could see
            capacity = used.capacity();
        } finally {
            first.close();
        }
        // Closed: nothing live, the array kept as a spare and still counted against the limit.
        assertThat(budget.reserved()).isZero();
        assertThat(budget.spareBytes()).isEqualTo(capacity);

        EndiveInstance second = (EndiveInstance) module.instantiate(spec, state(module));
        try {
            FlatMemory memory = (FlatMemory) second.engine().memory();
            assertThat(memory.capacity()).isEqualTo(capacity);
            assertThat(budget.spareBytes()).isZero();
            assertThat(budget.reserved()).isEqualTo(capacity);
            assertThat(memory.pages()).isEqualTo(1);
            assertThatThrownBy(() -> call(second, "load_past_end")).isInstanceOf(GuestFault.class);

            assertThat(call(second, "grow")).isEqualTo(PAGES);
            assertThat(memory.grownBytesCopied()).isZero();
            assertThat(memory.readBytes(0, PAGES * PAGE)).containsOnly(0);
            assertThat(memory.readInt(last)).isZero();
        } finally {
            second.close();
        }
    }

    private static byte[] metered() throws IOException {
        return FuelInstrumenter.instrument(
                Files.readAllBytes(Path.of("src", "test", "resources", "wat", "grow_pages.wasm")),
                FuelInstrumenter.Options.DEFAULTS.features(EnumSet.allOf(WasmFeature.class)));
    }

    private static int call(EndiveInstance instance, String function) {
        instance.state()
                .begin(
                        new CallContext("grow_pages", function, 1, Map.of()),
                        new byte[0],
                        System.nanoTime() + 60_000_000_000L);
        instance.state().fuel().set(10_000_000);
        return instance.call(function);
    }

    /** A call state with the instantiation budget set, as the runtime sets it. */
    private static CallState state(EndiveModule module) {
        CallState state =
                new CallState(
                        "grow_pages",
                        POLICY,
                        PayloadCodec.json(),
                        LoggerFactory.getLogger(MemoryGrowthTest.class),
                        (PluginEvents.Denied denied) -> {},
                        (PluginEvents.QuotaReached quota) -> {},
                        1 << 20);
        state.fuel().set(POLICY.limits().instantiationFuel());
        return state;
    }
}
