/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.GuestFault;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.spi.Abi;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The host side of one instance's imports, engine-free: the core {@code wasmbox} module and the
 * granted capability functions ({@link #resolve}), and the guard every host function runs behind,
 * WASI included ({@link #guard}): it checks the call's deadline first and charges host-call fuel
 * for the call and the bytes it moved, which is how a blocking or chatty host call cannot outlive
 * the call or its budget, and it turns host failures into {@link GuestFault}s. One per instance,
 * confined to its call thread.
 */
public final class HostImports {
    private final InstanceSpec spec;
    private final CallState state;
    private @Nullable GuestMemoryView memory;
    private @Nullable TapMemory tapped;
    private long calls;

    public HostImports(InstanceSpec spec, CallState state) {
        this.spec = spec;
        this.state = state;
    }

    /**
     * The guarded implementation of function {@code module/name}, imported with this signature: a
     * core ABI function or a granted capability.
     *
     * @throws IllegalStateException if it is neither, or the signature differs (the load-time audit
     *     rules both out)
     */
    public HostImport resolve(
            String module, String name, List<WasmType> params, List<WasmType> results) {
        if (module.equals(Abi.CORE_MODULE)) {
            Abi.CoreFunction function =
                    Abi.CoreFunction.byImportName(name)
                            .filter(f -> f.params().equals(params) && f.results().equals(results))
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "no core function " + module + "/" + name));
            return guard(module + "/" + name, List.of(), List.of(), core(function));
        }
        HostFunctionDefinition definition = spec.capabilities().get(module + "/" + name);
        if (definition == null) {
            throw new IllegalStateException("host function not granted: " + module + "/" + name);
        }
        if (!definition.params().equals(params) || !definition.results().equals(results)) {
            throw new IllegalStateException("signature mismatch for " + module + "/" + name);
        }
        return guard(
                definition.qualifiedName(),
                definition.params(),
                definition.results(),
                capability(definition));
    }

    /** How many host functions the guest has called so far. */
    public long calls() {
        return calls;
    }

    /**
     * Deadline check, fuel for the call and the bytes it moved, and fault translation. Marks the
     * call state with {@code qualifiedName} while the host works, so that a deadline hit then is
     * reported as the host's time, not the guest's. While the call is recorded or replayed, the
     * answer goes through the call's {@link HostCallTape}.
     */
    public HostImport guard(String qualifiedName, HostImport function) {
        return guard(qualifiedName, List.of(), List.of(), function);
    }

    private HostImport guard(
            String qualifiedName,
            List<WasmType> params,
            List<WasmType> results,
            HostImport function) {
        return (linear, args) -> {
            calls++;
            state.checkDeadline();
            state.fuel().charge(spec.hostCallFuel());
            LinearMemory memory = state.isTapped() ? tap(linear) : linear;
            HostCallTape tape = state.tape();
            if (tape != null && HostCallTape.covers(qualifiedName, args)) {
                return tape.call(
                        qualifiedName,
                        params,
                        results,
                        args,
                        memory,
                        (m, a) -> run(qualifiedName, function, m, a));
            }
            return run(qualifiedName, function, memory, args);
        };
    }

    private long @Nullable [] run(
            String qualifiedName, HostImport function, @Nullable LinearMemory linear, long[] args) {
        if (memory == null && linear != null) {
            attach(linear);
        }
        state.hostFunction(qualifiedName);
        try {
            return function.apply(linear, args);
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
                fuel += spec.hostCallFuelPerByte() * memory.takeBytesMoved();
            }
            state.fuel().charge(fuel);
        }
    }

    /** The tapped view of {@code linear}, one per instance memory. */
    private @Nullable LinearMemory tap(@Nullable LinearMemory linear) {
        if (linear == null) {
            return null;
        }
        TapMemory current = tapped;
        if (current == null || !current.taps(linear)) {
            current = new TapMemory(linear, state);
            tapped = current;
        }
        return current;
    }

    private GuestMemoryView attach(LinearMemory linear) {
        GuestMemoryView view = new GuestMemoryView(linear, state.limits().maxHostResultBytes());
        memory = view;
        state.attach(view);
        return view;
    }

    private GuestMemoryView memory(@Nullable LinearMemory linear) {
        GuestMemoryView attached = memory;
        if (attached != null) {
            return attached;
        }
        if (linear == null) {
            throw new GuestFault(
                    GuestFault.Kind.TRAP,
                    "the module exports no memory, so it cannot pass data to the host",
                    null);
        }
        return attach(linear);
    }

    private HostImport capability(HostFunctionDefinition definition) {
        return (linear, args) -> {
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

    private HostImport core(Abi.CoreFunction function) {
        switch (function) {
            case INPUT_LENGTH:
                return (linear, args) -> new long[] {state.input().length};
            case INPUT_READ:
                return (linear, args) -> {
                    memory(linear).write((int) args[0], state.input());
                    return null;
                };
            case OUTPUT_WRITE:
                return (linear, args) -> {
                    state.output(readCapped(linear, args, "output"));
                    return null;
                };
            case ERROR_WRITE:
                return (linear, args) -> {
                    byte[] message = readCapped(linear, args, "error message");
                    state.errorMessage(new String(message, StandardCharsets.UTF_8));
                    return null;
                };
            case RESULT_LENGTH:
                return (linear, args) -> new long[] {state.pending().length};
            case RESULT_READ:
                return (linear, args) -> {
                    memory(linear).write((int) args[0], state.pending());
                    state.clearPending();
                    return null;
                };
            default:
                throw new IllegalStateException("unknown core function " + function);
        }
    }

    /** Reads the guest's output or error message, at most the policy's {@code max-output}. */
    private byte[] readCapped(@Nullable LinearMemory linear, long[] args, String what) {
        int ptr = (int) args[0];
        int len = (int) args[1];
        int cap = state.limits().maxOutputBytes();
        GuestMemoryView view = memory(linear);
        view.check(ptr, len);
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
        return view.copyOut(ptr, len);
    }
}
