/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.Memory;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.PassiveDataSegment;

/**
 * Differential test: {@link FlatMemory} against Endive's {@link ByteArrayMemory} over random reads,
 * writes, grows, fills, copies and passive-segment inits, including out-of-bounds and page-crossing
 * accesses. Both must agree on every value, on whether an operation traps (and with which exception
 * type), and on the whole memory image after each operation.
 */
class FlatMemoryTest {
    private static final MemoryReservations UNLIMITED = new MemoryReservations(Long.MAX_VALUE);

    private static final int PAGE = Memory.PAGE_SIZE;

    @Test
    void agreesWithEndivesMemoryOnRandomOperations() {
        for (long seed = 1; seed <= 24; seed++) {
            run(seed, 2_000);
        }
    }

    /**
     * A restore rewrites only the blocks written since the memory last matched its image: whatever
     * a call wrote (stores spanning blocks, fills, copies, segment inits, grows and drops), the
     * memory afterwards is the image again, byte for byte, and nothing past its size is left over.
     */
    @Test
    void aRestoreGivesBackTheImageExactlyWhateverTheCallWrote() {
        for (long seed = 1; seed <= 24; seed++) {
            Random random = new Random(seed);
            int initial = 1 + random.nextInt(2);
            MemoryLimits limits = new MemoryLimits(initial, initial + random.nextInt(4));
            byte[][] segmentData = {new byte[200], new byte[300], new byte[100]};
            Arrays.stream(segmentData).forEach(random::nextBytes);
            FlatMemory actual = new FlatMemory(limits, UNLIMITED);
            actual.initialize(null, segments(segmentData));
            for (int i = 0; i < 8; i++) {
                actual.writeLong(random.nextInt(initial * PAGE - 8), random.nextLong());
            }
            byte[] imageBytes = actual.readBytes(0, initial * PAGE);
            FlatMemory.Image image = actual.image();
            for (int round = 0; round < 6; round++) {
                Memory shadow = new ByteArrayMemory(limits);
                shadow.write(0, imageBytes);
                shadow.initialize(null, segments(segmentData));
                for (int i = 0; i < 300; i++) {
                    int op = random.nextInt(22);
                    int addr = address(random, shadow);
                    same(
                            "seed " + seed + " round " + round + " op " + i,
                            op,
                            addr,
                            random.nextLong(),
                            random.nextInt(2 * PAGE) - 16,
                            random,
                            shadow,
                            actual);
                }
                actual.restore(image);
                String context = "seed " + seed + " after restore " + round;
                assertThat(actual.pages()).as(context).isEqualTo(initial);
                assertThat(Arrays.equals(actual.readBytes(0, initial * PAGE), imageBytes))
                        .as(context)
                        .isTrue();
                int grown = actual.grow(limits.maximumPages() - initial);
                assertThat(grown).as(context).isEqualTo(initial);
                int beyond = (limits.maximumPages() - initial) * PAGE;
                assertThat(actual.readBytes(initial * PAGE, beyond))
                        .as(context + ": bytes past the image's size")
                        .isEqualTo(new byte[beyond]);
                actual.restore(image);
            }
        }
    }

    @Test
    void growStopsAtTheMaximumAndReportsTheRefusal() {
        FlatMemory memory = new FlatMemory(new MemoryLimits(1, 3), UNLIMITED);
        assertThat(memory.grow(0)).isEqualTo(1);
        assertThat(memory.grow(2)).isEqualTo(1);
        assertThat(memory.growRefused()).isFalse();
        assertThat(memory.pages()).isEqualTo(3);
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.growRefused()).isTrue();
        assertThat(memory.pages()).isEqualTo(3);
        assertThat(memory.grow(-1)).isEqualTo(-1); // an unsigned 2^32-1 pages
    }

    @Test
    void dataIsKeptAcrossGrowAndNewPagesAreZero() {
        FlatMemory memory = new FlatMemory(new MemoryLimits(1, 2), UNLIMITED);
        memory.writeLong(PAGE - 8, 0x0102030405060708L);
        memory.grow(1);
        assertThat(memory.readLong(PAGE - 8)).isEqualTo(0x0102030405060708L);
        assertThat(memory.readLong(PAGE)).isZero();
        assertThat(memory.readInt(2 * PAGE - 4)).isZero();
        assertThatThrownBy(() -> memory.readInt(2 * PAGE - 3))
                .hasMessageStartingWith("out of bounds memory access");
    }

    /**
     * Endive's security audit, finding 001: an address plus a length past {@code Integer.MAX_VALUE}
     * wrapped negative and slipped through the bounds check. Both memories now trap the same way.
     */
    @Test
    void rangesWhoseEndOverflowsAnIntTrapAsOutOfBounds() {
        MemoryLimits limits = new MemoryLimits(1, 1);
        for (Memory memory :
                new Memory[] {new ByteArrayMemory(limits), new FlatMemory(limits, UNLIMITED)}) {
            int huge = Integer.MAX_VALUE - 50;
            assertThatThrownBy(() -> memory.readBytes(100, huge))
                    .as(memory.getClass().getSimpleName())
                    .hasMessageStartingWith("out of bounds memory access");
            assertThatThrownBy(() -> memory.write(100, new byte[16], 0, huge))
                    .hasMessageStartingWith("out of bounds memory access");
            assertThatThrownBy(() -> memory.copy(100, 0, huge))
                    .hasMessageStartingWith("out of bounds memory access");
        }
    }

    @Test
    void sharedMemoryIsRefused() {
        assertThatThrownBy(() -> new FlatMemory(new MemoryLimits(1, 2, true), UNLIMITED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void run(long seed, int operations) {
        Random random = new Random(seed);
        int initial = random.nextInt(3);
        int maximum = initial + random.nextInt(4);
        MemoryLimits limits = new MemoryLimits(initial, maximum);
        Memory expected = new ByteArrayMemory(limits);
        Memory actual = new FlatMemory(limits, UNLIMITED);
        byte[][] segmentData = new byte[3][];
        for (int i = 0; i < segmentData.length; i++) {
            segmentData[i] = new byte[random.nextInt(300)];
            random.nextBytes(segmentData[i]);
        }
        expected.initialize(null, segments(segmentData));
        actual.initialize(null, segments(segmentData));
        for (int i = 0; i < operations; i++) {
            int op = random.nextInt(22);
            int addr = address(random, expected);
            String context = "seed " + seed + " op " + i + " (" + op + ") at " + addr;
            same(
                    context,
                    op,
                    addr,
                    random.nextLong(),
                    random.nextInt(2 * PAGE) - 16,
                    random,
                    expected,
                    actual);
            assertThat(actual.pages()).as(context).isEqualTo(expected.pages());
            if (i % 64 == 0 || i == operations - 1) {
                int size = expected.pages() * PAGE;
                assertThat(Arrays.equals(actual.readBytes(0, size), expected.readBytes(0, size)))
                        .as(context + ": memory images differ")
                        .isTrue();
            }
        }
    }

    private static DataSegment[] segments(byte[][] data) {
        return Arrays.stream(data).map(PassiveDataSegment::new).toArray(DataSegment[]::new);
    }

    /** Mostly near page and memory edges, sometimes anywhere, sometimes negative. */
    private static int address(Random random, Memory memory) {
        int size = memory.pages() * PAGE;
        switch (random.nextInt(6)) {
            case 0:
                return size - random.nextInt(16);
            case 1:
                return random.nextInt(Math.max(1, memory.pages() + 1)) * PAGE
                        - 8
                        + random.nextInt(16);
            case 2:
                return -random.nextInt(16) - 1;
            case 3:
                return size + random.nextInt(16);
            default:
                return random.nextInt(Math.max(1, size + 32));
        }
    }

    private static void same(
            String context,
            int op,
            int addr,
            long value,
            int length,
            Random random,
            Memory expected,
            Memory actual) {
        Function<Memory, Object> operation;
        switch (op) {
            case 0:
                operation = m -> m.read(addr);
                break;
            case 1:
                operation = m -> m.readShort(addr);
                break;
            case 2:
                operation = m -> m.readInt(addr);
                break;
            case 3:
                operation = m -> m.readLong(addr);
                break;
            case 4:
                operation = m -> Float.floatToRawIntBits(m.readFloat(addr));
                break;
            case 5:
                operation = m -> Double.doubleToRawLongBits(m.readDouble(addr));
                break;
            case 6:
                operation = m -> m.readU16(addr);
                break;
            case 7:
                operation = m -> run(() -> m.writeByte(addr, (byte) value));
                break;
            case 8:
                operation = m -> run(() -> m.writeShort(addr, (short) value));
                break;
            case 9:
                operation = m -> run(() -> m.writeI32(addr, (int) value));
                break;
            case 10:
                operation = m -> run(() -> m.writeLong(addr, value));
                break;
            case 11:
                operation = m -> run(() -> m.writeF32(addr, Float.intBitsToFloat((int) value)));
                break;
            case 12:
                operation = m -> run(() -> m.writeF64(addr, Double.longBitsToDouble(value)));
                break;
            case 13:
                {
                    byte[] data = new byte[Math.abs(length) % 200];
                    random.nextBytes(data);
                    int offset = random.nextInt(4) == 0 ? random.nextInt(300) - 50 : 0;
                    int size =
                            random.nextInt(4) == 0
                                    ? random.nextInt(300) - 50
                                    : data.length - offset;
                    operation = m -> run(() -> m.write(addr, data, offset, size));
                    break;
                }
            case 14:
                operation = m -> m.readBytes(addr, length % 300);
                break;
            case 15:
                {
                    int delta = random.nextInt(5) == 0 ? (int) value : (int) (value & 3);
                    operation = m -> m.grow(delta);
                    break;
                }
            case 16:
                operation = m -> run(() -> m.fill((byte) value, addr, addr + length % 500));
                break;
            case 17:
                {
                    int src = addr + (int) (value % 400);
                    operation =
                            m -> run(() -> m.copy(addr + length % 64, src, Math.abs(length) % 700));
                    break;
                }
            case 18:
                {
                    int segment = Math.floorMod(value, 3);
                    int offset = random.nextInt(320) - 10;
                    int size = random.nextInt(320) - 10;
                    operation = m -> run(() -> m.initPassiveSegment(segment, addr, offset, size));
                    break;
                }
            case 19:
                {
                    int segment = Math.floorMod(value, 3);
                    operation = m -> run(() -> m.drop(segment));
                    break;
                }
            case 20:
                operation = m -> m.readU32(addr);
                break;
            default:
                operation = Memory::pages;
                break;
        }
        Object left = outcome(operation, expected);
        Object right = outcome(operation, actual);
        if (left instanceof byte[]) {
            assertThat((byte[]) right).as(context).isEqualTo((byte[]) left);
        } else {
            assertThat(right).as(context).isEqualTo(left);
        }
    }

    private static Object run(Runnable action) {
        action.run();
        return "ok";
    }

    private static Object outcome(Function<Memory, Object> operation, Memory memory) {
        // The two operations draw no randomness of their own, so both see the same inputs.
        try {
            return operation.apply(memory);
        } catch (RuntimeException e) {
            return e.getClass().getName()
                    + (e.getMessage() != null
                                    && e.getMessage().startsWith("out of bounds memory access")
                            ? ": out of bounds"
                            : "");
        }
    }
}
