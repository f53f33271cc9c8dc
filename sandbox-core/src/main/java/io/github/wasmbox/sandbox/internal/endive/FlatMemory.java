/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
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
 * <p>Every store marks the {@value #BLOCK_BYTES}-byte blocks it writes as dirty, so that {@link
 * #restore} puts back only what changed since the memory last matched its image: a PRISTINE reset
 * costs what the call touched, not the memory's size. Images are sparse (a block of zeros is not
 * stored), so an image costs what the module's data and start function wrote, not its stack.
 *
 * <p>Bounds, grow, fill, copy and data-segment semantics, and the exception types and messages of
 * traps, are those of Endive 1.0's {@code ByteArrayMemory} ({@code FlatMemoryTest} checks them
 * differentially). Shared memories (threads) keep using {@code ByteArrayMemory}.
 *
 * <p>The array is reserved against the runtime's {@link MemoryReservations memory budget} before it
 * is allocated, or taken from the budget's spares, and given back by {@link #release()}. Records
 * whether a {@code memory.grow} was refused at the maximum ({@link #growRefused()}) or by the
 * budget ({@link #budgetRefused()}), which tells a memory stop from an ordinary trap. Confined to
 * the thread running the instance's call. Package-private: it implements a Endive type, which no
 * public signature may expose.
 *
 * <p>Memory 0 of a metered module also holds the fuel counter and the shadow-stack pointer ({@link
 * GlobalCells}), when {@link GeneratedClasses} moved them there.
 */
final class FlatMemory extends GlobalCells implements Memory {
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

    /**
     * The unit of dirty tracking: small enough that a call touching a few stack frames and heap
     * objects restores a few blocks, large enough that the flags of a 1 MiB memory fit in 256
     * bytes.
     */
    static final int BLOCK_BYTES = 4096;

    private static final int BLOCK_SHIFT = Integer.numberOfTrailingZeros(BLOCK_BYTES);
    private static final byte[] ZERO_BLOCK = new byte[BLOCK_BYTES];

    private final MemoryLimits limits;
    private final MemoryReservations budget;
    private final int maximumPages;
    private final int maximumBytes;
    private byte[] bytes; // the capacity; zero past size
    private byte[] dirty; // one flag per block of the capacity: written since `synced`
    private int size; // pages * PAGE_SIZE: every bounds check compares with this
    private int pages;
    private long grownBytesCopied;
    private boolean growRefused;
    private boolean budgetRefused;
    private boolean released;
    private DataSegment @Nullable [] dataSegments;
    // The image this memory last matched (captured or restored); null until then, when a restore
    // must rewrite every block.
    private @Nullable Image synced;

    /**
     * A memory of {@code limits.initialPages()} zeroed pages: in a spare array of {@code budget}
     * that fits between them and the maximum (its capacity then larger, so growing up to it
     * allocates nothing), else in a new array reserved against {@code budget}.
     *
     * @throws IllegalArgumentException for shared limits, which need Endive's own memory
     * @throws GuestFault of kind {@code MEMORY_BUDGET} when the budget cannot hold the initial
     *     pages
     */
    FlatMemory(MemoryLimits limits, MemoryReservations budget) {
        if (limits.shared()) {
            throw new IllegalArgumentException("FlatMemory does not implement shared memory");
        }
        this.limits = limits;
        this.budget = budget;
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        // Past 2^31 - 1 bytes no Java array fits: a grow beyond it fails with OutOfMemoryError.
        this.maximumBytes = (int) Math.min((long) maximumPages * Memory.PAGE_SIZE, MAX_ARRAY);
        this.pages = limits.initialPages();
        this.size = Memory.bytes(pages);
        byte[] spare = budget.takeSpare(size, maximumBytes);
        if (spare == null) {
            if (!budget.tryReserve(size)) {
                throw new GuestFault(
                        GuestFault.Kind.MEMORY_BUDGET,
                        "the instance's initial memory of " + size + " bytes did not fit",
                        budget.limit(),
                        size,
                        null);
            }
            spare = new byte[size];
        }
        this.bytes = spare;
        this.dirty = new byte[blocks(bytes.length)];
    }

    /**
     * Gives the memory's array back to the budget, once, when its instance closes: zeroed, as a
     * spare for a later memory ({@link MemoryReservations#recycle}). The memory must not be used
     * afterwards.
     */
    void release() {
        if (!released) {
            released = true;
            budget.recycle(bytes, size);
        }
    }

    /** True once a {@code memory.grow} returned -1 because the runtime's budget was spent. */
    boolean budgetRefused() {
        return budgetRefused;
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
     * passive data segments it has dropped. For {@link #restore}. This memory then matches the
     * image, so restoring it to the image later rewrites only the blocks written in between.
     */
    Image image() {
        byte[][] blocks = new byte[blocks(size)][];
        for (int b = 0; b < blocks.length; b++) {
            int from = b << BLOCK_SHIFT;
            if (!Arrays.equals(bytes, from, from + BLOCK_BYTES, ZERO_BLOCK, 0, BLOCK_BYTES)) {
                blocks[b] = Arrays.copyOfRange(bytes, from, from + BLOCK_BYTES);
            }
        }
        Image image = new Image(size, blocks, dataSegments == null ? null : dataSegments.clone());
        Arrays.fill(dirty, (byte) 0);
        synced = image;
        return image;
    }

    /**
     * Puts this memory back into the state {@code image} recorded, shrinking it if it grew, and
     * clears {@link #growRefused()}. The image must come from a memory of the same module,
     * initialised from the same data segments. A memory that grew keeps its capacity (zeroed past
     * the size), so the next call that grows it allocates nothing.
     */
    void restore(Image image) {
        int target = image.size;
        boolean whole = synced != image;
        if (target > bytes.length) {
            if (!budget.tryReserve(target - bytes.length)) {
                throw new IllegalStateException(
                        "the memory budget cannot hold an image of " + target + " bytes");
            }
            bytes = new byte[target];
            dirty = new byte[blocks(target)];
            whole = true;
        }
        int touched = blocks(Math.max(size, target));
        for (int b = 0; b < touched; b++) {
            if (whole || dirty[b] != 0) {
                int from = b << BLOCK_SHIFT;
                byte[] block = b < image.blocks.length ? image.blocks[b] : null;
                if (block == null) {
                    Arrays.fill(bytes, from, from + BLOCK_BYTES, (byte) 0);
                } else {
                    System.arraycopy(block, 0, bytes, from, BLOCK_BYTES);
                }
            }
        }
        Arrays.fill(dirty, 0, touched, (byte) 0);
        synced = image;
        size = target;
        pages = target / Memory.PAGE_SIZE;
        growRefused = false;
        budgetRefused = false;
        if (image.dataSegments != null && dataSegments != null) {
            // In place: this is the instance's own array, which data.drop also reaches.
            System.arraycopy(image.dataSegments, 0, dataSegments, 0, image.dataSegments.length);
        }
    }

    /** An immutable copy of a memory's observable state; shareable between threads. */
    static final class Image {
        private final int size;
        private final byte[] @Nullable [] blocks; // per block of the size; null for all zeros
        private final DataSegment @Nullable [] dataSegments;

        private Image(int size, byte[][] blocks, DataSegment @Nullable [] dataSegments) {
            this.size = size;
            this.blocks = blocks;
            this.dataSegments = dataSegments;
        }

        /** The bytes this image holds: its non-zero blocks; for tests of its footprint. */
        long storedBytes() {
            long stored = 0;
            for (byte[] block : blocks) {
                stored += block == null ? 0 : block.length;
            }
            return stored;
        }
    }

    private static int blocks(int bytes) {
        return (int) (((long) bytes + BLOCK_BYTES - 1) >>> BLOCK_SHIFT);
    }

    /** Marks the blocks of {@code [addr, addr + length)}, a range already bounds-checked. */
    private void markRange(int addr, int length) {
        if (length > 0) {
            Arrays.fill(
                    dirty,
                    addr >>> BLOCK_SHIFT,
                    ((addr + length - 1) >>> BLOCK_SHIFT) + 1,
                    (byte) 1);
        }
    }

    /** Marks the block of a scalar store at {@code addr}, and the next one if the store spans. */
    private void markStore(int addr, int width) {
        dirty[addr >>> BLOCK_SHIFT] = 1;
        dirty[(addr + width - 1) >>> BLOCK_SHIFT] = 1;
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
                // Doubling is only an optimisation: near the budget, take exactly what is needed.
                if (!budget.tryReserve(capacity - bytes.length)) {
                    capacity = wantedBytes;
                    if (!budget.tryReserve(capacity - bytes.length)) {
                        budgetRefused = true;
                        return -1;
                    }
                }
                byte[] grown = new byte[capacity];
                System.arraycopy(bytes, 0, grown, 0, size); // past size all is zero already
                bytes = grown;
                dirty = Arrays.copyOf(dirty, blocks(capacity));
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
        markRange(addr, size);
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
        markStore(addr, 4);
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
        markStore(addr, 8);
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
        markStore(addr, 2);
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
        dirty[addr >>> BLOCK_SHIFT] = 1;
    }

    @Override
    public void writeF32(int addr, float data) {
        checkAccess(addr, 4);
        FLOAT.set(bytes, addr, data);
        markStore(addr, 4);
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
        markStore(addr, 8);
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
        markRange(fromIndex, remaining);
    }

    @Override
    public void copy(int dest, int src, int size) {
        int limit = this.size;
        checkBounds(dest, size, limit, WasmRuntimeException::new);
        checkBounds(src, size, limit, WasmRuntimeException::new);
        System.arraycopy(bytes, src, bytes, dest, size);
        markRange(dest, size);
    }
}
