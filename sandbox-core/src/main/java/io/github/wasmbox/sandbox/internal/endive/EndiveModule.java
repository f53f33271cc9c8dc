/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.sandbox.PluginLoadException;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.HotSpotOptions;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.engine.CompiledModule;
import io.github.wasmbox.sandbox.internal.engine.FuelMeter;
import io.github.wasmbox.sandbox.internal.engine.GuestInstance;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import io.github.wasmbox.sandbox.internal.wasm.ModuleSkeleton;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.runtime.Memory;
import run.endive.runtime.TableInstance;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmEngineException;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.Export;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.MemoryLimits;
import run.endive.wasm.types.MutabilityType;
import run.endive.wasm.types.Table;
import run.endive.wasm.types.TableLimits;
import run.endive.wasm.types.ValType;

/**
 * A parsed, validated and compiled module, ready to instantiate any number of times. Immutable and
 * thread-safe.
 */
final class EndiveModule implements CompiledModule {
    private static final Logger LOG = LoggerFactory.getLogger(EndiveModule.class);

    /** What a persisted compile depends on besides the module bytes. */
    private static final String ENGINE_OPTIONS =
            "endive="
                    + engineVersion()
                    + "|fallback="
                    + InterpreterFallback.FAIL
                    + "|rewrite="
                    + GeneratedClasses.REWRITE_VERSION;

    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final Set<String> functions;
    private final boolean command;
    private final boolean reactorInitialize;

    /** The fuel counter's position among the module's own globals, from 1. */
    private final int fuelGlobal;

    /** Whether the generated code keeps the counter in memory 0's {@link GlobalCells} instead. */
    private final boolean fuelInMemory;

    /**
     * The shadow-stack pointer's position among the module's own globals, from 1, when the
     * generated code keeps it in memory 0's {@link GlobalCells}; 0 otherwise.
     */
    private final int stackPointerInMemory;

    /** Whether the generated functions charge their frames to memory 0's stack budget. */
    private final boolean chargesFrames;

    /** What the budget leaves out for the frames that charge nothing. */
    private final long unchargedStackBytes;

    private final int weight;
    private final boolean fromCompileCache;

    private EndiveModule(
            WasmModule module, GeneratedClasses classes, int weight, boolean fromCompileCache) {
        this.module = module;
        this.fuelInMemory = classes.fuelInMemory();
        this.chargesFrames = classes.chargesFrames();
        this.unchargedStackBytes = classes.unchargedStackBytes();
        this.weight = weight;
        this.fromCompileCache = fromCompileCache;
        this.machineFactory = classes.load();
        Set<String> names = new LinkedHashSet<>();
        boolean start = false;
        boolean initialize = false;
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.exportType() == ExternalType.FUNCTION) {
                String name = export.name();
                start |= name.equals("_start");
                initialize |= name.equals("_initialize");
                if (!name.startsWith("_")) {
                    names.add(name);
                }
            }
        }
        this.command = start;
        this.functions = command ? Set.of("_start") : Set.copyOf(names);
        this.reactorInitialize = initialize && !start;
        int importedGlobals = module.importSection().count(ExternalType.GLOBAL);
        int fuel = fuelGlobal(module);
        this.fuelGlobal = fuel < 0 ? 0 : fuel - importedGlobals + 1;
        int stackPointer = stackPointerGlobal(module, fuel);
        this.stackPointerInMemory =
                classes.stackPointerInMemory() && stackPointer >= 0
                        ? stackPointer - importedGlobals + 1
                        : 0;
    }

    /** The fuel counter's index in the module's global index space; -1 if it has none. */
    private static int fuelGlobal(WasmModule module) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.exportType() == ExternalType.GLOBAL
                    && export.name().equals(FuelInstrumenter.FUEL_EXPORT)) {
                return (int) export.index();
            }
        }
        return -1;
    }

    /**
     * The shadow-stack pointer's index in the module's global index space: its first mutable {@code
     * i32} global of its own other than the fuel counter, where LLVM's Wasm targets (Rust, C) keep
     * it; -1 if it has none.
     *
     * @param fuel the fuel counter's index ({@link #fuelGlobal}), or -1
     */
    private static int stackPointerGlobal(WasmModule module, int fuel) {
        int imported = module.importSection().count(ExternalType.GLOBAL);
        var globals = module.globalSection();
        for (int i = 0; i < globals.globalCount(); i++) {
            var global = globals.getGlobal(i);
            if (imported + i != fuel
                    && global.mutabilityType() == MutabilityType.Var
                    && global.valueType().equals(ValType.I32)) {
                return imported + i;
            }
        }
        return -1;
    }

    /**
     * Whether memory 0 is the module's own and not shared: then {@link #instantiate} makes it a
     * {@link FlatMemory}, the memory every generated function receives.
     */
    private static boolean ownFlatMemory(WasmModule module) {
        return module.importSection().count(ExternalType.MEMORY) == 0
                && module.memorySection()
                        .filter(
                                memories ->
                                        memories.memoryCount() > 0
                                                && !memories.getMemory(0).limits().shared())
                        .isPresent();
    }

    /**
     * Parses, validates and compiles {@code bytes} for the runtime compiler. Untrusted code never
     * falls back to the interpreter, whose loops do not observe interrupts. Warns once when a
     * function's generated method is too large for HotSpot's JIT.
     *
     * @throws PluginLoadException if the module is malformed, invalid or cannot be compiled
     */
    static EndiveModule compile(String pluginName, byte[] bytes) {
        return compile(pluginName, "", () -> bytes, null);
    }

    /**
     * Like {@link #compile(String, byte[])}, with an optional persistent compile cache. On a hit in
     * {@code cacheDirectory}, the compiled classes are loaded and the module is taken from the
     * entry's skeleton: {@code module} is not called, and nothing is parsed beyond the skeleton's
     * declarations (they were validated when the entry was written). Otherwise the module {@code
     * module} supplies is parsed, validated and compiled, and stored there. Either way the module
     * kept for instantiating is the skeleton: the function bodies, compiled into classes, are not
     * held (their parsed instructions would take some 50 bytes per Wasm instruction for as long as
     * the plugin is loaded).
     *
     * @param cacheKey identifies the module {@code module} supplies: equal keys must mean equal
     *     bytes
     * @throws PluginLoadException if the module is malformed, invalid or cannot be compiled
     */
    static EndiveModule compile(
            String pluginName,
            String cacheKey,
            Supplier<byte[]> module,
            @Nullable Path cacheDirectory) {
        CompileCache cache = new CompileCache(cacheDirectory, ENGINE_OPTIONS, cacheKey);
        byte[] skeleton = cache.readSkeleton();
        if (skeleton != null) {
            try {
                return compile(pluginName, parseSkeleton(skeleton), null, cache, skeleton.length);
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("plugin '{}': compile cache entry unusable; compiling", pluginName, e);
                cache.evict();
            }
        }
        byte[] bytes = module.get();
        try {
            WasmModule parsed = Parser.parse(bytes);
            byte[] declarations = ModuleSkeleton.of(bytes);
            if (cacheDirectory != null) {
                cache.persistWith(declarations);
            }
            return compile(pluginName, parseSkeleton(declarations), parsed, cache, bytes.length);
        } catch (WasmEngineException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new PluginLoadException(
                    pluginName,
                    null,
                    "plugin '" + pluginName + "' is not a valid WebAssembly module: " + describe(e),
                    e);
        }
    }

    /** A skeleton parsed without validation: it was validated whole, or when it was cached. */
    private static WasmModule parseSkeleton(byte[] skeleton) {
        return Parser.builder()
                .withValidation(false)
                .build()
                .parse(() -> new ByteArrayInputStream(skeleton));
    }

    /**
     * @param module the skeleton, kept for instantiating
     * @param code the whole module to compile; null when the cache holds its classes
     */
    private static EndiveModule compile(
            String pluginName,
            WasmModule module,
            @Nullable WasmModule code,
            CompileCache cache,
            int moduleBytes) {
        GeneratedClasses classes;
        if (code == null) {
            try {
                classes =
                        GeneratedClasses.fromJar(
                                java.util.Objects.requireNonNull(
                                        cache.classes(), "a cache hit has classes"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            int fuel = fuelGlobal(code);
            classes =
                    GeneratedClasses.compile(
                            code, fuel, stackPointerGlobal(code, fuel), ownFlatMemory(code));
            cache.store(classes);
        }
        warnAboutHugeMethods(pluginName, module, classes.hugeMethods());
        // The loaded classes, the JIT's code and the parsed module take roughly three times the
        // class files (ten times the deflated ones); the in-memory cache is bounded by it.
        int weight = Math.max(classes.bytes(), moduleBytes) * 3;
        return new EndiveModule(module, classes, weight, code == null);
    }

    /**
     * HotSpot never JIT-compiles a method over 8,000 bytecode bytes unless the JVM runs with {@code
     * -XX:-DontCompileHugeMethods}; Endive emits one method per Wasm function, so such a function
     * runs in the bytecode interpreter, typically 2x slower.
     */
    private static void warnAboutHugeMethods(
            String pluginName, WasmModule module, List<GeneratedClasses.HugeMethod> huge) {
        // Asked only when needed: the management bean costs a cold JVM some 20 ms of class loading.
        if (huge.isEmpty() || !hugeMethodsStayInterpreted()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (GeneratedClasses.HugeMethod method : huge) {
            names.add(
                    functionName(module, method.method())
                            + " ("
                            + method.bytecodeBytes()
                            + " bytes)");
        }
        LOG.warn(
                "plugin '{}': {} Wasm function(s) compile to JVM methods over HotSpot's {}-byte"
                        + " JIT limit and will run interpreted (slower): {}. Start the JVM with"
                        + " -XX:-DontCompileHugeMethods to JIT-compile them.",
                pluginName,
                names.size(),
                GeneratedClasses.HUGE_METHOD_LIMIT,
                String.join(", ", names));
    }

    private static String functionName(WasmModule module, String method) {
        if (method.startsWith("func_") && module.nameSection() != null) {
            try {
                int index = Integer.parseInt(method.substring("func_".length()));
                String name = module.nameSection().nameOfFunction(index);
                if (name != null) {
                    return GuestText.escape(name, GuestText.MAX_NAME_CHARS) + " [" + method + "]";
                }
            } catch (NumberFormatException e) {
                // not a function method
            }
        }
        return method;
    }

    private static boolean hugeMethodsStayInterpreted() {
        String value = HotSpotOptions.get("DontCompileHugeMethods");
        return value == null || Boolean.parseBoolean(value);
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static String engineVersion() {
        try (var in =
                MachineFactoryCompiler.class.getResourceAsStream(
                        "/META-INF/maven/run.endive/compiler/pom.properties")) {
            if (in != null) {
                java.util.Properties properties = new java.util.Properties();
                properties.load(in);
                return properties.getProperty("version", "unknown");
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        // Unknown version: key by the compiler jar's identity so an upgrade still misses.
        return String.valueOf(MachineFactoryCompiler.class.getProtectionDomain().getCodeSource());
    }

    /** The module kept for instantiating, for tests of what it holds. */
    WasmModule wasmModule() {
        return module;
    }

    @Override
    public boolean fromCompileCache() {
        return fromCompileCache;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public Set<String> functions() {
        return functions;
    }

    @Override
    public boolean isCommand() {
        return command;
    }

    @Override
    public boolean boundsGuestStack() {
        return chargesFrames;
    }

    @Override
    public GuestInstance instantiate(InstanceSpec spec, CallState state) {
        long memoryCap = spec.limits().maxMemoryBytes();
        int capPages = (int) Math.min(memoryCap / Memory.PAGE_SIZE, Memory.RUNTIME_MAX_PAGES);
        int tableCap = spec.limits().maxTableElements();
        boolean[] clamped = new boolean[1];

        MemoryReservations budget = spec.memoryBudget();
        List<FlatMemory> memories = new ArrayList<>(1);
        EndiveLinker linker = new EndiveLinker(module, spec, state);
        FuelMeter meter = state.fuel();
        long[] globalsCreated = new long[1];
        // The charged frames' budget: the guest's half of the stack, less what the uncharged
        // frames can take, so that all its frames together stay within that half; 0: no charges.
        long stackBudget = chargesFrames ? spec.guestStackBytes() - unchargedStackBytes : 0;
        try {
            Instance instance =
                    Instance.builder(module)
                            .withMachineFactory(machineFactory)
                            .withImportValues(linker.imports())
                            .withStart(false)
                            .withMemoryFactory(
                                    limits -> {
                                        int max = Math.min(limits.maximumPages(), capPages);
                                        clamped[0] |= max < limits.maximumPages();
                                        MemoryLimits clampedLimits =
                                                new MemoryLimits(
                                                        limits.initialPages(),
                                                        max,
                                                        limits.shared());
                                        // A flat byte[] for ordinary memories (faster, and it
                                        // reports a refused grow); Endive's own for shared ones.
                                        if (limits.shared()) {
                                            return new ByteArrayMemory(clampedLimits);
                                        }
                                        FlatMemory memory = new FlatMemory(clampedLimits, budget);
                                        if (memories.isEmpty()) {
                                            // Memory 0 holds the counter and the stack budget
                                            // from before the start function runs.
                                            if (fuelInMemory) {
                                                meter.bind(memory);
                                            }
                                            if (stackBudget > 0) {
                                                memory.budgetStack(stackBudget);
                                            }
                                        }
                                        memories.add(memory);
                                        return memory;
                                    })
                            .withTableFactory(
                                    (table, init) ->
                                            new TableInstance(
                                                    new Table(
                                                            table.elementType(),
                                                            new TableLimits(
                                                                    table.limits().min(),
                                                                    Math.min(
                                                                            table.limits().max(),
                                                                            tableCap))),
                                                    init))
                            .withGlobalFactory(
                                    (value, high, type, mutability) -> {
                                        // Endive creates the module's globals in order, after
                                        // its memories; the fuel counter starts with the budget
                                        // set on the meter.
                                        long position = ++globalsCreated[0];
                                        if (position == stackPointerInMemory) {
                                            return new GlobalCells.StackPointerGlobal(
                                                    memories.get(0), value, type, mutability);
                                        }
                                        GlobalInstance global =
                                                new GlobalInstance(value, high, type, mutability);
                                        if (position == fuelGlobal && !fuelInMemory) {
                                            meter.bind(new EndiveInstance.GlobalCounter(global));
                                        }
                                        return global;
                                    })
                            .build();
            Faults.requireFuelLeft(meter);
            EndiveInstance live =
                    new EndiveInstance(
                            instance,
                            linker,
                            state,
                            clamped[0] ? capPages * (long) Memory.PAGE_SIZE : 0,
                            budget,
                            memories,
                            stackBudget);
            if (reactorInitialize) {
                live.call("_initialize");
            }
            return live;
        } catch (GuestFault e) {
            EndiveInstance.release(linker, memories);
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            EndiveInstance.release(linker, memories);
            throw Faults.classify(e, meter, 0, 0, false, budget, false);
        }
    }

    @Override
    public boolean importsFunction(
            String module, String name, List<WasmType> params, List<WasmType> results) {
        var imports = this.module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            var imported = imports.getImport(i);
            if (imported.module().equals(module)
                    && imported.name().equals(name)
                    && imported instanceof FunctionImport) {
                var type =
                        this.module.typeSection().getType(((FunctionImport) imported).typeIndex());
                return EndiveLinker.isNumeric(type.params())
                        && EndiveLinker.isNumeric(type.returns())
                        && EndiveLinker.wasmTypes(type.params()).equals(params)
                        && EndiveLinker.wasmTypes(type.returns()).equals(results);
            }
        }
        return false;
    }
}
