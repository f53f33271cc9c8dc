/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.spi.ErrorCode;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import io.github.wasmbox.sandbox.spi.HostCall;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Binds the annotated methods of one object into host-function definitions. */
final class Binder {
    private Binder() {}

    /** Reads one Java argument from the Wasm arguments. */
    @FunctionalInterface
    private interface ArgReader {
        Object read(HostCall call, long[] args);
    }

    /** Turns a variable-sized value into the bytes of the pending result. */
    @FunctionalInterface
    private interface Encoder {
        byte[] encode(HostCall call, Object value);
    }

    static List<HostFunctionDefinition> bind(Object capability) {
        Class<?> type = capability.getClass();
        HostModule module = type.getAnnotation(HostModule.class);
        if (module == null) {
            throw new IllegalArgumentException(
                    type.getName() + " is not annotated with @HostModule(\"<import module>\")");
        }
        List<Method> methods = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(HostFunction.class)
                        && !overridden(methods, method)) {
                    methods.add(method);
                }
            }
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException(
                    type.getName() + " declares no @HostFunction method");
        }
        // A stable order keeps link errors and listings reproducible across JVMs.
        methods.sort(Comparator.comparing(Method::getName));
        List<HostFunctionDefinition> definitions = new ArrayList<>();
        for (Method method : methods) {
            definitions.add(bindMethod(module.value(), capability, method));
        }
        return definitions;
    }

    private static boolean overridden(List<Method> seen, Method method) {
        return seen.stream()
                .anyMatch(
                        m ->
                                m.getName().equals(method.getName())
                                        && Arrays.equals(
                                                m.getParameterTypes(), method.getParameterTypes()));
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean wordStart =
                        i > 0
                                && (!Character.isUpperCase(name.charAt(i - 1))
                                        || (i + 1 < name.length()
                                                && Character.isLowerCase(name.charAt(i + 1))));
                if (wordStart) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static HostFunctionDefinition bindMethod(String module, Object target, Method method) {
        String where = method.getDeclaringClass().getName() + "." + method.getName();
        if (Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException(
                    "@HostFunction " + where + " is static; host functions are instance methods");
        }
        if (!Modifier.isPublic(method.getModifiers()) || !method.trySetAccessible()) {
            throw new IllegalArgumentException(
                    "@HostFunction "
                            + where
                            + " is not accessible; make it public (and its package open to"
                            + " io.github.wasmbox.host when it lives in a named module)");
        }
        String annotated = method.getAnnotation(HostFunction.class).value();
        String name = annotated.isEmpty() ? snakeCase(method.getName()) : annotated;

        List<WasmType> params = new ArrayList<>();
        Type[] types = method.getGenericParameterTypes();
        ArgReader[] readers = new ArgReader[types.length];
        for (int i = 0; i < types.length; i++) {
            readers[i] = reader(types[i], params, where, i);
        }
        Result result = result(method.getGenericReturnType(), where);

        MethodHandle handle;
        try {
            handle = MethodHandles.lookup().unreflect(method).bindTo(target);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("@HostFunction " + where + " is not accessible", e);
        }
        MethodHandle invoker =
                handle.asSpreader(Object[].class, types.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
        Invocation invocation = new Invocation(module, name, where, invoker, readers, result);
        return new HostFunctionDefinition(
                module, name, params, result.wasmTypes(), invocation::apply);
    }

    private static ArgReader reader(Type type, List<WasmType> params, String where, int index) {
        int at = params.size();
        if (type == int.class) {
            params.add(WasmType.I32);
            return (call, args) -> (int) args[at];
        }
        if (type == boolean.class) {
            params.add(WasmType.I32);
            return (call, args) -> (int) args[at] != 0;
        }
        if (type == long.class) {
            params.add(WasmType.I64);
            return (call, args) -> args[at];
        }
        if (type == float.class) {
            params.add(WasmType.F32);
            return (call, args) -> Float.intBitsToFloat((int) args[at]);
        }
        if (type == double.class) {
            params.add(WasmType.F64);
            return (call, args) -> Double.longBitsToDouble(args[at]);
        }
        if (type == CallContext.class) {
            return (call, args) -> call.context();
        }
        if (type == HostCall.class) {
            return (call, args) -> call;
        }
        if (type instanceof Class<?> && ((Class<?>) type).isPrimitive()) {
            throw unsupported(where, "parameter " + index, type);
        }
        if (!decodable(type)) {
            throw unsupported(where, "parameter " + index, type);
        }
        params.add(WasmType.I32);
        params.add(WasmType.I32);
        if (type == byte[].class) {
            return (call, args) -> readBytes(call, args[at], args[at + 1]);
        }
        if (type == String.class) {
            return (call, args) -> utf8(readBytes(call, args[at], args[at + 1]), index);
        }
        return (call, args) -> {
            byte[] json = readBytes(call, args[at], args[at + 1]);
            Object value;
            try {
                value = call.codec().decode(json, type);
            } catch (IllegalArgumentException e) {
                throw CapabilityException.invalidArgument(
                        "argument " + index + " is not valid JSON for " + type.getTypeName());
            }
            if (value == null) {
                throw CapabilityException.invalidArgument("argument " + index + " is null");
            }
            return value;
        };
    }

    /** Only types the codec can decode without guessing: no type variables or wildcards. */
    private static boolean decodable(Type type) {
        if (type instanceof Class<?>) {
            return type != void.class && type != Void.class && type != Optional.class;
        }
        if (type instanceof ParameterizedType) {
            ParameterizedType parameterized = (ParameterizedType) type;
            return parameterized.getRawType() != Optional.class
                    && Arrays.stream(parameterized.getActualTypeArguments())
                            .allMatch(Binder::decodable);
        }
        return false;
    }

    private static IllegalArgumentException unsupported(String where, String what, Type type) {
        return new IllegalArgumentException(
                "@HostFunction "
                        + where
                        + ": "
                        + what
                        + " has unsupported type "
                        + type.getTypeName()
                        + "; use int, long, float, double, boolean, String, byte[], CallContext,"
                        + " HostCall or a JSON-mappable type without type variables");
    }

    /**
     * Reads a guest range. The range is checked against the memory before the cap, so that a bad
     * pointer always traps; only then is the cap checked, so that nothing over it is allocated.
     */
    static byte[] readBytes(HostCall call, long ptrArg, long lenArg) {
        int ptr = (int) ptrArg;
        int len = (int) lenArg;
        long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len);
        if (end > call.memory().size()) {
            throw new GuestMemoryException(
                    "range ["
                            + Integer.toUnsignedString(ptr)
                            + ", "
                            + end
                            + ") is outside guest memory of "
                            + call.memory().size()
                            + " bytes",
                    false);
        }
        int cap = call.policy().limits().maxHostResultBytes();
        if (Integer.toUnsignedLong(len) > cap) {
            throw CapabilityException.tooLarge(
                    "argument of "
                            + Integer.toUnsignedString(len)
                            + " bytes exceeds max-host-result of "
                            + cap
                            + " bytes");
        }
        return call.memory().read(ptr, len);
    }

    private static String utf8(byte[] bytes, int index) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CapabilityException.invalidArgument("argument " + index + " is not valid UTF-8");
        }
    }

    /** How a method's result becomes Wasm results. */
    private enum ResultShape {
        STATUS,
        INT,
        BOOLEAN,
        LONG,
        FLOAT,
        DOUBLE,
        VARIABLE,
        OPTIONAL
    }

    private static final class Result {
        final ResultShape shape;
        final Encoder encoder;

        Result(ResultShape shape, Encoder encoder) {
            this.shape = shape;
            this.encoder = encoder;
        }

        List<WasmType> wasmTypes() {
            switch (shape) {
                case LONG:
                    return List.of(WasmType.I64);
                case FLOAT:
                    return List.of(WasmType.F32);
                case DOUBLE:
                    return List.of(WasmType.F64);
                default:
                    return List.of(WasmType.I32);
            }
        }

        boolean carriesErrors() {
            return shape == ResultShape.STATUS
                    || shape == ResultShape.INT
                    || shape == ResultShape.VARIABLE
                    || shape == ResultShape.OPTIONAL;
        }
    }

    private static Result result(Type type, String where) {
        Encoder none = (call, value) -> new byte[0];
        if (type == void.class) {
            return new Result(ResultShape.STATUS, none);
        }
        if (type == int.class) {
            return new Result(ResultShape.INT, none);
        }
        if (type == boolean.class) {
            return new Result(ResultShape.BOOLEAN, none);
        }
        if (type == long.class) {
            return new Result(ResultShape.LONG, none);
        }
        if (type == float.class) {
            return new Result(ResultShape.FLOAT, none);
        }
        if (type == double.class) {
            return new Result(ResultShape.DOUBLE, none);
        }
        if (type instanceof Class<?> && ((Class<?>) type).isPrimitive()) {
            throw unsupported(where, "the result", type);
        }
        if (type instanceof ParameterizedType
                && ((ParameterizedType) type).getRawType() == Optional.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (!encodable(element)) {
                throw unsupported(where, "the result", type);
            }
            return new Result(ResultShape.OPTIONAL, encoder(element));
        }
        if (!encodable(type)) {
            throw unsupported(where, "the result", type);
        }
        return new Result(ResultShape.VARIABLE, encoder(type));
    }

    private static boolean encodable(Type type) {
        return type != Optional.class
                && type != Void.class
                && !(type instanceof ParameterizedType
                        && ((ParameterizedType) type).getRawType() == Optional.class)
                && (type instanceof Class<?> || type instanceof ParameterizedType);
    }

    private static Encoder encoder(Type type) {
        if (type == byte[].class) {
            return (call, value) -> (byte[]) value;
        }
        if (type == String.class) {
            return (call, value) -> ((String) value).getBytes(StandardCharsets.UTF_8);
        }
        return (call, value) -> call.codec().encode(value);
    }

    /** One bound function: reads arguments, invokes the method, applies the error rules. */
    private static final class Invocation {
        private final String module;
        private final String qualifiedName;
        private final String where;
        private final MethodHandle invoker;
        private final ArgReader[] readers;
        private final Result result;

        Invocation(
                String module,
                String name,
                String where,
                MethodHandle invoker,
                ArgReader[] readers,
                Result result) {
            this.module = module;
            this.qualifiedName = module + "/" + name;
            this.where = where;
            this.invoker = invoker;
            this.readers = readers;
            this.result = result;
        }

        long[] apply(HostCall call, long[] args) {
            Object[] javaArgs = new Object[readers.length];
            try {
                for (int i = 0; i < readers.length; i++) {
                    javaArgs[i] = readers[i].read(call, args);
                }
            } catch (CapabilityException e) {
                if (!result.carriesErrors()) {
                    // The guest's arguments are at fault, not the host: trap it as for a bad
                    // pointer, since this result type has no room for an error code.
                    throw new GuestMemoryException(
                            qualifiedName + ": " + e.getMessage(), e.code() == ErrorCode.TOO_LARGE);
                }
                return new long[] {call.error(e.code(), e.getMessage())};
            }
            try {
                return complete(call, invoke(call, javaArgs));
            } catch (CapabilityException e) {
                if (!result.carriesErrors()) {
                    throw failure(
                            call,
                            "host function "
                                    + qualifiedName
                                    + " returns a number and cannot report "
                                    + e.code()
                                    + " ("
                                    + e.getMessage()
                                    + ") to the guest",
                            e);
                }
                int code;
                if (e.code() == ErrorCode.DENIED) {
                    code = call.denied(module, e.target());
                } else if (!e.quota().isEmpty()) {
                    code = call.quotaReached(module, e.quota(), e.getMessage());
                } else {
                    code = call.error(e.code(), e.getMessage());
                }
                return new long[] {code};
            }
        }

        private Object invoke(HostCall call, Object[] javaArgs) {
            try {
                return (Object) invoker.invokeExact(javaArgs);
            } catch (CapabilityException
                    | PolicyViolationException
                    | HostFunctionException
                    | GuestMemoryException e) {
                throw e;
            } catch (Error e) {
                // Stack overflow, out of memory: the runtime owns these, never mask them.
                throw e;
            } catch (Throwable e) {
                if (e instanceof InterruptedException) {
                    // The runtime interrupts a call at its deadline; keep the flag for it.
                    Thread.currentThread().interrupt();
                }
                throw failure(
                        call,
                        "host function " + qualifiedName + " (" + where + ") failed: " + e,
                        e);
            }
        }

        private long[] complete(HostCall call, @Nullable Object value) {
            switch (result.shape) {
                case STATUS:
                    return new long[] {0};
                case INT:
                    return new long[] {(Integer) nonNull(call, value)};
                case BOOLEAN:
                    return new long[] {(Boolean) nonNull(call, value) ? 1 : 0};
                case LONG:
                    return new long[] {(Long) nonNull(call, value)};
                case FLOAT:
                    return new long[] {Float.floatToRawIntBits((Float) nonNull(call, value))};
                case DOUBLE:
                    return new long[] {Double.doubleToRawLongBits((Double) nonNull(call, value))};
                case OPTIONAL:
                    Optional<?> optional = (Optional<?>) nonNull(call, value);
                    if (optional.isEmpty()) {
                        return new long[] {call.error(ErrorCode.NOT_FOUND, "not found")};
                    }
                    return pending(call, optional.get());
                default:
                    return pending(call, nonNull(call, value));
            }
        }

        private long[] pending(HostCall call, Object value) {
            byte[] bytes;
            try {
                bytes = result.encoder.encode(call, value);
            } catch (IllegalArgumentException e) {
                throw failure(call, "host function " + qualifiedName + " result: " + e, e);
            }
            int cap = call.policy().limits().maxHostResultBytes();
            if (bytes.length > cap) {
                return new long[] {
                    call.error(
                            ErrorCode.TOO_LARGE,
                            "result of "
                                    + bytes.length
                                    + " bytes exceeds max-host-result of "
                                    + cap
                                    + " bytes")
                };
            }
            return new long[] {call.result(bytes)};
        }

        private Object nonNull(HostCall call, @Nullable Object value) {
            if (value == null) {
                throw failure(
                        call,
                        "host function "
                                + qualifiedName
                                + " ("
                                + where
                                + ") returned null; return Optional.empty() for an absent"
                                + " value",
                        null);
            }
            return value;
        }

        private HostFunctionException failure(
                HostCall call, String message, @Nullable Throwable cause) {
            CallContext context = call.context();
            return new HostFunctionException(
                    context.pluginName(), context.functionName(), message, cause);
        }
    }
}
