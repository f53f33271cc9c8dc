/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
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
import io.github.wasmbox.sandbox.spi.Abi;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import run.endive.runtime.GlobalInstance;
import run.endive.runtime.Instance;
import run.endive.runtime.TableInstance;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.Import;
import run.endive.wasm.types.ValType;

/**
 * Differential: an instance that served calls and was then reset must be, state for state, a fresh
 * instance of the same module — every memory byte and the size, every global, every table slot and
 * the data and element segments — for every WAT fixture and every Rust plugin. Modules the reset
 * cannot serve must say so ({@code image()} is null) rather than reset inexactly.
 */
class InstanceResetTest {
    private static final MemoryReservations UNLIMITED = new MemoryReservations(Long.MAX_VALUE);

    private static final Path WAT = Path.of("src", "test", "resources", "wat");
    private static final Path DIST = Path.of("..", "plugins-rust", "dist");
    private static final long CALL_FUEL = 20_000_000;
    private static final byte[] ORDER =
            ("{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"currency\":\"EUR\",\"items\":"
                            + "[{\"sku\":\"A\",\"quantity\":3,\"unitPriceCents\":1250,"
                            + "\"category\":\"books\"}]}")
                    .getBytes(StandardCharsets.UTF_8);

    private static final PluginPolicy POLICY =
            PluginPolicy.builder()
                    .limits(Limits.defaults().toBuilder().maxMemoryBytes(4 << 20).build())
                    .preopen(PreopenGrant.inMemory("/data").readOnly(false).build())
                    .build();

    /** Modules whose first instance must not become an image, and why. */
    private static final Map<String, String> NO_IMAGE =
            Map.of(
                    "init_input", "its _initialize calls the host",
                    "shared_memory", "a shared memory is Endive's own, not a FlatMemory");

    /** Fixtures the runtime never instantiates, so there is nothing to reset, and why. */
    private static final Map<String, String> NOT_INSTANTIABLE =
            Map.of(
                    "facts", "imports a global and a table, which the runtime never provides",
                    "ungranted", "imports a function nothing provides",
                    "start", "its start function never returns",
                    "start_loop", "its start function never returns",
                    "simd", "Endive's compiler has no SIMD",
                    "huge_memory", "over the policy's memory cap, so the loader refuses it",
                    "huge_table", "over the policy's table cap, so the loader refuses it",
                    "core_signature", "imports core functions with the wrong signatures");

    static Stream<String> modules() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> wat = Files.list(WAT);
                Stream<Path> dist = Files.list(DIST)) {
            Stream.concat(wat, dist)
                    .filter(p -> p.toString().endsWith(".wasm"))
                    .map(p -> p.getParent().getFileName() + "/" + p.getFileName())
                    .sorted()
                    .forEach(all::add);
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void aResetInstanceIsAFreshInstance(String file) throws IOException {
        String name = name(file);
        if (NOT_INSTANTIABLE.containsKey(name)) {
            return;
        }
        byte[] metered = metered(file);
        EndiveModule module = EndiveModule.compile(name, metered);
        if (module.isCommand()) {
            return; // never pooled: its _start is the call
        }
        WasmModule parsed = Parser.parse(metered);
        InstanceSpec spec = spec(parsed);
        EndiveInstance used = (EndiveInstance) module.instantiate(spec, state(module));
        GuestInstance.Snapshot image = used.snapshot();
        if (NO_IMAGE.containsKey(name)) {
            assertThat(image).as(NO_IMAGE.get(name)).isNull();
            used.close();
            return;
        }
        assertThat(image).as("%s gets the fast path", name).isNotNull();

        for (String function : exercised(module)) {
            try {
                call(used, function);
            } catch (GuestFault e) {
                // A faulted instance is never reset; continue with a fresh one.
                used.close();
                used = (EndiveInstance) module.instantiate(spec, state(module));
            }
        }
        assertThat(used.restore(image)).isTrue();
        EndiveInstance fresh = (EndiveInstance) module.instantiate(spec, state(module));
        try {
            assertSameState(used.engine(), fresh.engine());
            // And it keeps working: the reset instance answers like the fresh one.
            for (String function : exercised(module)) {
                assertThat(outcome(used, function))
                        .as("%s.%s after a reset", name, function)
                        .isEqualTo(outcome(fresh, function));
            }
        } finally {
            used.close();
            fresh.close();
        }
    }

    /**
     * A persistent compile cache hit builds the module from the entry's skeleton and never touches
     * the module's bytes; its instances must still start in the same state and answer every export
     * with the same output, fault and fuel as those of the module compiled from the bytes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modules")
    void aModuleFromTheCompileCacheIsTheCompiledModule(String file, @TempDir Path cache)
            throws IOException {
        String name = name(file);
        if (NOT_INSTANTIABLE.containsKey(name)) {
            return;
        }
        byte[] metered = metered(file);
        EndiveModule compiled = EndiveModule.compile(name, name, () -> metered, cache);
        EndiveModule cached =
                EndiveModule.compile(
                        name,
                        name,
                        () -> {
                            throw new AssertionError("a cache hit must not need the module");
                        },
                        cache);
        assertThat(compiled.fromCompileCache()).isFalse();
        assertThat(cached.fromCompileCache()).isTrue();
        assertThat(cached.functions()).isEqualTo(compiled.functions());
        if (compiled.isCommand()) {
            return; // its _start is the call, with WASI's exit
        }
        InstanceSpec spec = spec(Parser.parse(metered));
        EndiveInstance expected = (EndiveInstance) compiled.instantiate(spec, state(compiled));
        EndiveInstance actual = (EndiveInstance) cached.instantiate(spec, state(cached));
        try {
            assertSameState(actual.engine(), expected.engine());
            for (String function : exercised(compiled)) {
                String outcome = outcome(expected, function);
                assertThat(outcome(actual, function))
                        .as("%s.%s from the cache", name, function)
                        .isEqualTo(outcome);
                // How deep a guest recurses before the JVM's stack runs out depends on the JIT.
                if (!outcome.equals("fault " + GuestFault.Kind.STACK)) {
                    assertThat(actual.state().fuel().remaining())
                            .as("%s.%s fuel from the cache", name, function)
                            .isEqualTo(expected.state().fuel().remaining());
                }
            }
        } finally {
            actual.close();
            expected.close();
        }
    }

    /** The fixture's or plugin's name, without its directory and extension. */
    private static String name(String file) {
        return Path.of(file).getFileName().toString().replace(".wasm", "");
    }

    /** The module as the loader meters it, every feature enabled. */
    private static byte[] metered(String file) throws IOException {
        Path path = (file.startsWith("wat/") ? WAT : DIST).resolveSibling(file);
        return FuelInstrumenter.instrument(
                Files.readAllBytes(path),
                FuelInstrumenter.Options.DEFAULTS.features(EnumSet.allOf(WasmFeature.class)));
    }

    /**
     * The exports to call, in a fixed order so that a failure reproduces. Left out: exports that
     * grow a table, which a reset refuses by design ({@link #aGrownTableRefusesTheReset}), and
     * {@code sleep}, which blocks in WASI until the call's deadline and is discarded like any
     * timed-out instance.
     */
    private static List<String> exercised(EndiveModule module) {
        return module.functions().stream()
                .filter(f -> !Set.of("grow_table", "table_grow", "sleep").contains(f))
                .sorted()
                .toList();
    }

    @Test
    void aGrownTableRefusesTheReset() throws IOException {
        byte[] bytes = Files.readAllBytes(WAT.resolve("pristine.wasm"));
        EndiveModule module = EndiveModule.compile("pristine", bytes);
        InstanceSpec spec = spec(Parser.parse(bytes));
        EndiveInstance instance = (EndiveInstance) module.instantiate(spec, state(module));
        try {
            GuestInstance.Snapshot image = instance.snapshot();
            assertThat(image).isNotNull();
            call(instance, "grow_table");

            assertThat(instance.restore(image)).isFalse();
            assertThat(instance.engine().table(0).size()).isEqualTo(6);
        } finally {
            instance.close();
        }
    }

    @Test
    void anInstanceThatCalledTheHostWhileStartingGivesNoImage() throws IOException {
        byte[] bytes = Files.readAllBytes(WAT.resolve("init_input.wasm"));
        EndiveModule module = EndiveModule.compile("init_input", bytes);
        EndiveInstance instance =
                (EndiveInstance) module.instantiate(spec(Parser.parse(bytes)), state(module));
        try {
            assertThat(instance.snapshot()).isNull();
        } finally {
            instance.close();
        }
    }

    private static void call(EndiveInstance instance, String function) {
        instance.state()
                .begin(
                        new CallContext("reset", function, 1, Map.of()),
                        ORDER,
                        System.nanoTime() + 10_000_000_000L);
        instance.state().fuel().set(CALL_FUEL);
        instance.call(function);
    }

    /** What a call returns: its code and output, or the kind of fault. */
    private static String outcome(EndiveInstance instance, String function) {
        try {
            call(instance, function);
            return "ok " + Arrays.toString(instance.state().output());
        } catch (GuestFault e) {
            return "fault " + e.kind();
        }
    }

    private static void assertSameState(Instance used, Instance fresh) {
        for (int i = 0;
                i < fresh.module().memorySection().map(m -> m.memoryCount()).orElse(0);
                i++) {
            assertThat(used.memory(i).pages())
                    .as("memory %d pages", i)
                    .isEqualTo(fresh.memory(i).pages());
            int size = fresh.memory(i).pages() * 65536;
            assertThat(used.memory(i).readBytes(0, size))
                    .as("memory %d bytes", i)
                    .isEqualTo(fresh.memory(i).readBytes(0, size));
        }
        assertThat(used.globalCount()).isEqualTo(fresh.globalCount());
        for (int i = 0; i < fresh.globalCount(); i++) {
            GlobalInstance a = used.global(i);
            GlobalInstance b = fresh.global(i);
            assertThat(new long[] {a.getValueLow(), a.getValueHigh()})
                    .as("global %d", i)
                    .isEqualTo(new long[] {b.getValueLow(), b.getValueHigh()});
            assertThat(a.getInstance() == used).isEqualTo(b.getInstance() == fresh);
        }
        assertThat(used.tableCount()).isEqualTo(fresh.tableCount());
        for (int t = 0; t < fresh.tableCount(); t++) {
            TableInstance a = used.table(t);
            TableInstance b = fresh.table(t);
            assertThat(a.size()).as("table %d size", t).isEqualTo(b.size());
            assertThat(a.limits().min()).isEqualTo(b.limits().min());
            for (int slot = 0; slot < b.size(); slot++) {
                assertThat(a.ref(slot)).as("table %d slot %d", t, slot).isEqualTo(b.ref(slot));
                assertThat(a.instance(slot) == used).isEqualTo(b.instance(slot) == fresh);
            }
        }
        assertThat(used.elementCount()).isEqualTo(fresh.elementCount());
        for (int i = 0; i < fresh.elementCount(); i++) {
            assertThat(used.element(i)).as("element segment %d", i).isEqualTo(fresh.element(i));
        }
        int dataSegments = fresh.module().dataSection().dataSegmentCount();
        for (int i = 0; i < dataSegments; i++) {
            assertThat(used.dataSegmentData(i))
                    .as("data segment %d", i)
                    .isEqualTo(fresh.dataSegmentData(i));
        }
    }

    /** A policy with a writable preopen, and a stub for every capability the module imports. */
    private static InstanceSpec spec(WasmModule module) {
        Map<String, HostFunctionDefinition> stubs = new LinkedHashMap<>();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imported = imports.getImport(i);
            if (imported.importType() != ExternalType.FUNCTION
                    || imported.module().equals(Abi.CORE_MODULE)
                    || imported.module().equals(Abi.WASI_MODULE)) {
                continue;
            }
            FunctionType type =
                    module.typeSection().getType(((FunctionImport) imported).typeIndex());
            List<WasmType> results = types(type.returns());
            stubs.put(
                    imported.module() + "/" + imported.name(),
                    new HostFunctionDefinition(
                            imported.module(),
                            imported.name(),
                            types(type.params()),
                            results,
                            (call, args) -> new long[results.size()]));
        }
        return new InstanceSpec(POLICY, stubs, Map.of(), false, 1_000, 1, UNLIMITED);
    }

    private static List<WasmType> types(List<ValType> types) {
        List<WasmType> result = new ArrayList<>();
        for (ValType type : types) {
            result.add(
                    type.equals(ValType.I32)
                            ? WasmType.I32
                            : type.equals(ValType.I64)
                                    ? WasmType.I64
                                    : type.equals(ValType.F32) ? WasmType.F32 : WasmType.F64);
        }
        return result;
    }

    /** A call state with the instantiation budget set, as the runtime sets it. */
    private static CallState state(EndiveModule module) {
        CallState state =
                new CallState(
                        "reset",
                        POLICY,
                        PayloadCodec.json(),
                        LoggerFactory.getLogger(InstanceResetTest.class),
                        (PluginEvents.Denied denied) -> {},
                        (PluginEvents.QuotaReached quota) -> {},
                        1 << 20);
        state.fuel().set(POLICY.limits().instantiationFuel());
        return state;
    }
}
