/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits functions too large for HotSpot's JIT by moving structured regions of their code into new
 * functions.
 *
 * <p>Endive compiles each Wasm function into one JVM method, and HotSpot never JIT-compiles a
 * method of more than 8,000 bytecode bytes: such a function runs in the bytecode interpreter, about
 * twice as slow overall. Rust and C compilers routinely emit functions that large (a serde
 * deserializer, a big {@code match}). This pass replaces, in every function of more than {@link
 * Limits#hugeFunction()} instructions, the largest eligible {@code block}, {@code loop} or {@code
 * if} constructs by calls to new functions, until the function is down to {@link
 * Limits#targetFunction()} instructions or nothing more can move.
 *
 * <h2>How a region moves</h2>
 *
 * <ul>
 *   <li>The new function takes as parameters every local the region uses (and the condition of an
 *       {@code if}); locals keep their values because they are passed in, and the locals the region
 *       writes are passed back through transfer globals appended after every existing global.
 *   <li>A branch out of the region (to an enclosing label, or {@code return}) becomes a branch to a
 *       wrapper block in the new function, which returns the exit's number; the caller then
 *       branches to the original target with the value the branch carried, passed back through a
 *       transfer global too. Without such exits the new function returns the region's result
 *       directly.
 *   <li>The instructions the rewrite adds do not touch the fuel counter: the fuel local of {@link
 *       FuelInstrumenter} is an ordinary local here, so a split module consumes exactly the fuel of
 *       the unsplit one. Run this pass after the fuel rewrite.
 * </ul>
 *
 * <p>A region is eligible when it has no parameters, its result and every exit carry at most one
 * number value, every local it uses is a number, its parameters fit a JVM method, and it contains
 * no GC branch. Functions with {@code try_table} are left alone (a caught exception would skip the
 * write-back of locals), as are functions with tail calls (Endive runs them as calls, so they
 * recurse on the JVM stack, and a moved region would add a frame to every level) and modules with
 * GC types. A call into a moved region costs one JVM frame while it runs: recursion through a split
 * function reaches the policy's stack limit somewhat sooner than through the whole one. Existing
 * indices of types, functions and globals never move; every section other than type, function,
 * global and code is copied byte for byte. Output is deterministic.
 *
 * <p>The analysis costs at most {@value #WORK_BUDGET} steps (instructions × nesting depth) per
 * module, and memory in proportion to the code: a function that would cost more than what is left
 * stays whole, so a hostile module cannot make the load slow or large.
 *
 * <p>Run {@link ModulePrescan} (and usually {@link FuelInstrumenter}) first; this pass assumes a
 * well-formed module and leaves validation to the engine. Stateless and thread-safe.
 */
public final class Outliner {
    /** Bumped whenever the pass changes what it emits. */
    public static final int VERSION = 1;

    /**
     * When to split and how far, in Wasm instructions. Endive emits 2 to 3 bytecode bytes per
     * instruction of a metered function, so the defaults split above about 6,000 bytes and aim
     * below 4,500, leaving room for the estimate's error under HotSpot's 8,000.
     *
     * @param hugeFunction functions with more instructions than this are split
     * @param targetFunction splitting stops once a function is down to this
     * @param minRegion smaller regions are not worth a call
     * @param maxRegion larger regions are not moved whole (their parts may be)
     */
    public record Limits(int hugeFunction, int targetFunction, int minRegion, int maxRegion) {
        public static final Limits DEFAULTS = new Limits(2_400, 1_500, 32, 2_000);

        public Limits {
            if (minRegion < 1 || minRegion > maxRegion || targetFunction > hugeFunction) {
                throw new IllegalArgumentException(
                        "need 1 <= minRegion <= maxRegion and targetFunction <= hugeFunction");
            }
        }
    }

    /** JVM parameter slots a new function may use; Endive boxes parameters beyond 253. */
    private static final int MAX_PARAMETER_SLOTS = 200;

    private static final byte EMPTY = 0x40;
    private static final byte I32 = 0x7F;
    private static final byte I64 = 0x7E;
    private static final byte F32 = 0x7D;
    private static final byte F64 = 0x7C;

    private Outliner() {}

    private static boolean number(byte type) {
        return type == I32 || type == I64 || type == F32 || type == F64;
    }

    /** At most one value, a number. */
    private static boolean numbers(byte[] types) {
        return types.length == 0 || (types.length == 1 && number(types[0]));
    }

    /** Returns {@code module} with its huge functions split, or {@code module} itself. */
    public static byte[] outline(byte[] module, Limits limits) {
        Module m = Module.read(module);
        if (m == null) {
            return module;
        }
        return new Split(m, limits).run();
    }

    /** The parts of a module the pass reads. */
    private static final class Module {
        final byte[] bytes;
        final List<int[]> sections = new ArrayList<>(); // {id, start, contentStart, end}
        final List<byte[][]> types = new ArrayList<>(); // {params, results}
        int importedFunctions;
        int importedGlobals;
        int definedGlobals;
        int[] functionTypes = new int[0];
        int[] bodyStart = new int[0];
        int[] bodyEnd = new int[0];

        private Module(byte[] bytes) {
            this.bytes = bytes;
        }

        /** Null when there is nothing this pass can work on. */
        static @Nullable Module read(byte[] bytes) {
            Module m = new Module(bytes);
            WasmReader r = ModulePrescan.preamble(bytes);
            while (r.hasMore()) {
                int start = r.pos;
                int id = r.u8();
                int size = r.u32();
                int content = r.pos;
                m.sections.add(new int[] {id, start, content, content + size});
                WasmReader s = new WasmReader(bytes, content, content + size);
                switch (id) {
                    case 1 -> {
                        if (!m.types(s)) {
                            return null;
                        }
                    }
                    case 2 -> m.imports(s);
                    case 3 -> {
                        int n = s.u32();
                        m.functionTypes = new int[n];
                        for (int i = 0; i < n; i++) {
                            m.functionTypes[i] = s.u32();
                        }
                    }
                    case 6 -> m.definedGlobals = s.u32();
                    case 10 -> m.bodies(s);
                    default -> {}
                }
                r.pos = content + size;
            }
            return m.bodyStart.length == 0 ? null : m;
        }

        private boolean types(WasmReader s) {
            int n = s.u32();
            for (int i = 0; i < n; i++) {
                if (s.u8() != 0x60) {
                    return false; // GC types: leave the module alone
                }
                byte[] params = valTypes(s);
                byte[] results = valTypes(s);
                types.add(new byte[][] {params, results});
            }
            return true;
        }

        private static byte[] valTypes(WasmReader s) {
            int n = s.u32();
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) s.u8(); // GC reference types were excluded with their types
            }
            return out;
        }

        private void imports(WasmReader s) {
            InstructionDecoder decoder = new InstructionDecoder(ModulePrescan.ALL_FEATURES);
            int n = s.u32();
            for (int i = 0; i < n; i++) {
                s.skip(s.u32());
                s.skip(s.u32());
                switch (decoder.importDescriptor(s)) {
                    case 0 -> importedFunctions++;
                    case 3 -> importedGlobals++;
                    default -> {}
                }
            }
        }

        private void bodies(WasmReader s) {
            int n = s.u32();
            bodyStart = new int[n];
            bodyEnd = new int[n];
            for (int i = 0; i < n; i++) {
                int size = s.u32();
                bodyStart[i] = s.pos;
                bodyEnd[i] = s.pos + size;
                s.pos += size;
            }
        }
    }

    /** A structured construct of one function body, as the analysis sees it. */
    private static final class Construct {
        final int at; // offset of its opcode
        final int level; // its label's level; the function's label is level 0
        final int firstInstruction;
        final @Nullable Construct parent;
        final byte[] functionResults;
        final boolean isIf;
        final byte[] results;
        final boolean badType; // parameters, or results this pass cannot carry
        final byte[] labelType;
        final BitSet exits = new BitSet(); // levels of the enclosing labels it branches to
        int end; // offset after its end
        int instructions;
        boolean badContent; // something inside it cannot move
        // The locals it uses and writes, ascending; known once it is a candidate.
        int[] used = new int[0];
        int[] written = new int[0];

        Construct(
                int at,
                int level,
                int firstInstruction,
                @Nullable Construct parent,
                byte[] functionResults,
                int kind,
                byte[][] type) {
            this.at = at;
            this.level = level;
            this.firstInstruction = firstInstruction;
            this.parent = parent;
            this.functionResults = functionResults;
            this.isIf = kind == InstructionDecoder.IF;
            this.results = type[1];
            this.badType = type[0].length > 0 || !numbers(type[1]);
            this.labelType = kind == InstructionDecoder.LOOP ? type[0] : type[1];
        }

        /** Whether it may move, as far as its shape tells; its locals are checked after. */
        boolean shapeAllows(Limits limits) {
            return !badType
                    && !badContent
                    && instructions >= limits.minRegion()
                    && instructions <= limits.maxRegion();
        }

        List<Integer> exitLevels() {
            List<Integer> levels = new ArrayList<>();
            exits.stream().forEach(levels::add);
            return levels;
        }

        /** What leaving through exit {@code j} carries; exit 0 is the construct's own end. */
        byte[] carried(int j, List<Integer> exitLevels) {
            if (j == 0) {
                return results;
            }
            int level = exitLevels.get(j - 1);
            for (Construct a = parent; a != null; a = a.parent) {
                if (a.level == level) {
                    return a.labelType;
                }
            }
            return functionResults;
        }
    }

    /** The regions chosen in one function. */
    private record Plan(int function, int codeStart, byte[] localTypes, List<Construct> regions) {}

    /**
     * The analysis of a function costs up to (instructions + branch targets) × nesting depth steps;
     * a module gets this many in all, and a function that would exceed what is left stays whole.
     * Real plugins use a few hundred thousand; a hostile one cannot stall the loader.
     */
    static final long WORK_BUDGET = 50_000_000;

    /** What one pass over a body finds: its size and what analysing it would cost. */
    private record Shape(int instructions, long work) {}

    private static final class Split {
        private final Module m;
        private final Limits limits;
        private final InstructionDecoder decoder =
                new InstructionDecoder(ModulePrescan.ALL_FEATURES);
        private final List<byte[][]> newTypes = new ArrayList<>();
        private final List<Integer> newFunctionTypes = new ArrayList<>();
        private final List<ByteBuf> newBodies = new ArrayList<>();
        private final int[] transfers = new int[4]; // per number type; slot 0 carries values
        private final @Nullable ByteBuf[] rewritten;
        private long work = WORK_BUDGET;
        // Scratch sets of local indices, always left clear.
        private final BitSet seen = new BitSet();
        private final BitSet seenWritten = new BitSet();
        // Original local index -> parameter index in the function being extracted.
        private int[] map = new int[0];

        Split(Module m, Limits limits) {
            this.m = m;
            this.limits = limits;
            this.rewritten = new ByteBuf[m.bodyStart.length];
        }

        byte[] run() {
            List<Plan> plans = new ArrayList<>();
            for (int f = 0; f < m.bodyStart.length; f++) {
                Plan plan = plan(f);
                if (plan != null) {
                    plans.add(plan);
                }
            }
            if (plans.isEmpty()) {
                return m.bytes;
            }
            // Transfer-global indices depend on the counts over every region: emit afterwards.
            for (Plan plan : plans) {
                rewritten[plan.function()] = emit(plan);
            }
            return emitModule();
        }

        // ---- analysis ----

        /** The type of every local, parameters first; null if one is not a plain value type. */
        private byte @Nullable [] localTypes(int function, WasmReader b) {
            byte[] params = m.types.get(m.functionTypes[function])[0];
            int groups = b.u32();
            int at = b.pos;
            long total = params.length;
            for (int g = 0; g < groups; g++) {
                total += b.u32L();
                int type = b.u8();
                if (type == 0x64 || type == 0x63 || total > 1_000_000) {
                    return null;
                }
            }
            byte[] types = Arrays.copyOf(params, (int) total);
            b.pos = at;
            int next = params.length;
            for (int g = 0; g < groups; g++) {
                int count = b.u32();
                byte type = (byte) b.u8();
                Arrays.fill(types, next, next + count, type);
                next += count;
            }
            return types;
        }

        private @Nullable Plan plan(int function) {
            WasmReader b = new WasmReader(m.bytes, m.bodyStart[function], m.bodyEnd[function]);
            byte[] localTypes = localTypes(function, b);
            if (localTypes == null) {
                return null;
            }
            int codeStart = b.pos;
            Shape shape = shape(b);
            if (shape.instructions() <= limits.hugeFunction() || shape.work() > work) {
                return null;
            }
            work -= shape.work();
            b.pos = codeStart;
            List<Construct> constructs = new ArrayList<>();
            int total = analyse(function, b, constructs);
            if (total <= limits.hugeFunction()) {
                return null;
            }
            List<Construct> chosen = choose(constructs, total, localTypes);
            if (chosen.isEmpty()) {
                return null;
            }
            for (Construct c : chosen) {
                reserveTransfers(c, localTypes);
            }
            return new Plan(function, codeStart, localTypes, chosen);
        }

        private Shape shape(WasmReader b) {
            int instructions = 0;
            long targets = 0;
            int depth = 0;
            int deepest = 0;
            while (b.hasMore()) {
                int kind = decoder.next(b);
                instructions++;
                switch (kind) {
                    case InstructionDecoder.BLOCK,
                            InstructionDecoder.LOOP,
                            InstructionDecoder.IF,
                            InstructionDecoder.TRY_TABLE ->
                            deepest = Math.max(deepest, ++depth);
                    case InstructionDecoder.END -> depth--;
                    case InstructionDecoder.BR_TABLE -> targets += decoder.labelCount;
                    default -> {}
                }
            }
            return new Shape(instructions, (instructions + targets) * (deepest + 1L));
        }

        /**
         * Walks a body, recording every construct with the locals it uses and the labels it leaves.
         * Returns the instruction count, or {@link Integer#MIN_VALUE} when the function must stay
         * whole.
         */
        private int analyse(int function, WasmReader b, List<Construct> constructs) {
            List<Construct> open = new ArrayList<>();
            List<byte[]> labelTypes = new ArrayList<>();
            labelTypes.add(m.types.get(m.functionTypes[function])[1]);
            int count = 0;
            while (b.hasMore()) {
                int at = b.pos;
                int kind = decoder.next(b);
                count++;
                int op = decoder.opcode;
                switch (kind) {
                    case InstructionDecoder.BLOCK,
                            InstructionDecoder.LOOP,
                            InstructionDecoder.IF -> {
                        Construct c =
                                new Construct(
                                        at,
                                        labelTypes.size(),
                                        count,
                                        open.isEmpty() ? null : open.get(open.size() - 1),
                                        labelTypes.get(0),
                                        kind,
                                        blockType(at + 1));
                        open.add(c);
                        constructs.add(c);
                        labelTypes.add(c.labelType);
                    }
                    case InstructionDecoder.TRY_TABLE -> {
                        return Integer.MIN_VALUE;
                    }
                    case InstructionDecoder.END -> {
                        if (!open.isEmpty()) {
                            Construct c = open.remove(open.size() - 1);
                            labelTypes.remove(labelTypes.size() - 1);
                            c.end = b.pos;
                            c.instructions = count - c.firstInstruction + 1;
                        }
                    }
                    case InstructionDecoder.BR, InstructionDecoder.BR_IF -> {
                        if (op == 0x0C || op == 0x0D) {
                            exit(open, labelTypes, labelTypes.size() - 1 - decoder.label);
                        } else {
                            markAll(open); // a GC branch, which this pass does not rewrite
                        }
                    }
                    case InstructionDecoder.BR_TABLE -> {
                        for (int i = 0; i < decoder.labelCount; i++) {
                            exit(open, labelTypes, labelTypes.size() - 1 - decoder.labels[i]);
                        }
                    }
                    case InstructionDecoder.TERMINATE -> {
                        if (op == 0x0F) {
                            exit(open, labelTypes, 0);
                        } else if (op != 0x00 && op != 0x08 && op != 0x0A) {
                            // Endive runs a tail call as a call, so tail-calling functions
                            // recurse on the JVM stack; a moved region would deepen every level.
                            return Integer.MIN_VALUE;
                        }
                    }
                    default -> {}
                }
            }
            return count;
        }

        private static void markAll(List<Construct> open) {
            for (Construct c : open) {
                c.badContent = true;
            }
        }

        /** Records a branch to {@code level} in every open construct it leaves. */
        private static void exit(List<Construct> open, List<byte[]> labelTypes, int level) {
            boolean carriable = numbers(labelTypes.get(level));
            for (int i = open.size() - 1; i >= 0 && open.get(i).level > level; i--) {
                Construct c = open.get(i);
                c.exits.set(level);
                c.badContent |= !carriable;
            }
        }

        private byte[][] blockType(int at) {
            int b = m.bytes[at] & 0xFF;
            if (b == EMPTY) {
                return new byte[][] {new byte[0], new byte[0]};
            }
            if (b >= 0x6F && b <= 0x7F) {
                return new byte[][] {new byte[0], new byte[] {(byte) b}};
            }
            return m.types.get((int) new WasmReader(m.bytes, at, m.bytes.length).s33());
        }

        /** The largest movable constructs, outermost first, until the function is small. */
        private List<Construct> choose(List<Construct> constructs, int total, byte[] localTypes) {
            List<Construct> candidates = new ArrayList<>();
            int coveredUntil = -1;
            for (Construct c : constructs) { // in opcode order: a parent before its children
                if (c.at >= coveredUntil && c.shapeAllows(limits) && readLocals(c, localTypes)) {
                    candidates.add(c);
                    coveredUntil = c.end;
                }
            }
            candidates.sort(Comparator.comparingInt((Construct c) -> -c.instructions));
            List<Construct> chosen = new ArrayList<>();
            int remaining = total;
            for (Construct c : candidates) {
                if (remaining <= limits.targetFunction()) {
                    break;
                }
                chosen.add(c);
                remaining -= c.instructions;
            }
            chosen.sort(Comparator.comparingInt((Construct c) -> c.at));
            return chosen;
        }

        /**
         * Fills in the locals {@code c} uses and writes; false if one is not a number or they would
         * not fit a JVM method's parameters.
         */
        private boolean readLocals(Construct c, byte[] localTypes) {
            List<Integer> used = new ArrayList<>();
            List<Integer> written = new ArrayList<>();
            WasmReader r = new WasmReader(m.bytes, c.at, c.end);
            boolean numbers = true;
            while (r.hasMore()) {
                decoder.next(r);
                int op = decoder.opcode;
                if (op == 0x20 || op == 0x21 || op == 0x22) {
                    int local = (int) decoder.index;
                    numbers &= number(localTypes[local]);
                    if (!seen.get(local)) {
                        seen.set(local);
                        used.add(local);
                    }
                    if (op != 0x20 && !seenWritten.get(local)) {
                        seenWritten.set(local);
                        written.add(local);
                    }
                }
            }
            used.forEach(seen::clear);
            written.forEach(seenWritten::clear);
            c.used = used.stream().mapToInt(Integer::intValue).sorted().toArray();
            c.written = written.stream().mapToInt(Integer::intValue).sorted().toArray();
            return numbers && (c.isIf ? 1 : 0) + c.used.length * 2 <= MAX_PARAMETER_SLOTS;
        }

        private void reserveTransfers(Construct c, byte[] localTypes) {
            int[] needed = new int[4];
            for (int local : c.written) {
                needed[slot(localTypes[local])]++;
            }
            boolean[] carries = new boolean[4];
            List<Integer> exitLevels = c.exitLevels();
            for (int j = exitLevels.isEmpty() ? 1 : 0; j <= exitLevels.size(); j++) {
                byte[] carried = c.carried(j, exitLevels);
                if (carried.length == 1) {
                    carries[slot(carried[0])] = true;
                }
            }
            for (int t = 0; t < 4; t++) {
                if (needed[t] > 0 || carries[t]) {
                    transfers[t] = Math.max(transfers[t], needed[t] + 1);
                }
            }
        }

        // ---- emission ----

        private ByteBuf emit(Plan plan) {
            int function = plan.function();
            int start = m.bodyStart[function];
            int codeStart = plan.codeStart();
            int exitCode = plan.localTypes().length; // the added i32 local for exit codes
            boolean dispatch = plan.regions().stream().anyMatch(c -> !c.exits.isEmpty());
            ByteBuf body = new ByteBuf(m.bodyEnd[function] - start + 64);
            if (dispatch) {
                WasmReader b = new WasmReader(m.bytes, start, codeStart);
                body.u32(b.u32() + 1L);
                body.put(m.bytes, b.pos, codeStart - b.pos);
                body.put(1);
                body.put(I32);
            } else {
                body.put(m.bytes, start, codeStart - start);
            }
            int copied = codeStart;
            for (Construct c : plan.regions()) {
                body.put(m.bytes, copied, c.at - copied);
                call(c, extract(c, plan.localTypes()), plan.localTypes(), exitCode, body);
                copied = c.end;
            }
            body.put(m.bytes, copied, m.bodyEnd[function] - copied);
            return body;
        }

        /**
         * Replaces {@code c} in its caller: pass the locals, call, take back the written locals,
         * and follow the exit the callee reports.
         */
        private void call(Construct c, int callee, byte[] localTypes, int exitCode, ByteBuf out) {
            for (int local : c.used) {
                out.put(0x20);
                out.u32(local);
            }
            out.put(0x10);
            out.u32(callee);
            List<Integer> exitLevels = c.exitLevels();
            if (exitLevels.isEmpty()) {
                transferLocals(c, localTypes, null, out);
                return;
            }
            out.put(0x21);
            out.u32(exitCode);
            transferLocals(c, localTypes, null, out);
            int k = exitLevels.size();
            out.put(0x02); // stands where the region's own label stood
            out.put(blockTypeOf(c.results));
            for (int j = k; j >= 0; j--) {
                out.put(0x02);
                out.put(EMPTY);
            }
            out.put(0x20);
            out.u32(exitCode);
            out.put(0x0E);
            out.u32(k);
            for (int j = 0; j < k; j++) {
                out.u32(j);
            }
            out.u32(k);
            for (int j = 0; j <= k; j++) {
                out.put(0x0B);
                byte[] carried = c.carried(j, exitLevels);
                if (carried.length == 1) {
                    out.put(0x23);
                    out.u32(transferGlobal(carried[0], 0));
                }
                out.put(0x0C);
                // exit 0 ends the region's block; exit j reaches its target from there
                out.u32(j == 0 ? k : (k - j) + c.level - exitLevels.get(j - 1));
            }
            out.put(0x0B);
        }

        /** Creates the function that runs {@code c}; returns its index. */
        private int extract(Construct c, byte[] localTypes) {
            if (map.length < localTypes.length) {
                map = new int[localTypes.length];
            }
            int first = c.isIf ? 1 : 0;
            byte[] params = new byte[first + c.used.length];
            if (c.isIf) {
                params[0] = I32;
            }
            int next = first;
            for (int local : c.used) { // only these entries of map are read for this region
                map[local] = next;
                params[next++] = localTypes[local];
            }
            List<Integer> exitLevels = c.exitLevels();
            boolean direct = exitLevels.isEmpty();

            ByteBuf body = new ByteBuf(c.end - c.at + 64);
            body.u32(0); // no locals beyond the parameters
            for (int j = direct ? -1 : exitLevels.size(); j >= 0; j--) {
                body.put(0x02); // the wrapper block exit j leaves through
                body.put(blockTypeOf(c.carried(j, exitLevels)));
            }
            if (c.isIf) {
                body.put(0x20);
                body.u32(0);
            }
            copyRegion(c, map, exitLevels, body);
            if (direct) {
                transferLocals(c, localTypes, map, body);
            }
            for (int j = 0; !direct && j <= exitLevels.size(); j++) {
                body.put(0x0B);
                byte[] carried = c.carried(j, exitLevels);
                if (carried.length == 1) {
                    body.put(0x24);
                    body.u32(transferGlobal(carried[0], 0));
                }
                transferLocals(c, localTypes, map, body);
                body.put(0x41);
                body.s64(j);
                body.put(0x0F);
            }
            body.put(0x0B);
            newTypes.add(new byte[][] {params, direct ? c.results : new byte[] {I32}});
            newFunctionTypes.add(m.types.size() + newTypes.size() - 1);
            newBodies.add(body);
            return m.importedFunctions + m.bodyStart.length + newBodies.size() - 1;
        }

        private static int blockTypeOf(byte[] results) {
            return results.length == 0 ? EMPTY : results[0];
        }

        /** Copies the region's code, renumbering locals and redirecting its exits. */
        private void copyRegion(Construct c, int[] map, List<Integer> exitLevels, ByteBuf body) {
            int[] exitOf = new int[c.level]; // target level -> exit number (1-based)
            for (int j = 0; j < exitLevels.size(); j++) {
                exitOf[exitLevels.get(j)] = j + 1;
            }
            WasmReader r = new WasmReader(m.bytes, c.at, c.end);
            int depth = c.level; // labels open, the function's included
            int copied = c.at;
            while (r.hasMore()) {
                int at = r.pos;
                int kind = decoder.next(r);
                int op = decoder.opcode;
                // In the new function the wrapper of exit j sits j labels outside the region.
                long inside = depth - c.level;
                switch (kind) {
                    case InstructionDecoder.BLOCK, InstructionDecoder.LOOP, InstructionDecoder.IF ->
                            depth++;
                    case InstructionDecoder.END -> depth--;
                    case InstructionDecoder.PLAIN -> {
                        if (op == 0x20 || op == 0x21 || op == 0x22) {
                            body.put(m.bytes, copied, at - copied);
                            body.put(op);
                            body.u32(map[(int) decoder.index]);
                            copied = r.pos;
                        }
                    }
                    case InstructionDecoder.BR, InstructionDecoder.BR_IF -> {
                        int level = depth - 1 - decoder.label;
                        if (level < c.level) {
                            body.put(m.bytes, copied, at - copied);
                            body.put(op);
                            body.u32(inside + exitOf[level]);
                            copied = r.pos;
                        }
                    }
                    case InstructionDecoder.BR_TABLE -> {
                        body.put(m.bytes, copied, at - copied);
                        body.put(op);
                        body.u32(decoder.labelCount - 1L);
                        for (int i = 0; i < decoder.labelCount; i++) {
                            int level = depth - 1 - decoder.labels[i];
                            body.u32(level < c.level ? inside + exitOf[level] : decoder.labels[i]);
                        }
                        copied = r.pos;
                    }
                    case InstructionDecoder.TERMINATE -> {
                        if (op == 0x0F) { // return: leave through the function's exit
                            body.put(m.bytes, copied, at - copied);
                            body.put(0x0C);
                            body.u32(inside + exitOf[0]);
                            copied = r.pos;
                        }
                    }
                    default -> {}
                }
            }
            body.put(m.bytes, copied, c.end - copied);
        }

        /**
         * Moves every local {@code c} writes through its transfer global: stores them in the new
         * function ({@code map} renumbers them), or loads them back in the caller ({@code map}
         * null). Both sides walk the locals in the same order, so slots agree.
         */
        private void transferLocals(
                Construct c, byte[] localTypes, int @Nullable [] map, ByteBuf out) {
            int[] next = new int[4];
            for (int local : c.written) {
                int global = transferGlobal(localTypes[local], 1 + next[slot(localTypes[local])]++);
                if (map != null) {
                    out.put(0x20);
                    out.u32(map[local]);
                    out.put(0x24);
                    out.u32(global);
                } else {
                    out.put(0x23);
                    out.u32(global);
                    out.put(0x21);
                    out.u32(local);
                }
            }
        }

        private static int slot(byte type) {
            return switch (type) {
                case I32 -> 0;
                case I64 -> 1;
                case F32 -> 2;
                default -> 3;
            };
        }

        /** Transfer globals follow every existing global, grouped by type. */
        private int transferGlobal(byte type, int n) {
            int index = m.importedGlobals + m.definedGlobals + n;
            for (int t = 0; t < slot(type); t++) {
                index += transfers[t];
            }
            return index;
        }

        private byte[] emitModule() {
            ByteBuf out = new ByteBuf(m.bytes.length + m.bytes.length / 8 + 256);
            ByteBuf section = new ByteBuf(1024);
            out.put(m.bytes, 0, 8);
            boolean globals = false;
            for (int[] s : m.sections) {
                int id = s[0];
                if (!globals && id != 0 && rank(id) > rank(6)) {
                    globals = true;
                    if (transferGlobalCount() > 0) {
                        section.clear();
                        appendGlobals(section, 0, s[2], s[2]);
                        out.section(6, section);
                    }
                }
                WasmReader r = new WasmReader(m.bytes, s[2], s[3]);
                section.clear();
                switch (id) {
                    case 1 -> {
                        int n = r.u32();
                        section.u32(n + (long) newTypes.size());
                        section.put(m.bytes, r.pos, s[3] - r.pos);
                        for (byte[][] type : newTypes) {
                            section.put(0x60);
                            section.u32(type[0].length);
                            section.put(type[0], 0, type[0].length);
                            section.u32(type[1].length);
                            section.put(type[1], 0, type[1].length);
                        }
                    }
                    case 3 -> {
                        int n = r.u32();
                        section.u32(n + (long) newFunctionTypes.size());
                        section.put(m.bytes, r.pos, s[3] - r.pos);
                        newFunctionTypes.forEach(section::u32);
                    }
                    case 6 -> {
                        globals = true;
                        int n = r.u32();
                        appendGlobals(section, n, r.pos, s[3]);
                    }
                    case 10 -> {
                        section.u32(m.bodyStart.length + (long) newBodies.size());
                        for (int f = 0; f < m.bodyStart.length; f++) {
                            ByteBuf body = rewritten[f];
                            if (body != null) {
                                section.u32(body.size());
                                section.put(body);
                            } else {
                                int size = m.bodyEnd[f] - m.bodyStart[f];
                                section.u32(size);
                                section.put(m.bytes, m.bodyStart[f], size);
                            }
                        }
                        for (ByteBuf body : newBodies) {
                            section.u32(body.size());
                            section.put(body);
                        }
                    }
                    default -> {
                        out.put(m.bytes, s[1], s[3] - s[1]);
                        continue;
                    }
                }
                out.section(id, section);
            }
            return out.toByteArray();
        }

        private int transferGlobalCount() {
            return transfers[0] + transfers[1] + transfers[2] + transfers[3];
        }

        private void appendGlobals(ByteBuf section, int existing, int from, int to) {
            section.u32(existing + (long) transferGlobalCount());
            section.put(m.bytes, from, to - from);
            byte[] types = {I32, I64, F32, F64};
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < transfers[t]; i++) {
                    section.put(types[t]);
                    section.put(1); // mutable
                    section.put(0x41 + t); // i32/i64/f32/f64.const
                    int zeros = t == 2 ? 4 : t == 3 ? 8 : 1;
                    for (int z = 0; z < zeros; z++) {
                        section.put(0);
                    }
                    section.put(0x0B);
                }
            }
        }

        private int rank(int id) {
            return ModulePrescan.rank(new WasmReader(m.bytes, 0, 0), 0, id);
        }
    }
}
