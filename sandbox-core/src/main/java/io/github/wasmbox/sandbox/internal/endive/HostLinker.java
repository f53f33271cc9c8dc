package io.github.wasmbox.sandbox.internal.endive;

import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.wasi.GuestClocks;
import io.github.wasmbox.sandbox.internal.wasi.GuestFiles;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import run.endive.runtime.HostFunction;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.WasmFunctionHandle;
import run.endive.wasi.WasiOptions;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionImport;
import run.endive.wasm.types.FunctionType;
import run.endive.wasm.types.Import;
import run.endive.wasm.types.ValType;

/**
 * Builds the imports of one instance: the core {@code wasmbox} module, WASI preview 1 and the
 * granted capability functions. Only what the module imports is linked. Every function is wrapped
 * so that it first checks the call's deadline and charges host-call fuel, which is how a blocking
 * or chatty host call cannot outlive the call or its budget.
 *
 * <p>The WASI imports reach their implementation through the instance's current {@link
 * WasiSession}, which {@link #renewWasi()} replaces when a PRISTINE instance is reset. One per
 * instance, confined to its call thread; {@link #close()} releases the WASI session.
 */
final class HostLinker implements AutoCloseable {
    static final String CORE_MODULE = "wasmbox";
    static final String WASI_MODULE = "wasi_snapshot_preview1";
    static final Set<String> CORE_FUNCTIONS =
            Set.of(
                    "input_length",
                    "input_read",
                    "output_write",
                    "error_write",
                    "result_length",
                    "result_read");

    private final InstanceSpec spec;
    private final CallState state;
    private final HostCallCosts costs;
    private final ImportValues imports;
    private final String[] wasiImports;
    private @Nullable EndiveGuestMemory memory;
    private WasiSession wasi;
    private long hostCalls;

    /**
     * Links what {@code module} imports and opens the instance's first WASI session.
     *
     * @throws IllegalStateException if an import is neither granted nor provided (the load-time
     *     audit rules that out)
     */
    HostLinker(WasmModule module, InstanceSpec spec, CallState state) {
        this.spec = spec;
        this.state = state;
        this.costs = new HostCallCosts(spec.hostCallFuel(), spec.hostCallFuelPerByte());
        List<HostFunction> linked = new ArrayList<>();
        List<String> wasiNames = new ArrayList<>();
        var section = module.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imported = section.getImport(i);
            if (imported.importType() != ExternalType.FUNCTION) {
                continue;
            }
            FunctionType type =
                    module.typeSection().getType(((FunctionImport) imported).typeIndex());
            linked.add(linkFunction(imported.module(), imported.name(), type, wasiNames));
        }
        this.imports = ImportValues.builder().withFunctions(new ArrayList<>(linked)).build();
        this.wasiImports = wasiNames.toArray(new String[0]);
        this.wasi = openWasi();
    }

    /** The instance's imports. */
    ImportValues imports() {
        return imports;
    }

    /** How many host functions the guest has called so far. */
    long hostCalls() {
        return hostCalls;
    }

    /**
     * Replaces the WASI session with a fresh one if the guest used it ({@link WasiSession#used()}),
     * so the next call sees the descriptors, files, clocks and randomness of a new instance.
     *
     * @throws java.io.UncheckedIOException if the preopened files cannot be mounted again
     */
    void renewWasi() {
        if (wasi.used()) {
            WasiSession used = wasi;
            wasi = openWasi();
            used.close();
        }
    }

    @Override
    public void close() {
        wasi.close();
    }

    private WasiSession openWasi() {
        GuestFiles files = GuestFiles.mount(spec.preopens(), spec.limits());
        try {
            GuestClocks clocks = spec.clocks();
            WasiPreview1 preview =
                    WasiPreview1.builder()
                            .withLogger(new Slf4jEndiveLogger(state.logger()))
                            .withOptions(wasiOptions(files, clocks))
                            .build();
            WasiGuard guard = new WasiGuard(state, files, clocks, spec.hostCallFuelPerByte());
            Map<String, WasmFunctionHandle> provided = new HashMap<>();
            for (HostFunction function : preview.toHostFunctions()) {
                provided.put(function.name(), function.handle());
            }
            WasmFunctionHandle[] handles = new WasmFunctionHandle[wasiImports.length];
            for (int i = 0; i < wasiImports.length; i++) {
                String name = wasiImports[i];
                WasmFunctionHandle handle = provided.get(name);
                if (handle == null) {
                    throw new IllegalStateException("WASI function not provided: " + name);
                }
                handles[i] =
                        guard.wrap(name, name.equals("fd_write") ? boundedFdWrite(handle) : handle);
            }
            return new WasiSession(preview, files, wasiImports, handles);
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
    }

    private WasiOptions wasiOptions(GuestFiles files, GuestClocks clocks) {
        WasiOptions.Builder options =
                WasiOptions.builder()
                        .withStdin(new ByteArrayInputStream(spec.stdin(state)), false)
                        .withStdout(state.stdout(), false)
                        .withStderr(state.stderr(), false)
                        .withArguments(spec.argv(state.context().pluginName()))
                        .withClock(clocks.asClock())
                        .withRandom(spec.random());
        for (Map.Entry<String, String> variable : spec.environment().entrySet()) {
            options.withEnvironment(variable.getKey(), variable.getValue());
        }
        files.roots().forEach(options::withDirectory);
        return options.build();
    }

    private HostFunction linkFunction(
            String module, String name, FunctionType type, List<String> wasiNames) {
        if (module.equals(CORE_MODULE)) {
            return new HostFunction(module, name, type, guarded(module + "/" + name, core(name)));
        }
        if (module.equals(WASI_MODULE)) {
            int index = wasiNames.size();
            wasiNames.add(name);
            return new HostFunction(
                    module,
                    name,
                    type,
                    guarded(
                            module + "/" + name,
                            (instance, args) -> wasi.call(index, instance, args)));
        }
        HostFunctionDefinition definition = spec.capabilities().get(module + "/" + name);
        if (definition == null) {
            throw new IllegalStateException("host function not granted: " + module + "/" + name);
        }
        if (!signatureMatches(definition, type)) {
            throw new IllegalStateException("signature mismatch for " + module + "/" + name);
        }
        return new HostFunction(
                module, name, type, guarded(definition.qualifiedName(), capability(definition)));
    }

    static boolean signatureMatches(HostFunctionDefinition definition, FunctionType type) {
        return types(definition.params()).equals(type.params())
                && types(definition.results()).equals(type.returns());
    }

    private static List<ValType> types(List<WasmType> types) {
        List<ValType> result = new ArrayList<>(types.size());
        for (WasmType t : types) {
            switch (t) {
                case I32:
                    result.add(ValType.I32);
                    break;
                case I64:
                    result.add(ValType.I64);
                    break;
                case F32:
                    result.add(ValType.F32);
                    break;
                default:
                    result.add(ValType.F64);
                    break;
            }
        }
        return result;
    }

    private EndiveGuestMemory memory(Instance instance) {
        EndiveGuestMemory attached = memory;
        if (attached == null) {
            if (instance.memory() == null) {
                throw new GuestFault(
                        GuestFault.Kind.TRAP,
                        "the module exports no memory, so it cannot pass data to the host",
                        null);
            }
            attached =
                    new EndiveGuestMemory(instance.memory(), state.limits().maxHostResultBytes());
            memory = attached;
            state.attach(attached);
        }
        return attached;
    }

    /**
     * Deadline check, fuel for the call and the bytes it moved, and fault translation. Marks the
     * call state with {@code qualifiedName} while the host works, so that a deadline hit then is
     * reported as the host's time, not the guest's.
     */
    private WasmFunctionHandle guarded(String qualifiedName, WasmFunctionHandle handle) {
        return (instance, args) -> {
            hostCalls++;
            state.checkDeadline();
            state.fuel().charge(costs.perCall());
            if (memory == null && instance.memory() != null) {
                memory(instance);
            }
            state.hostFunction(qualifiedName);
            try {
                return handle.apply(instance, args);
            } catch (GuestMemoryException e) {
                throw new GuestFault(
                        e.overCap() ? GuestFault.Kind.OUTPUT : GuestFault.Kind.TRAP,
                        e.getMessage(),
                        e.overCap() ? state.limits().maxHostResultBytes() : 0,
                        0,
                        e);
            } finally {
                state.hostFunction(null);
                long fuel = state.takeCharges();
                if (memory != null) {
                    fuel += costs.perByte() * memory.takeBytesMoved();
                }
                state.fuel().charge(fuel);
            }
        };
    }

    private WasmFunctionHandle capability(HostFunctionDefinition definition) {
        return (instance, args) -> {
            try {
                return definition.handler().apply(state, args);
            } catch (GuestFault | GuestMemoryException e) {
                throw e;
            } catch (PolicyViolationException e) {
                throw new GuestFault(GuestFault.Kind.DENIED, e.getMessage(), e);
            } catch (HostFunctionException e) {
                throw new GuestFault(GuestFault.Kind.HOST_ERROR, e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new GuestFault(
                        GuestFault.Kind.HOST_ERROR,
                        "host function " + definition.qualifiedName() + " failed: " + e,
                        e);
            }
        };
    }

    /**
     * Checks an {@code fd_write} to stdout/stderr against the remaining cap before Endive copies
     * anything, so one call cannot make the host allocate a guest-sized buffer.
     */
    private WasmFunctionHandle boundedFdWrite(WasmFunctionHandle delegate) {
        return (instance, args) -> {
            int fd = (int) args[0];
            if (fd == 1 || fd == 2) {
                EndiveGuestMemory mem = memory(instance);
                int iovs = (int) args[1];
                int count = (int) args[2];
                mem.check(iovs, (int) Math.min(Integer.toUnsignedLong(count) * 8, 0xFFFF_FFFFL));
                long total = 0;
                for (int i = 0; i < count; i++) {
                    int base = instance.memory().readInt(iovs + i * 8);
                    int length = instance.memory().readInt(iovs + i * 8 + 4);
                    mem.check(base, length);
                    total += Integer.toUnsignedLong(length);
                }
                (fd == 1 ? state.stdout() : state.stderr()).ensureRoom(total);
            }
            return delegate.apply(instance, args);
        };
    }

    private WasmFunctionHandle core(String name) {
        switch (name) {
            case "input_length":
                return (instance, args) -> new long[] {state.input().length};
            case "input_read":
                return (instance, args) -> {
                    memory(instance).write((int) args[0], state.input());
                    return null;
                };
            case "output_write":
                return (instance, args) -> {
                    state.output(
                            readCapped(instance, args, state.limits().maxOutputBytes(), "output"));
                    return null;
                };
            case "error_write":
                return (instance, args) -> {
                    byte[] message =
                            readCapped(
                                    instance,
                                    args,
                                    state.limits().maxOutputBytes(),
                                    "error message");
                    state.errorMessage(new String(message, StandardCharsets.UTF_8));
                    return null;
                };
            case "result_length":
                return (instance, args) -> new long[] {state.pending().length};
            case "result_read":
                return (instance, args) -> {
                    memory(instance).write((int) args[0], state.pending());
                    state.clearPending();
                    return null;
                };
            default:
                throw new IllegalStateException("unknown core function wasmbox/" + name);
        }
    }

    private byte[] readCapped(Instance instance, long[] args, int cap, String what) {
        int ptr = (int) args[0];
        int len = (int) args[1];
        EndiveGuestMemory mem = memory(instance);
        mem.check(ptr, len);
        long length = Integer.toUnsignedLong(len);
        if (length > cap) {
            throw new GuestFault(
                    GuestFault.Kind.OUTPUT,
                    "the plugin's "
                            + what
                            + " of "
                            + length
                            + " bytes exceeds the policy cap of "
                            + cap
                            + " bytes",
                    cap,
                    length,
                    null);
        }
        return mem.copyOut(ptr, len);
    }

    /** Host-call fuel pricing. */
    record HostCallCosts(long perCall, long perByte) {}
}
