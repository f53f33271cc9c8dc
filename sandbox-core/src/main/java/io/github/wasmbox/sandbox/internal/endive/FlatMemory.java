/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import run.endive.runtime.ConstantEvaluators;
import run.endive.runtime.Instance;
import run.endive.runtime.Memory;
import run.endive.runtime.WasmRuntimeException;
import run.endive.wasm.UninstantiableException;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.types.ActiveDataSegment;
import run.endive.wasm.types.DataSegment;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.PassiveDataSegment;

/**
 * A non-shared linear memory in one flat {@code byte[]}: every access is one {@link VarHandle}
 * little-endian view, with no page table, after an explicit bounds check against the current size.
 * The array's length is the capacity, which may exceed the size: {@link #grow} that does not fit
 * reallocates to at least twice the capacity (never past the maximum the factory clamped to the
 * policy's cap), so growing page by page to {@code n} bytes copies fewer than {@code 2n} bytes in
 * all instead of {@code n²/2}. Bytes past the size are always zero.
 *
 * <p>Bounds, grow, fill, copy and data-segment semantics, and the exception types and messages of
 * traps, are those of Endive 1.0's {@code ByteArrayMemory} ({@code FlatMemoryTest} checks them
 * differentially). Shared memories (threads) keep using {@code ByteArrayMemory}.
 *
 * <p>Records whether a {@code memory.grow} was refused ({@link #growRefused()}), which tells a
 * memory-cap stop from an ordinary trap. Confined to the thread running the instance's call.
 * Package-private: it implements a Endive type, which no public signature may expose.
 */
final class FlatMemory implements Memory {
    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /** The longest byte array HotSpot allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final MemoryLimits limits;
    private final int maximumPages;
    private final int maximumBytes;
    private byte[] bytes; // the capacity; zero past size
    private int size; // pages * PAGE_SIZE: every bounds check compares with this
    private int pages;
    private long grownBytesCopied;
    private boolean growRefused;
    private DataSegment @Nullable [] dataSegments;

    /**
     * A memory of {@code limits.initialPages()} zeroed pages.
     *
     * @throws IllegalArgumentException for shared limits, which need Endive's own memory
     */
    FlatMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new IllegalArgumentException("FlatMemory does not implement shared memory");
        }
        this.limits = limits;
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        // Past 2^31 - 1 bytes no Java array fits: a grow beyond it fails with OutOfMemoryError.
        this.maximumBytes = (int) Math.min((long) maximumPages * Memory.PAGE_SIZE, MAX_ARRAY);
        this.pages = limits.initialPages();
        this.size = Memory.bytes(pages);
        this.bytes = new byte[size];
    }

    /** Bytes {@link #grow} has copied into new arrays so far; for tests of its cost. */
    long grownBytesCopied() {
        return grownBytesCopied;
    }

    /** The backing array's length, for tests. */
    int capacity() {
        return bytes.length;
    }

    /** True once a {@code memory.grow} returned -1 because it would pass the maximum. */
    boolean growRefused() {
        return growRefused;
    }

    /**
     * A copy of what a guest can observe of this memory: its bytes (and so its size) and which
     * passive data segments it has dropped. For {@link #restore}.
     */
    Image image() {
        return new Image(
                Arrays.copyOf(bytes, size), dataSegments == null ? null : dataSegments.clone());
    }

    /**
     * Puts this memory back into the state {@code image} recorded, shrinking it if it grew, and
     * clears {@link #growRefused()}. The image must come from a memory of the same module,
     * initialised from the same data segments.
     */
    void restore(Image image) {
        int imageSize = image.bytes.length;
        if (bytes.length == imageSize) {
            System.arraycopy(image.bytes, 0, bytes, 0, imageSize);
        } else {
            // A memory that grew gives its capacity back, as a fresh instance would not hold it.
            bytes = image.bytes.clone();
        }
        size = imageSize;
        pages = imageSize / Memory.PAGE_SIZE;
        growRefused = false;
        if (image.dataSegments != null && dataSegments != null) {
            // In place: this is the instance's own array, which data.drop also reaches.
            System.arraycopy(image.dataSegments, 0, dataSegments, 0, image.dataSegments.length);
        }
    }

    /** An immutable copy of a memory's observable state; shareable between threads. */
    static final class Image {
        private final byte[] bytes; // its length is the size, with no spare capacity
        private final DataSegment @Nullable [] dataSegments;

        private Image(byte[] bytes, DataSegment @Nullable [] dataSegments) {
            this.bytes = bytes;
            this.dataSegments = dataSegments;
        }
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int delta) {
        int previous = pages;
        int wanted = previous + delta;
        if (wanted > maximumPages || wanted < previous) {
            growRefused = true;
            return -1;
        }
        if (wanted != previous) {
            if ((long) wanted * Memory.PAGE_SIZE > MAX_ARRAY) {
                throw new OutOfMemoryError("a linear memory of " + wanted + " pages");
            }
            int wantedBytes = wanted * Memory.PAGE_SIZE;
            if (wantedBytes > bytes.length) {
                int capacity =
                        (int) Math.max(Math.min(2L * bytes.length, maximumBytes), wantedBytes);
                byte[] grown = new byte[capacity];
                System.arraycopy(bytes, 0, grown, 0, size); // past size all is zero already
                bytes = grown;
                grownBytesCopied += size;
            }
            // The new pages are already zero: nothing past size is ever written.
            size = wantedBytes;
            pages = wanted;
        }
        return previous;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        // Only the default atomic operations use it; a non-shared memory has one thread.
        return this;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmEngineException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmEngineException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void atomicFence() {
        VarHandle.fullFence();
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null) {
            return;
        }
        for (DataSegment s : dataSegments) {
            if (s instanceof ActiveDataSegment) {
                ActiveDataSegment segment = (ActiveDataSegment) s;
                if (segment.index() != memoryIndex) {
                    continue;
                }
                byte[] data = segment.data();
                int offset =
                        (int)
                                ConstantEvaluators.computeConstantValue(
                                        instance, segment.offsetInstructions())[0];
                checkBounds(offset, data.length, size, UninstantiableException::new);
                write(offset, data, 0, data.length);
            } else if (!(s instanceof PassiveDataSegment)) {
                throw new WasmEngineException("Data segment should be active or passive: " + s);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        DataSegment[] segments = dataSegments;
        if (segments == null) {
            throw new WasmRuntimeException("no data segments");
        }
        write(dest, segments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        DataSegment[] segments = dataSegments;
        if (segments != null) {
            segments[segment] = PassiveDataSegment.EMPTY;
        }
    }

    private static void checkBounds(
            int addr, int size, int limit, Function<String, WasmEngineException> exceptionFactory) {
        // In long arithmetic: addr + size may overflow an int (Endive's security audit, finding
        // 001).
        if (addr < 0 || size < 0 || (long) addr + size > limit) {
            throw exceptionFactory.apply(
                    "out of bounds memory access: attempted to access address: "
                            + addr
                            + " but limit is: "
                            + limit
                            + " and size: "
                            + size);
        }
    }

    /**
     * The bounds check of every load and store: against the size, not the capacity, which the
     * array's own check would use.
     */
    private void checkAccess(int addr, int width) {
        if (addr < 0 || addr > size - width) {
            throw new WasmRuntimeException(
                    "out of bounds memory access: attempted to access address: "
                            + addr
                            + " but limit is: "
                            + size
                            + " and size: "
                            + width);
        }
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        checkBounds(offset, size, data.length, WasmRuntimeException::new);
        checkBounds(addr, size, this.size, WasmRuntimeException::new);
        System.arraycopy(data, offset, bytes, addr, size);
    }

    @Override
    public byte read(int addr) {
        checkAccess(addr, 1);
        return bytes[addr];
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkBounds(addr, len, size, WasmRuntimeException::new);
        return Arrays.copyOfRange(bytes, addr, addr + len);
    }

    @Override
    public void writeI32(int addr, int data) {
        checkAccess(addr, 4);
        INT.set(bytes, addr, data);
    }

    @Override
    public int readInt(int addr) {
        checkAccess(addr, 4);
        return (int) INT.get(bytes, addr);
    }

    @Override
    public void writeLong(int addr, long data) {
        checkAccess(addr, 8);
        LONG.set(bytes, addr, data);
    }

    @Override
    public long readLong(int addr) {
        checkAccess(addr, 8);
        return (long) LONG.get(bytes, addr);
    }

    @Override
    public void writeShort(int addr, short data) {
        checkAccess(addr, 2);
        SHORT.set(bytes, addr, data);
    }

    @Override
    public short readShort(int addr) {
        checkAccess(addr, 2);
        return (short) SHORT.get(bytes, addr);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeByte(int addr, byte data) {
        checkAccess(addr, 1);
        bytes[addr] = data;
    }

    @Override
    public void writeF32(int addr, float data) {
        checkAccess(addr, 4);
        FLOAT.set(bytes, addr, data);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        checkAccess(addr, 4);
        return (float) FLOAT.get(bytes, addr);
    }

    @Override
    public void writeF64(int addr, double data) {
        checkAccess(addr, 8);
        DOUBLE.set(bytes, addr, data);
    }

    @Override
    public double readDouble(int addr) {
        checkAccess(addr, 8);
        return (double) DOUBLE.get(bytes, addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void zero() {
        fill((byte) 0, 0, size);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        int remaining = toIndex - fromIndex;
        checkBounds(fromIndex, remaining, size, WasmRuntimeException::new);
        Arrays.fill(bytes, fromIndex, fromIndex + remaining, value);
    }

    @Override
    public void copy(int dest, int src, int size) {
        int limit = this.size;
        checkBounds(dest, size, limit, WasmRuntimeException::new);
        checkBounds(src, size, limit, WasmRuntimeException::new);
        System.arraycopy(bytes, src, bytes, dest, size);
    }
}
