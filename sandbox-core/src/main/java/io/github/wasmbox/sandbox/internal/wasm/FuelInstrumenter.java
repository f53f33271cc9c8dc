/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Rewrites a module at load time so that it meters its own execution in fuel, identically under
 * Endive's interpreter and its compiler.
 *
 * <h2>What the rewritten module does</h2>
 *
 * <ul>
 *   <li>It has one more global, a mutable {@code i64} appended after every existing global
 *       (imported globals come first in the index space, so no existing index moves), exported as
 *       {@value #FUEL_EXPORT}. Its initial value is {@link Options#startFuel()}: the budget of the
 *       start function, which runs during instantiation.
 *   <li>Every basic block begins by subtracting its cost from the counter: at function entry, after
 *       each {@code loop}, {@code if} and {@code else}, after each {@code end} that a branch (or an
 *       {@code if}) can reach, and after each branch. The cost of a block is the number of original
 *       instructions in it times {@link FuelCosts#instruction()}, charged in full on entry; a call
 *       does not end a block. Bulk memory and table operations, {@code table.grow}, GC array
 *       operations with a length, and {@code memory.grow} are charged again just before they run,
 *       per byte, element or page of their length operand. {@code memory.fill}, {@code memory.copy}
 *       and {@code memory.init} are charged only when the memory ranges they write and read lie
 *       within the memory's current size: one that does not is left uncharged to trap as the
 *       out-of-bounds access it is, having done no work, rather than as fuel exhaustion. (The data
 *       segment {@code memory.init} reads is not checked: its charge is at most the memory's size.)
 *   <li>Inside a function the counter lives in an added {@code i64} local, which the JIT keeps in a
 *       register: the function loads it from the global on entry and after each call, and stores it
 *       back before each call, return, tail call, {@code throw} and {@code unreachable} and at its
 *       end. A function containing {@code try_table} keeps it in the global instead, because an
 *       exception caught there arrives without passing a reload.
 *   <li>At function entry, at each loop header and before each per-operand charge, the code
 *       executes {@code unreachable} if the counter is below zero, after storing it. Other blocks
 *       charge without checking: without loops or calls the straight-line code between checks is
 *       bounded by the function's size, so an exhausted guest stops after at most that many more
 *       instructions.
 * </ul>
 *
 * <h2>Contract with the runtime</h2>
 *
 * <ul>
 *   <li>Before a call the host writes the call's budget into {@value #FUEL_EXPORT}; after it, fuel
 *       consumed = budget − value. The value is deterministic: the same module, input and host
 *       responses consume the same fuel under every engine and on every run.
 *   <li>A call can return with the global below zero (its last blocks charged but did not check):
 *       the runtime must treat that as running out of fuel.
 *   <li>A fuel trap is an ordinary {@code unreachable} trap. The runtime tells it apart from a
 *       guest's own {@code unreachable} by reading the global after any trap: <b>below zero means
 *       the fuel ran out</b>; otherwise the trap is the guest's. The guest cannot forge this, since
 *       only the inserted code can reach the global: original code that names a global or local
 *       index the rewrite adds is rejected. After a trap the engine raised itself (an out-of-bounds
 *       access, a division by zero), the global misses what the trapping function charged since its
 *       last store: still deterministic, but an undercount.
 *   <li>Host functions are not metered by the rewrite; the host charges them by decrementing the
 *       same global, which is exact during any call.
 *   <li>The output depends on the input bytes, the {@link Options} and {@link #METERING_VERSION}; a
 *       cache of rewritten modules must key on all three.
 * </ul>
 *
 * <p>The rewrite decodes every instruction's immediates and rejects ({@link ModuleFormatException},
 * with opcode and offset) anything it does not understand, including opcodes of features not in
 * {@link Options#features()}; it never emits a module it has not fully understood. It does not
 * validate types: the runtime validates the output with its parser. Function bodies are re-emitted
 * with new sizes; every other section is copied byte for byte. Output is deterministic.
 *
 * <p>Run {@link ModulePrescan} first: the rewrite allocates in proportion to the input, never to a
 * declared count, but it does not enforce {@link PrescanLimits}.
 *
 * <p>Stateless and thread-safe; each call allocates its own buffers.
 */
public final class FuelInstrumenter {
    /** Bumped whenever the rewrite changes what it emits or charges. */
    public static final int METERING_VERSION = 3;

    public static final String RESERVED_PREFIX = "__wasmbox_";
    public static final String FUEL_EXPORT = RESERVED_PREFIX + "fuel";

    /**
     * @param costs what each operation costs
     * @param features proposals beyond Wasm 2.0 whose instructions may appear
     * @param startFuel initial value of the fuel global: the budget of the start function
     */
    public record Options(FuelCosts costs, Set<WasmFeature> features, long startFuel) {
        /** Default costs, no proposals beyond Wasm 2.0, and 10 million units for start. */
        public static final Options DEFAULTS =
                new Options(FuelCosts.DEFAULTS, Set.of(), 10_000_000);

        public Options {
            features = Set.copyOf(features);
            if (startFuel < 0) {
                throw new IllegalArgumentException("startFuel must not be negative: " + startFuel);
            }
        }

        /** A copy of these options with {@code enabled} as the set of allowed proposals. */
        public Options features(Set<WasmFeature> enabled) {
            return new Options(costs, enabled, startFuel);
        }
    }

    private static final int GLOBAL = 6;
    private static final int EXPORT = 7;
    private static final int CODE = 10;

    // Opcodes of the inserted sequences.
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int GLOBAL_GET = 0x23;
    private static final int GLOBAL_SET = 0x24;
    private static final int I64_CONST = 0x42;
    private static final int I64_LT_S = 0x53;
    private static final int I64_SUB = 0x7D;
    private static final int I64_MUL = 0x7E;
    private static final int I64_EXTEND_I32_U = 0xAD;
    private static final int I64_ADD = 0x7C;
    private static final int I64_SHL = 0x86;
    private static final int I64_LE_U = 0x58;
    private static final int I32_AND = 0x71;
    private static final int MEMORY_SIZE = 0x3F;
    private static final int IF = 0x04;
    private static final int EMPTY_BLOCK = 0x40;
    private static final int UNREACHABLE = 0x00;
    private static final int END = 0x0B;
    private static final int I32 = 0x7F;
    private static final int I64 = 0x7E;

    /** Marks a bulk memory operation without a source memory in a point's memory slot. */
    private static final long NO_SOURCE = 1L << 63;

    private FuelInstrumenter() {}

    /** Returns the metered module, or throws {@link ModuleFormatException}. */
    public static byte[] instrument(byte[] module, Options options) {
        return new Rewrite(module, options).run();
    }

    /** The state of one rewrite. */
    private static final class Rewrite {
        // Control-frame kinds.
        private static final byte FUNCTION = 0;
        private static final byte BLOCK = 1;
        private static final byte LOOP = 2;
        private static final byte IF_FRAME = 3;

        // Insertion-point kinds; DYNAMIC points store the unit in their cost slot.
        private static final byte CHARGE = 0;
        private static final byte CHECKED_CHARGE = 1;
        private static final byte DYNAMIC = 2;
        private static final byte FLUSH = 3;
        private static final byte RELOAD = 4;
        // A DYNAMIC point of memory.fill/copy/init; pointMemory holds the memories it touches.
        private static final byte BOUNDED = 5;

        private final byte[] in;
        private final FuelCosts costs;
        private final long startFuel;
        private final InstructionDecoder decoder;
        private final ByteBuf out;
        private final ByteBuf section = new ByteBuf(256);
        private final ByteBuf body = new ByteBuf(256);
        private final WasmReader r;

        private int[] typeParams = new int[0];
        private int[] functionTypes = new int[0];
        private int importedGlobals;
        private int globalCount = -1;
        private boolean exported;
        private boolean sawCode;

        // Per-body scratch, reused across bodies.
        private int[] pointOffset = new int[64];
        private byte[] pointKind = new byte[64];
        private long[] pointCost = new long[64];
        private long[] pointMemory = new long[64];
        private int points;
        private byte[] frameKind = new byte[16];
        private boolean[] frameTargeted = new boolean[16];
        private boolean[] frameLive = new boolean[16];
        private boolean live;
        private int depth;
        private boolean inGlobal;
        private long fuelLocal;
        private long scratchLocal;

        Rewrite(byte[] module, Options options) {
            this.in = module;
            this.costs = options.costs();
            this.startFuel = options.startFuel();
            int allowed = 0;
            for (WasmFeature f : options.features()) {
                allowed |= Features.bit(f);
            }
            this.decoder = new InstructionDecoder(allowed);
            this.out = new ByteBuf(module.length + module.length / 4 + 64);
            this.r = ModulePrescan.preamble(module);
        }

        byte[] run() {
            out.put(in, 0, 8);
            int lastRank = 0;
            while (r.hasMore()) {
                int start = r.pos;
                int id = r.u8();
                long size = r.u32L();
                if (size > r.remaining()) {
                    throw r.error(
                            start,
                            ModulePrescan.sectionName(id)
                                    + " section declares "
                                    + size
                                    + " bytes but only "
                                    + r.remaining()
                                    + " remain");
                }
                int end = r.pos + (int) size;
                WasmReader s = new WasmReader(in, r.pos, end);
                if (id != 0) {
                    int rank = ModulePrescan.rank(r, start, id);
                    if (rank <= lastRank) {
                        throw r.error(
                                start,
                                ModulePrescan.sectionName(id)
                                        + " section is duplicated or out of order");
                    }
                    lastRank = rank;
                    addMissingSections(rank);
                }
                try {
                    switch (id) {
                        case 1 -> types(s);
                        case 2 -> imports(s);
                        case 3 -> functions(s);
                        case GLOBAL -> globals(s);
                        case EXPORT -> exports(s);
                        case CODE -> code(s);
                        default -> s.pos = end;
                    }
                } catch (ModuleFormatException e) {
                    throw ModuleFormatException.in(ModulePrescan.sectionName(id) + " section", e);
                }
                if (id != GLOBAL && id != EXPORT && id != CODE) {
                    out.put(in, start, end - start);
                }
                if (s.hasMore()) {
                    throw s.error(
                            s.pos, ModulePrescan.sectionName(id) + " section has trailing bytes");
                }
                r.pos = end;
            }
            addMissingSections(Integer.MAX_VALUE);
            if (functionTypes.length > 0 && !sawCode) {
                throw new ModuleFormatException("the module has functions but no code section");
            }
            return out.toByteArray();
        }

        /** Creates the global and export sections where they belong when the module has none. */
        private void addMissingSections(int nextRank) {
            if (globalCount < 0 && nextRank > ModulePrescan.rank(r, 0, GLOBAL)) {
                globalCount = 0;
                section.clear();
                section.u32(1);
                fuelGlobal();
                out.section(GLOBAL, section);
            }
            if (!exported && nextRank > ModulePrescan.rank(r, 0, EXPORT)) {
                exported = true;
                section.clear();
                section.u32(1);
                fuelExport();
                out.section(EXPORT, section);
            }
        }

        private void fuelGlobal() {
            section.put(I64);
            section.put(1); // mutable
            section.put(I64_CONST);
            section.s64(startFuel);
            section.put(END);
        }

        private void fuelExport() {
            byte[] name = FUEL_EXPORT.getBytes(StandardCharsets.UTF_8);
            section.u32(name.length);
            section.put(name, 0, name.length);
            section.put(3); // global
            section.u32(importedGlobals + (long) globalCount);
        }

        private void types(WasmReader s) {
            typeParams =
                    TypeSection.paramCounts(
                            s,
                            decoder,
                            Integer.MAX_VALUE,
                            Integer.MAX_VALUE,
                            Integer.MAX_VALUE,
                            Integer.MAX_VALUE);
        }

        private void imports(WasmReader s) {
            int n = s.count("import", Integer.MAX_VALUE, 4);
            for (int i = 0; i < n; i++) {
                int at = s.pos;
                String module = s.name("import module name", Integer.MAX_VALUE);
                String name = s.name("import name", Integer.MAX_VALUE);
                if (module.startsWith(RESERVED_PREFIX) || name.startsWith(RESERVED_PREFIX)) {
                    throw s.error(
                            at,
                            "import "
                                    + module
                                    + "."
                                    + name
                                    + " uses the reserved prefix "
                                    + RESERVED_PREFIX);
                }
                if (decoder.importDescriptor(s) == 3) {
                    importedGlobals++;
                }
            }
        }

        private void functions(WasmReader s) {
            int n = s.count("function", Integer.MAX_VALUE, 1);
            functionTypes = new int[n];
            for (int i = 0; i < n; i++) {
                int at = s.pos;
                int type = s.u32();
                if (type < 0 || type >= typeParams.length || typeParams[type] < 0) {
                    throw s.error(at, "function " + i + " has unknown function type " + type);
                }
                functionTypes[i] = type;
            }
        }

        private void globals(WasmReader s) {
            globalCount = s.count("global", Integer.MAX_VALUE - 1, 3);
            section.clear();
            section.u32(globalCount + 1L);
            section.put(in, s.pos, s.end - s.pos);
            s.pos = s.end; // the initialisers are copied verbatim
            fuelGlobal();
            out.section(GLOBAL, section);
        }

        private void exports(WasmReader s) {
            int n = s.count("export", Integer.MAX_VALUE - 1, 3);
            int first = s.pos;
            int globals = importedGlobals + Math.max(globalCount, 0);
            for (int i = 0; i < n; i++) {
                int at = s.pos;
                String name = s.name("export name", Integer.MAX_VALUE);
                if (name.startsWith(RESERVED_PREFIX)) {
                    throw s.error(
                            at, "export " + name + " uses the reserved prefix " + RESERVED_PREFIX);
                }
                int kind = s.u8();
                long index = s.u32L();
                if (kind == 3 && index >= globals) {
                    throw s.error(at, "export " + name + " names unknown global " + index);
                }
            }
            section.clear();
            section.u32(n + 1L);
            section.put(in, first, s.end - first);
            fuelExport();
            out.section(EXPORT, section);
            exported = true;
        }

        private void code(WasmReader s) {
            sawCode = true;
            int n = s.count("function body", Integer.MAX_VALUE, 3);
            if (n != functionTypes.length) {
                throw s.error(
                        s.pos,
                        "the code section has "
                                + n
                                + " bodies for "
                                + functionTypes.length
                                + " functions");
            }
            section.clear();
            section.u32(n);
            WasmReader b = new WasmReader(in, 0, 0);
            for (int i = 0; i < n; i++) {
                int at = s.pos;
                long size = s.u32L();
                if (size > s.remaining()) {
                    throw s.error(at, "function body " + i + " exceeds the code section");
                }
                b.pos = s.pos;
                b.end = s.pos + (int) size;
                body(b, i);
                section.u32(body.size());
                section.put(body);
                s.pos = b.end;
            }
            out.section(CODE, section);
        }

        /** Rewrites one function body into {@link #body}. */
        private void body(WasmReader b, int function) {
            int localsStart = b.pos;
            int groups = b.u32();
            int groupsStart = b.pos;
            long locals = typeParams[functionTypes[function]];
            for (int g = 0; g < groups; g++) {
                locals += b.u32L();
                decoder.valType(b);
            }
            if (locals > 0xFFFF_FFFBL) {
                throw b.error(localsStart, "function " + function + " declares too many locals");
            }
            int codeStart = b.pos;
            int scratch = scan(b, function, locals);
            fuelLocal = inGlobal ? -1 : locals;
            scratchLocal = inGlobal ? locals : locals + 1;

            body.clear();
            int added = (inGlobal ? 0 : 1) + (scratch > 0 ? 1 : 0);
            if (added == 0) {
                body.put(in, localsStart, codeStart - localsStart);
            } else {
                body.u32(groups + (long) added);
                body.put(in, groupsStart, codeStart - groupsStart);
                if (!inGlobal) {
                    body.put(1);
                    body.put(I64);
                }
                if (scratch > 0) {
                    body.put(scratch);
                    body.put(I32);
                }
            }
            int copied = codeStart;
            for (int p = 0; p < points; p++) {
                body.put(in, copied, pointOffset[p] - copied);
                copied = pointOffset[p];
                switch (pointKind[p]) {
                    case CHARGE, CHECKED_CHARGE -> {
                        if (pointCost[p] > 0) { // zero: unreachable code, never charged
                            charge(pointCost[p], pointKind[p] == CHECKED_CHARGE);
                        }
                    }
                    case DYNAMIC -> chargeDynamic(pointCost[p]);
                    case BOUNDED -> chargeInBounds(pointCost[p], pointMemory[p]);
                    case RELOAD -> {
                        // Nothing charges between a call and the next store (every branch and
                        // block boundary is a point), so the global is still exact there: skip
                        // both. Every path past the store reloads or leaves the function.
                        if (p + 1 < points && pointKind[p + 1] == FLUSH) {
                            p++;
                        } else {
                            reload();
                        }
                    }
                    case FLUSH -> flush();
                    default -> throw new IllegalStateException("point kind " + pointKind[p]);
                }
            }
            body.put(in, copied, b.end - copied);
        }

        /**
         * First pass over a body: finds the basic blocks, the calls and exits, and the dynamically
         * charged operations, and checks that the original code names no local or global the
         * rewrite adds. Sets {@link #inGlobal}; returns how many scratch {@code i32} locals the
         * body needs (0, 1, or 3 for a bounds check).
         */
        private int scan(WasmReader b, int function, long locals) {
            long globals = importedGlobals + (long) Math.max(globalCount, 0);
            points = 0;
            depth = 0;
            live = true;
            inGlobal = false;
            push(FUNCTION);
            point(RELOAD, b.pos, 0);
            int block = point(CHECKED_CHARGE, b.pos, 0);
            long count = 0;
            int scratch = 0;
            while (true) {
                int at = b.pos;
                int kind = decoder.next(b);
                count++;
                int split = -1;
                byte splitKind = CHARGE;
                boolean nextLive = live;
                switch (kind) {
                    case InstructionDecoder.PLAIN -> {
                        int op = decoder.opcode;
                        if ((op == 0x20 || op == 0x21 || op == 0x22) && decoder.index >= locals) {
                            throw b.error(at, "unknown local " + decoder.index);
                        }
                        if ((op == 0x23 || op == 0x24) && decoder.index >= globals) {
                            throw b.error(at, "unknown global " + decoder.index);
                        }
                    }
                    case InstructionDecoder.DYNAMIC -> {
                        long unit =
                                switch (decoder.dynamicUnit) {
                                    case InstructionDecoder.UNIT_BYTE -> costs.memoryByte();
                                    case InstructionDecoder.UNIT_ELEMENT -> costs.tableElement();
                                    default -> costs.memoryPage();
                                };
                        if (unit > 0 && live) {
                            int op = decoder.opcode;
                            if (op == 0xFC08 || op == 0xFC0A || op == 0xFC0B) {
                                int p = point(BOUNDED, at, unit);
                                pointMemory[p] =
                                        Integer.toUnsignedLong(decoder.memory)
                                                | (decoder.sourceMemory < 0
                                                        ? NO_SOURCE
                                                        : (long) decoder.sourceMemory << 32);
                                scratch = 3;
                            } else {
                                point(DYNAMIC, at, unit);
                                scratch = Math.max(scratch, 1);
                            }
                        }
                    }
                    case InstructionDecoder.BLOCK -> push(BLOCK);
                    case InstructionDecoder.TRY_TABLE -> {
                        // A caught exception lands with a stale counter; see the class javadoc.
                        inGlobal = true;
                        for (int i = 0; i < decoder.labelCount; i++) {
                            target(b, at, decoder.labels[i]);
                        }
                        push(BLOCK);
                    }
                    case InstructionDecoder.LOOP -> {
                        push(LOOP);
                        split = b.pos;
                        splitKind = CHECKED_CHARGE;
                    }
                    case InstructionDecoder.IF -> {
                        push(IF_FRAME);
                        split = b.pos;
                    }
                    case InstructionDecoder.ELSE -> {
                        if (frameKind[depth - 1] != IF_FRAME) {
                            throw b.error(at, "else without if");
                        }
                        split = b.pos;
                        nextLive = frameLive[depth - 1];
                    }
                    case InstructionDecoder.END -> {
                        depth--;
                        if (depth == 0) {
                            pointCost[block] = live ? count * costs.instruction() : 0;
                            if (b.hasMore()) {
                                throw b.error(
                                        b.pos,
                                        "function " + function + " has bytes after its final end");
                            }
                            point(FLUSH, at, 0);
                            return scratch;
                        }
                        byte frame = frameKind[depth];
                        if (frame == IF_FRAME || (frame == BLOCK && frameTargeted[depth])) {
                            split = b.pos;
                            nextLive = frameLive[depth];
                        }
                    }
                    case InstructionDecoder.BR, InstructionDecoder.BR_IF -> {
                        target(b, at, decoder.label);
                        split = b.pos;
                        nextLive = live && kind == InstructionDecoder.BR_IF;
                    }
                    case InstructionDecoder.BR_TABLE -> {
                        for (int i = 0; i < decoder.labelCount; i++) {
                            target(b, at, decoder.labels[i]);
                        }
                        split = b.pos;
                        nextLive = false;
                    }
                    case InstructionDecoder.TERMINATE -> {
                        point(FLUSH, at, 0);
                        split = b.pos;
                        nextLive = false;
                    }
                    case InstructionDecoder.CALL -> {
                        point(FLUSH, at, 0);
                        point(RELOAD, b.pos, 0);
                    }
                    default -> throw new IllegalStateException("instruction kind " + kind);
                }
                if (split >= 0) {
                    pointCost[block] = live ? count * costs.instruction() : 0;
                    block = point(splitKind, split, 0);
                    count = 0;
                    live = nextLive;
                }
            }
        }

        private void push(byte kind) {
            if (depth == frameKind.length) {
                frameKind = Arrays.copyOf(frameKind, depth * 2);
                frameTargeted = Arrays.copyOf(frameTargeted, depth * 2);
                frameLive = Arrays.copyOf(frameLive, depth * 2);
            }
            frameKind[depth] = kind;
            frameTargeted[depth] = false;
            frameLive[depth] = live;
            depth++;
        }

        private void target(WasmReader b, int at, int label) {
            if (label < 0 || label >= depth) {
                throw b.error(at, "branch depth " + label + " exceeds the nesting depth " + depth);
            }
            frameTargeted[depth - 1 - label] = true;
        }

        private int point(byte kind, int offset, long cost) {
            if (points == pointOffset.length) {
                pointOffset = Arrays.copyOf(pointOffset, points * 2);
                pointKind = Arrays.copyOf(pointKind, points * 2);
                pointCost = Arrays.copyOf(pointCost, points * 2);
                pointMemory = Arrays.copyOf(pointMemory, points * 2);
            }
            pointOffset[points] = offset;
            pointKind[points] = kind;
            pointCost[points] = cost;
            return points++;
        }

        private int fuelGlobalIndex() {
            return importedGlobals + Math.max(globalCount, 0);
        }

        /** Pushes the counter. */
        private void getFuel() {
            accessFuel(GLOBAL_GET, LOCAL_GET);
        }

        /** Pops the counter. */
        private void setFuel() {
            accessFuel(GLOBAL_SET, LOCAL_SET);
        }

        /** The counter lives in the global in global mode, else in the function's fuel local. */
        private void accessFuel(int globalOpcode, int localOpcode) {
            body.put(inGlobal ? globalOpcode : localOpcode);
            body.u32(inGlobal ? fuelGlobalIndex() : fuelLocal);
        }

        /** {@code fuel -= cost}, then {@code if (fuel < 0) unreachable} when {@code checked}. */
        private void charge(long cost, boolean checked) {
            getFuel();
            body.put(I64_CONST);
            body.s64(cost);
            body.put(I64_SUB);
            setFuel();
            if (checked || inGlobal) {
                trapIfExhausted();
            }
        }

        /** Charges {@code unit} per unit of the i32 count on top of the stack, which it keeps. */
        private void chargeDynamic(long unit) {
            body.put(LOCAL_SET);
            body.u32(scratchLocal);
            chargePer(scratchLocal, unit);
            body.put(LOCAL_GET);
            body.u32(scratchLocal);
        }

        /** Subtracts {@code unit} times the i32 count in {@code count} from the fuel; may trap. */
        private void chargePer(long count, long unit) {
            getFuel();
            body.put(LOCAL_GET);
            body.u32(count);
            body.put(I64_EXTEND_I32_U);
            if (unit != 1) {
                body.put(I64_CONST);
                body.s64(unit);
                body.put(I64_MUL);
            }
            body.put(I64_SUB);
            setFuel();
            trapIfExhausted();
        }

        /**
         * For {@code memory.fill/copy/init} with {@code [dst, src or value, len]} on the stack,
         * which it keeps: charges {@code unit} per byte only when {@code dst + len}, and for a copy
         * {@code src + len}, are within the memories' current sizes (in 64-bit arithmetic, so
         * nothing wraps). An operation out of bounds goes uncharged and traps as out of bounds.
         */
        private void chargeInBounds(long unit, long memories) {
            long length = scratchLocal;
            long second = scratchLocal + 1;
            long first = scratchLocal + 2;
            body.put(LOCAL_SET);
            body.u32(length);
            body.put(LOCAL_SET);
            body.u32(second);
            body.put(LOCAL_SET);
            body.u32(first);
            fitsIn(first, length, memories & 0xFFFF_FFFFL);
            if ((memories & NO_SOURCE) == 0) {
                fitsIn(second, length, memories >>> 32);
                body.put(I32_AND);
            }
            body.put(IF);
            body.put(EMPTY_BLOCK);
            chargePer(length, unit);
            body.put(END);
            body.put(LOCAL_GET);
            body.u32(first);
            body.put(LOCAL_GET);
            body.u32(second);
            body.put(LOCAL_GET);
            body.u32(length);
        }

        /** Pushes {@code start + length <= size of memory}, as an i32 condition. */
        private void fitsIn(long start, long length, long memory) {
            body.put(LOCAL_GET);
            body.u32(start);
            body.put(I64_EXTEND_I32_U);
            body.put(LOCAL_GET);
            body.u32(length);
            body.put(I64_EXTEND_I32_U);
            body.put(I64_ADD);
            body.put(MEMORY_SIZE);
            body.u32(memory);
            body.put(I64_EXTEND_I32_U);
            body.put(I64_CONST);
            body.put(16);
            body.put(I64_SHL);
            body.put(I64_LE_U);
        }

        /** Stores the local counter into the global, where callees, the host and traps see it. */
        private void flush() {
            if (!inGlobal) {
                body.put(LOCAL_GET);
                body.u32(fuelLocal);
                body.put(GLOBAL_SET);
                body.u32(fuelGlobalIndex());
            }
        }

        /** Loads the global counter into the local one, after a call has charged it. */
        private void reload() {
            if (!inGlobal) {
                body.put(GLOBAL_GET);
                body.u32(fuelGlobalIndex());
                body.put(LOCAL_SET);
                body.u32(fuelLocal);
            }
        }

        private void trapIfExhausted() {
            getFuel();
            body.put(I64_CONST);
            body.put(0);
            body.put(I64_LT_S);
            body.put(IF);
            body.put(EMPTY_BLOCK);
            flush();
            body.put(UNREACHABLE);
            body.put(END);
        }
    }
}
