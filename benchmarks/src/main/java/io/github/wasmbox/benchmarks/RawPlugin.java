/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.ExportFunction;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.runtime.Memory;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.ValType;

/**
 * The raw-Endive baseline: one compiled instance driven by hand with Endive's array-backed memory
 * ({@code ByteArrayMemory}, the faster of its two; the builder's default is {@code
 * ByteBufferMemory}) and no fuel, the wasmbox core ABI written as directly as possible (a field for
 * the input, a field for the output) and the discount-rules capabilities as constant answers. No
 * isolation, no limits, no metering, no thread. Not thread-safe: one per benchmark thread.
 */
public final class RawPlugin implements AutoCloseable {
    private final Instance instance;
    private final WasiPreview1 wasi;
    private byte[] input = new byte[0];
    private byte[] output = new byte[0];
    private byte[] pending = new byte[0];

    /** Compiles {@code module} to JVM bytecode, as wasmbox does. */
    public static Function<Instance, Machine> compile(WasmModule module) {
        return MachineFactoryCompiler.compile(module);
    }

    private RawPlugin(WasmModule module, Function<Instance, Machine> machine) {
        this.wasi = WasiPreview1.builder().build();
        this.instance =
                Instance.builder(module)
                        .withMachineFactory(machine)
                        // The baseline every session measured: Chicory's runs used it too.
                        .withMemoryFactory(ByteArrayMemory::new)
                        .withImportValues(imports())
                        .build();
    }

    /** A new instance of a fixture; the module is parsed and compiled once per JVM. */
    public static RawPlugin of(String fixture) {
        Compiled compiled =
                COMPILED.computeIfAbsent(
                        fixture,
                        key -> {
                            WasmModule module = Parser.parse(Fixtures.wasm(fixture));
                            return new Compiled(module, compile(module));
                        });
        return new RawPlugin(compiled.module(), compiled.machine());
    }

    private record Compiled(WasmModule module, Function<Instance, Machine> machine) {}

    private static final Map<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    /** The Endive instance. */
    public Instance instance() {
        return instance;
    }

    /** An export, for calling it with raw arguments. */
    public ExportFunction export(String name) {
        return instance.export(name);
    }

    /** Calls an ABI function ({@code name() -> i32}) with {@code input}; returns the output. */
    public byte[] call(String function, byte[] input) {
        this.input = input;
        this.output = new byte[0];
        long[] result = instance.export(function).apply();
        if (result[0] != 0) {
            throw new IllegalStateException(function + " returned " + result[0]);
        }
        return output;
    }

    private ImportValues imports() {
        FunctionType toI32 = FunctionType.returning(ValType.I32);
        FunctionType i32 = FunctionType.accepting(ValType.I32);
        FunctionType twoI32 = FunctionType.of(List.of(ValType.I32, ValType.I32), List.of());
        HostFunction[] core = {
            new HostFunction(
                    "wasmbox", "input_length", toI32, (inst, args) -> new long[] {input.length}),
            new HostFunction(
                    "wasmbox",
                    "input_read",
                    i32,
                    (inst, args) -> {
                        inst.memory().write((int) args[0], input);
                        return null;
                    }),
            new HostFunction(
                    "wasmbox",
                    "output_write",
                    twoI32,
                    (inst, args) -> {
                        output = inst.memory().readBytes((int) args[0], (int) args[1]);
                        return null;
                    }),
            new HostFunction(
                    "wasmbox",
                    "error_write",
                    twoI32,
                    (inst, args) -> {
                        output = inst.memory().readBytes((int) args[0], (int) args[1]);
                        return null;
                    }),
            new HostFunction(
                    "wasmbox", "result_length", toI32, (inst, args) -> new long[] {pending.length}),
            new HostFunction(
                    "wasmbox",
                    "result_read",
                    i32,
                    (inst, args) -> {
                        inst.memory().write((int) args[0], pending);
                        return null;
                    }),
            new HostFunction(
                    "wasmbox:config",
                    "get",
                    FunctionType.of(i32s(2), List.of(ValType.I32)),
                    (inst, args) -> notFound()),
            new HostFunction(
                    "wasmbox:log",
                    "write",
                    FunctionType.of(i32s(3), List.of(ValType.I32)),
                    (inst, args) -> new long[] {0}),
            new HostFunction(
                    "wasmbox:kv",
                    "get",
                    FunctionType.of(i32s(4), List.of(ValType.I32)),
                    (inst, args) -> notFound()),
            new HostFunction(
                    "wasmbox:kv",
                    "put",
                    FunctionType.of(i32s(6), List.of(ValType.I32)),
                    (inst, args) -> new long[] {0}),
        };
        return ImportValues.builder().addFunction(core).addFunction(wasi.toHostFunctions()).build();
    }

    private long[] notFound() {
        pending = "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new long[] {-2};
    }

    private static List<ValType> i32s(int n) {
        return Collections.nCopies(n, ValType.I32);
    }

    /** The instance's memory. */
    public Memory memory() {
        return instance.memory();
    }

    @Override
    public void close() {
        wasi.close();
    }
}
