/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.internal.ByteClassCollector;
import run.endive.compiler.internal.Compiler;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.Element;
import run.endive.wasm.types.FunctionBody;
import run.endive.wasm.types.Global;
import run.endive.wasm.types.Instruction;
import run.endive.wasm.types.OpCode;

/**
 * The JVM classes Endive's compiler generates for one module, after wasmbox's rewrite of their hot
 * paths, and how to load them. Immutable and thread-safe.
 *
 * <p>The rewrite takes two costs out of metered code that Endive's generic code generation puts
 * there:
 *
 * <ul>
 *   <li><b>Hot globals in fields.</b> The metering rewrite keeps the fuel counter in a global, and
 *       LLVM's Wasm targets keep the shadow-stack pointer in one; Endive reads and writes a global
 *       through {@code Instance.global(index)}, a bounds-checked lookup that dominated metered
 *       profiles. When the module's memory 0 is its own, non-shared memory (a {@link FlatMemory},
 *       passed to every generated function), every access to those two globals becomes a field
 *       access on that memory's {@link GlobalCells}. All or nothing: if any global access cannot be
 *       shown to be or not be one of them, nothing is rewritten and both stay in their globals.
 *   <li><b>Unsigned 64-bit division</b> calls {@link GuestArithmetic}, whose fast path is plain
 *       signed division, instead of JDK 17's {@code Long.divideUnsigned}, which goes through {@code
 *       BigInteger} whenever the dividend's top bit is set (hashes, for one).
 * </ul>
 *
 * Both leave results, traps and fuel exactly as they were ({@code FuelDifferentialTest}, {@code
 * GeneratedClassesTest} and {@code GuestArithmeticTest} check it).
 *
 * <p>It also bounds the guest's depth on the JVM stack: every generated function that can recurse
 * ({@link FrameCharges}) charges its frame to memory 0's {@link GlobalCells#pushFrame stack budget}
 * on entry and gives it back before it returns, so a guest recursing too deep stops at the same
 * depth on every thread and every run, interpreted or JIT-compiled, before it can take the stack
 * its caller needs. A frame costs what HotSpot's interpreter gives a method of that size ({@link
 * #frameBytes}), the largest frame the method gets. Only where memory 0 is the module's own and no
 * function catches Wasm exceptions (a caught exception would skip the returns of the frames it
 * unwinds); elsewhere the thread's stack alone bounds the guest ({@link #chargesFrames()}).
 */
final class GeneratedClasses {
    /**
     * Changes whenever the rewrite changes what it emits: part of the compile cache's key, so that
     * classes rewritten by another version are never loaded.
     */
    static final int REWRITE_VERSION = 4;

    /** HotSpot does not JIT-compile methods with more bytecode than this (-XX:HugeMethodLimit). */
    static final int HUGE_METHOD_LIMIT = 8_000;

    private static final String PROPERTIES = "wasm-module.properties";
    private static final String MAIN_CLASS = "mainClass";
    private static final String FUEL_IN_MEMORY = "wasmbox.fuelInMemory";
    private static final String STACK_POINTER_IN_MEMORY = "wasmbox.stackPointerInMemory";
    private static final String CHARGES_FRAMES = "wasmbox.chargesFrames";
    private static final String UNCHARGED_STACK_BYTES = "wasmbox.unchargedStackBytes";

    private static final String INSTANCE = Type.getInternalName(Instance.class);
    private static final String MEMORY = Type.getInternalName(run.endive.runtime.Memory.class);
    private static final String READ_GLOBAL = "(IL" + INSTANCE + ";)J";
    private static final String WRITE_GLOBAL = "(JIL" + INSTANCE + ";)V";
    private static final String OPCODES = "run/endive/runtime/OpcodeImpl";
    private static final String ARITHMETIC = Type.getInternalName(GuestArithmetic.class);
    private static final String GLOBAL_CELLS = Type.getInternalName(GlobalCells.class);
    // GlobalCells' fields, by name, for the rewritten field accesses.
    private static final String FUEL_FIELD = "fuel";
    private static final String STACK_POINTER_FIELD = "stackPointer";
    private static final String WASM_EXCEPTION =
            Type.getInternalName(run.endive.runtime.WasmException.class);

    /**
     * What a HotSpot interpreter frame takes beside its locals and operand stack (x86-64: return
     * address, saved frame pointer, method, constant pool cache, bytecode pointer and the other
     * slots of its fixed part), rounded up.
     */
    private static final int FRAME_OVERHEAD_BYTES = 128;

    /**
     * Endive's helpers (copied into every module's classes) that look a global up by the index
     * their caller passes: the calls to them are what the rewrite follows. The reference variants
     * cannot address the fuel counter (an i64) or the stack pointer (an i32).
     */
    private static final Set<String> GLOBAL_HELPERS =
            Set.of("readGlobal", "writeGlobal", "readGlobalRef", "writeGlobalRef");

    private static final Map<String, String> ARITHMETIC_METHODS =
            Map.of("I64_DIV_U", "i64DivU", "I64_REM_U", "i64RemU");

    private final String mainClass;
    private final Map<String, byte[]> classes; // internal name -> class file
    private final boolean fuelInMemory;
    private final boolean stackPointerInMemory;
    private final boolean chargesFrames;
    private final long unchargedStackBytes;

    private GeneratedClasses(
            String mainClass,
            Map<String, byte[]> classes,
            boolean fuelInMemory,
            boolean stackPointerInMemory,
            boolean chargesFrames,
            long unchargedStackBytes) {
        this.mainClass = mainClass;
        this.classes = classes;
        this.fuelInMemory = fuelInMemory;
        this.stackPointerInMemory = stackPointerInMemory;
        this.chargesFrames = chargesFrames;
        this.unchargedStackBytes = unchargedStackBytes;
    }

    /**
     * Compiles {@code module} with Endive's compiler, never falling back to its interpreter, and
     * rewrites the result.
     *
     * @param fuelGlobal the fuel counter's index in the module's global index space, or -1 when the
     *     module has none
     * @param stackPointerGlobal the shadow-stack pointer's index in that space, or -1
     * @param ownFlatMemory whether the module defines memory 0 itself, non-shared: only then does
     *     every generated function receive a {@link FlatMemory} that can hold the counter
     */
    static GeneratedClasses compile(
            WasmModule module, int fuelGlobal, int stackPointerGlobal, boolean ownFlatMemory) {
        ByteClassCollector collector = new ByteClassCollector();
        Compiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.FAIL)
                .withClassCollectorFactory(() -> collector)
                .build()
                .compile();
        // Each class is read and written once, for both rewrites; unchanged ones stay as compiled.
        Map<ClassNode, byte[]> compiled = new LinkedHashMap<>();
        for (byte[] bytes : collector.classBytes().values()) {
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, 0);
            compiled.put(node, bytes);
        }
        Map<Integer, String> cells = new HashMap<>();
        if (ownFlatMemory) {
            Map<Integer, String> candidates = new HashMap<>();
            if (fuelGlobal >= 0) {
                candidates.put(fuelGlobal, FUEL_FIELD);
            }
            if (stackPointerGlobal >= 0) {
                candidates.put(stackPointerGlobal, STACK_POINTER_FIELD);
            }
            Set<Integer> accessed = new HashSet<>();
            if (globalAccesses(compiled.keySet(), candidates, accessed, false)) {
                accessed.forEach(index -> cells.put(index, candidates.get(index)));
            }
        }
        boolean chargesFrames = ownFlatMemory && !catchesWasmExceptions(compiled.keySet());
        FrameCharges frames =
                chargesFrames
                        ? FrameCharges.plan(
                                compiled.keySet(),
                                method -> memorySlot(method) < 0 ? 0 : frameBytes(method),
                                indexTargets(module))
                        : null;
        Map<String, byte[]> classes = new LinkedHashMap<>();
        compiled.forEach(
                (node, bytes) -> {
                    boolean changed = rewriteArithmetic(node);
                    if (!cells.isEmpty()) {
                        Set<Integer> moved = new HashSet<>();
                        globalAccesses(List.of(node), cells, moved, true);
                        changed |= !moved.isEmpty();
                    }
                    if (frames != null) {
                        changed |= chargeFrames(node, frames);
                    }
                    classes.put(node.name, changed ? write(node) : bytes);
                });
        return new GeneratedClasses(
                collector.mainClassName().replace('.', '/'),
                classes,
                cells.containsValue(FUEL_FIELD),
                cells.containsValue(STACK_POINTER_FIELD),
                chargesFrames,
                frames == null ? 0 : frames.unchargedBytes());
    }

    /**
     * The functions a call by index can reach ({@code Machine.call}: indirect calls, tail calls):
     * those a {@code ref.func} names, in element segments, globals or code, and the targets of
     * {@code return_call}.
     */
    private static Set<Integer> indexTargets(WasmModule module) {
        Set<Integer> targets = new HashSet<>();
        Consumer<Instruction> named =
                instruction -> {
                    OpCode opcode = instruction.opcode();
                    if (opcode == OpCode.REF_FUNC || opcode == OpCode.RETURN_CALL) {
                        targets.add((int) instruction.operand(0));
                    }
                };
        for (Element element : module.elementSection().elements()) {
            element.initializers().forEach(init -> init.forEach(named));
        }
        for (Global global : module.globalSection().globals()) {
            global.initInstructions().forEach(named);
        }
        for (FunctionBody body : module.codeSection().functionBodies()) {
            body.instructions().forEach(named);
        }
        return targets;
    }

    /**
     * Whether the fuel counter lives in memory 0's {@link GlobalCells} rather than in its global.
     */
    boolean fuelInMemory() {
        return fuelInMemory;
    }

    /** Whether the shadow-stack pointer lives in memory 0's {@link GlobalCells}. */
    boolean stackPointerInMemory() {
        return stackPointerInMemory;
    }

    /**
     * Whether every generated function charges its frame to memory 0's stack budget, which must
     * then be set before each call ({@link GlobalCells#budgetStack}).
     */
    boolean chargesFrames() {
        return chargesFrames;
    }

    /**
     * The most JVM stack the frames that charge nothing can take below a call's first charged frame
     * ({@link FrameCharges}): the part of the guest's stack its budget leaves out.
     */
    long unchargedStackBytes() {
        return unchargedStackBytes;
    }

    /** The classes and what loading them needs, as a jar: what the compile cache stores. */
    byte[] toJar() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            Properties properties = new Properties();
            properties.setProperty(MAIN_CLASS, mainClass);
            properties.setProperty(FUEL_IN_MEMORY, String.valueOf(fuelInMemory));
            properties.setProperty(STACK_POINTER_IN_MEMORY, String.valueOf(stackPointerInMemory));
            properties.setProperty(CHARGES_FRAMES, String.valueOf(chargesFrames));
            properties.setProperty(UNCHARGED_STACK_BYTES, String.valueOf(unchargedStackBytes));
            jar.putNextEntry(new JarEntry(PROPERTIES));
            properties.store(jar, null);
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey() + ".class"));
                jar.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads what {@link #toJar()} wrote.
     *
     * @throws IOException if {@code jar} is not such a jar
     */
    static GeneratedClasses fromJar(byte[] jar) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        Properties properties = null;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                String name = entry.getName();
                if (name.equals(PROPERTIES)) {
                    properties = new Properties();
                    properties.load(in);
                } else if (name.endsWith(".class")) {
                    classes.put(
                            name.substring(0, name.length() - ".class".length()),
                            in.readAllBytes());
                }
            }
        }
        String main = properties == null ? null : properties.getProperty(MAIN_CLASS);
        if (main == null || !classes.containsKey(main)) {
            throw new IOException("no " + PROPERTIES + " naming a main class it holds");
        }
        return new GeneratedClasses(
                main,
                classes,
                Boolean.parseBoolean(properties.getProperty(FUEL_IN_MEMORY)),
                Boolean.parseBoolean(properties.getProperty(STACK_POINTER_IN_MEMORY)),
                Boolean.parseBoolean(properties.getProperty(CHARGES_FRAMES)),
                Long.parseLong(properties.getProperty(UNCHARGED_STACK_BYTES, "0")));
    }

    /**
     * Defines the classes in a class loader of their own (unloaded with the module) and returns the
     * factory of the machine that runs the module's functions.
     */
    Function<Instance, Machine> load() {
        Loader loader = new Loader(classes);
        // On the module path, the generated classes (in the loader's unnamed module) may use the
        // public GlobalCells and GuestArithmetic of this otherwise unexported package.
        GeneratedClasses.class
                .getModule()
                .addExports(GeneratedClasses.class.getPackageName(), loader.getUnnamedModule());
        MethodHandle constructor;
        try {
            constructor =
                    MethodHandles.publicLookup()
                            .findConstructor(
                                    loader.loadClass(mainClass.replace('/', '.')),
                                    MethodType.methodType(void.class, Instance.class))
                            .asType(MethodType.methodType(Machine.class, Instance.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the generated machine class cannot be loaded", e);
        }
        return instance -> {
            try {
                return (Machine) constructor.invokeExact(instance);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** Bytes of class files in all, for sizing the in-memory cache. */
    int bytes() {
        return classes.values().stream().mapToInt(b -> b.length).sum();
    }

    /** The generated methods whose bytecode exceeds {@link #HUGE_METHOD_LIMIT}. */
    List<HugeMethod> hugeMethods() {
        List<HugeMethod> huge = new ArrayList<>();
        for (byte[] classFile : classes.values()) {
            try {
                ClassFiles.methodCodeSizes(
                        classFile,
                        (method, size) -> {
                            if (size > HUGE_METHOD_LIMIT) {
                                huge.add(new HugeMethod(method, size));
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException("a generated class is malformed", e);
            }
        }
        return huge;
    }

    /** A generated JVM method over HotSpot's JIT limit. */
    record HugeMethod(String method, int bytecodeBytes) {}

    /**
     * Collects into {@code accessed} the globals of {@code cells} (global index to field of {@link
     * GlobalCells}) that {@code classes} access and, when {@code rewrite}, turns each access into a
     * field access on memory 0's cells. Returns false when some global access cannot be followed,
     * and then nothing may be rewritten.
     */
    private static boolean globalAccesses(
            Collection<ClassNode> classes,
            Map<Integer, String> cells,
            Set<Integer> accessed,
            boolean rewrite) {
        for (ClassNode node : classes) {
            for (MethodNode method : node.methods) {
                if (!globalAccesses(method, cells, accessed, rewrite)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Collects, and when {@code rewrite} rewrites, the accesses to the globals of {@code cells} in
     * one method: {@code <index>; aload instance; invokestatic readGlobal/writeGlobal}, where the
     * instance is the method's last parameter and memory 0 the one before it. Returns false if the
     * method accesses a global in a way this cannot follow (a computed index, another shape), or
     * the instance directly.
     */
    private static boolean globalAccesses(
            MethodNode method, Map<Integer, String> cells, Set<Integer> accessed, boolean rewrite) {
        for (AbstractInsnNode insn : method.instructions.toArray()) {
            if (!(insn instanceof MethodInsnNode)) {
                continue;
            }
            MethodInsnNode call = (MethodInsnNode) insn;
            if (call.owner.equals(INSTANCE)
                    && call.name.equals("global")
                    && !GLOBAL_HELPERS.contains(method.name)) {
                return false; // a global accessed past the helpers: cannot tell which
            }
            boolean read = call.name.equals("readGlobal") && call.desc.equals(READ_GLOBAL);
            boolean write = call.name.equals("writeGlobal") && call.desc.equals(WRITE_GLOBAL);
            if (call.getOpcode() != Opcodes.INVOKESTATIC || !(read || write)) {
                continue;
            }
            AbstractInsnNode loadInstance = call.getPrevious();
            Integer index = loadInstance == null ? null : intConstant(loadInstance.getPrevious());
            if (index == null) {
                return false;
            }
            String cell = cells.get(index);
            if (cell == null) {
                continue;
            }
            int memorySlot = memorySlot(method);
            if (memorySlot < 0
                    || loadInstance.getOpcode() != Opcodes.ALOAD
                    || ((VarInsnNode) loadInstance).var != memorySlot + 1) {
                return false;
            }
            accessed.add(index);
            if (!rewrite) {
                continue;
            }
            InsnList field = new InsnList();
            field.add(new VarInsnNode(Opcodes.ALOAD, memorySlot));
            field.add(new TypeInsnNode(Opcodes.CHECKCAST, GLOBAL_CELLS));
            if (read) {
                field.add(new FieldInsnNode(Opcodes.GETFIELD, GLOBAL_CELLS, cell, "J"));
            } else {
                // value, cells -> cells, value, cells -> cells, value
                field.add(new InsnNode(Opcodes.DUP_X2));
                field.add(new InsnNode(Opcodes.POP));
                field.add(new FieldInsnNode(Opcodes.PUTFIELD, GLOBAL_CELLS, cell, "J"));
            }
            method.instructions.remove(loadInstance.getPrevious());
            method.instructions.remove(loadInstance);
            method.instructions.insert(call, field);
            method.instructions.remove(call);
        }
        return true;
    }

    /** Whether some generated function catches Wasm exceptions ({@code try_table}). */
    private static boolean catchesWasmExceptions(Collection<ClassNode> classes) {
        for (ClassNode node : classes) {
            for (MethodNode method : node.methods) {
                for (TryCatchBlockNode block : method.tryCatchBlocks) {
                    if (WASM_EXCEPTION.equals(block.type)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Makes each generated function of the class that {@code frames} charges (a static method
     * receiving memory 0 and the instance: the Wasm functions and Endive's {@code call_indirect}
     * bridges, on a cycle of the call graph) charge on entry and give the bytes back before each
     * return; whether the class has any. A trap leaves the frames it unwinds charged, which is
     * harmless: the budget is set again before the next call.
     */
    private static boolean chargeFrames(ClassNode node, FrameCharges frames) {
        boolean changed = false;
        for (MethodNode method : node.methods) {
            long bytes = frames.charge(method);
            if (bytes == 0) {
                continue;
            }
            int memorySlot = memorySlot(method);
            for (AbstractInsnNode insn : method.instructions.toArray()) {
                int opcode = insn.getOpcode();
                if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                    method.instructions.insertBefore(
                            insn, frameCall(memorySlot, bytes, "popFrame"));
                }
            }
            // Before everything, a branch target at offset 0 included: a loop back to the
            // function's first instruction does not charge the frame again.
            method.instructions.insert(frameCall(memorySlot, bytes, "pushFrame"));
            changed = true;
        }
        return changed;
    }

    /**
     * The most JVM stack a frame of {@code method} takes: HotSpot's interpreter gives it a slot per
     * local and per operand-stack entry plus a fixed part; the JIT's frames of the same method take
     * less (C2 spills at most what is live), and a callee inlined into them charges its own. Three
     * more operand slots for the charge itself.
     */
    private static long frameBytes(MethodNode method) {
        return 8L * (method.maxLocals + method.maxStack + 3) + FRAME_OVERHEAD_BYTES;
    }

    /** {@code ((GlobalCells) memory).<frameMethod>(bytes)}: leaves the operand stack as it was. */
    private static InsnList frameCall(int memorySlot, long bytes, String frameMethod) {
        InsnList call = new InsnList();
        call.add(new VarInsnNode(Opcodes.ALOAD, memorySlot));
        call.add(new TypeInsnNode(Opcodes.CHECKCAST, GLOBAL_CELLS));
        call.add(new LdcInsnNode(bytes));
        call.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, GLOBAL_CELLS, frameMethod, "(J)V"));
        return call;
    }

    /** The slot of a static method's memory parameter, the one before its last, the instance. */
    private static int memorySlot(MethodNode method) {
        Type[] parameters = Type.getArgumentTypes(method.desc);
        int count = parameters.length;
        if ((method.access & Opcodes.ACC_STATIC) == 0
                || count < 2
                || !parameters[count - 1].getInternalName().equals(INSTANCE)
                || !parameters[count - 2].getInternalName().equals(MEMORY)) {
            return -1;
        }
        int slot = 0;
        for (int i = 0; i < count - 2; i++) {
            slot += parameters[i].getSize();
        }
        return slot;
    }

    private static @Nullable Integer intConstant(@Nullable AbstractInsnNode insn) {
        if (insn == null) {
            return null;
        }
        int opcode = insn.getOpcode();
        if (opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
            return opcode - Opcodes.ICONST_0;
        }
        if (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH) {
            return ((IntInsnNode) insn).operand;
        }
        if (opcode == Opcodes.LDC && ((LdcInsnNode) insn).cst instanceof Integer) {
            return (Integer) ((LdcInsnNode) insn).cst;
        }
        return null;
    }

    /**
     * Makes the class's unsigned 64-bit divisions and remainders call {@link GuestArithmetic};
     * whether it had any.
     */
    private static boolean rewriteArithmetic(ClassNode node) {
        boolean changed = false;
        for (MethodNode method : node.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof MethodInsnNode) {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    String replacement = ARITHMETIC_METHODS.get(call.name);
                    if (call.owner.equals(OPCODES) && replacement != null) {
                        call.owner = ARITHMETIC;
                        call.name = replacement;
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    private static byte[] write(ClassNode node) {
        // Max stack only: no branch is added or moved, and what is inserted leaves the operand
        // stack and the locals as they were, so the stack map frames stay valid.
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        node.accept(writer);
        return writer.toByteArray();
    }

    /** Defines the generated classes on demand. */
    private static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(Map<String, byte[]> classes) {
            // wasmbox's loader sees wasmbox (GlobalCells, GuestArithmetic) and Endive's runtime.
            super(GeneratedClasses.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name.replace('.', '/'));
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    /** Just enough of the class-file format to read each method's bytecode length. */
    static final class ClassFiles {
        private ClassFiles() {}

        /** Receives a method's name and code length. */
        interface MethodSizes {
            void accept(String method, int codeLength);
        }

        static void methodCodeSizes(byte[] classFile, MethodSizes sink) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: // Utf8
                        utf8[i] = in.readUTF();
                        break;
                    case 3: // Integer
                    case 4: // Float
                    case 9: // Fieldref
                    case 10: // Methodref
                    case 11: // InterfaceMethodref
                    case 12: // NameAndType
                    case 17: // Dynamic
                    case 18: // InvokeDynamic
                        in.skipBytes(4);
                        break;
                    case 5: // Long
                    case 6: // Double
                        in.skipBytes(8);
                        i++;
                        break;
                    case 7: // Class
                    case 8: // String
                    case 16: // MethodType
                    case 19: // Module
                    case 20: // Package
                        in.skipBytes(2);
                        break;
                    case 15: // MethodHandle
                        in.skipBytes(3);
                        break;
                    default:
                        throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.skipBytes(6); // access, this, super
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.skipBytes(2);
                String name = utf8[in.readUnsignedShort()];
                in.skipBytes(2);
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if ("Code".equals(attribute)) {
                        in.skipBytes(4); // max_stack, max_locals
                        int codeLength = in.readInt();
                        sink.accept(name, codeLength);
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
        }

        private static void skipAttributes(DataInputStream in) throws IOException {
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
    }
}
