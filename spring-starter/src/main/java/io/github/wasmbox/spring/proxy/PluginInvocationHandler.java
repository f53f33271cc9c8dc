/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.proxy;

import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginOutputException;
import io.github.wasmbox.spring.PluginCallResult;
import io.github.wasmbox.spring.PluginFunction;
import io.github.wasmbox.spring.PluginRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns calls on a {@link io.github.wasmbox.spring.WasmPlugin} interface into plugin calls. Every
 * method is analysed once, when the proxy is created, so a method the handler cannot serve fails
 * start-up rather than its first call. Immutable and thread-safe.
 */
final class PluginInvocationHandler implements InvocationHandler {
    private static final byte[] NO_INPUT = new byte[0];

    private final Class<?> type;
    private final String pluginName;
    private final PluginRegistry registry;
    private final Map<Method, Call> calls = new HashMap<>();

    /** What one abstract method does. */
    private record Call(String function, Kind kind, Type valueType) {}

    private enum Kind {
        VOID,
        RAW,
        CALL_RESULT,
        PLUGIN_CALL_RESULT,
        VALUE
    }

    PluginInvocationHandler(Class<?> type, String pluginName, PluginRegistry registry) {
        this.type = type;
        this.pluginName = pluginName;
        this.registry = registry;
        for (Method method : type.getMethods()) {
            if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                calls.put(method, analyse(method));
            }
        }
    }

    /** The export names this interface calls. */
    Set<String> functions() {
        Set<String> functions = new TreeSet<>();
        calls.values().forEach(call -> functions.add(call.function()));
        return functions;
    }

    private Call analyse(Method method) {
        PluginFunction annotation = method.getAnnotation(PluginFunction.class);
        String function = annotation == null ? method.getName() : annotation.value();
        if (method.getParameterCount() > 1) {
            throw new IllegalStateException(
                    type.getName()
                            + "."
                            + method.getName()
                            + " has "
                            + method.getParameterCount()
                            + " parameters, but a plugin function"
                            + " takes one input: declare one parameter (a record, for example)");
        }
        Class<?> returnType = method.getReturnType();
        Type generic = method.getGenericReturnType();
        if (returnType == void.class) {
            return new Call(function, Kind.VOID, void.class);
        }
        if (returnType == byte[].class) {
            return new Call(function, Kind.RAW, byte[].class);
        }
        if (returnType == CallResult.class) {
            return new Call(function, Kind.CALL_RESULT, CallResult.class);
        }
        if (returnType == PluginCallResult.class) {
            if (!(generic instanceof ParameterizedType parameterized)) {
                throw new IllegalStateException(
                        type.getName()
                                + "."
                                + method.getName()
                                + " returns a raw"
                                + " PluginCallResult: give its value type, as in"
                                + " PluginCallResult<Quote>");
            }
            return new Call(
                    function, Kind.PLUGIN_CALL_RESULT, parameterized.getActualTypeArguments()[0]);
        }
        return new Call(function, Kind.VALUE, generic);
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
            throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Call call = calls.get(method);
        if (call == null) {
            throw new IllegalStateException("not a plugin method: " + method);
        }
        Plugin plugin = registry.require(pluginName);
        Object argument = argument(call, args);
        if (call.kind() == Kind.VALUE) {
            // The one typed-call path: the policy's output limit and the codec's rules, as for
            // any caller of Plugin.call.
            return plugin.call(call.function(), argument, call.valueType());
        }
        // The plugin's own codec, as Plugin.call uses: the same rules for its output on every path.
        PayloadCodec codec = plugin.codec();
        byte[] input = argument instanceof byte[] raw ? raw : codec.encode(argument);
        switch (call.kind()) {
            case VOID:
                plugin.call(call.function(), input);
                return null;
            case RAW:
                return plugin.call(call.function(), input);
            case CALL_RESULT:
                return plugin.invoke(call.function(), input);
            default:
                CallResult result = plugin.invoke(call.function(), input);
                return new PluginCallResult<>(decode(call, codec, result.output()), result);
        }
    }

    /** The method's argument, or no input at all for a method without parameters. */
    private Object argument(Call call, @Nullable Object[] args) {
        if (args == null || args.length == 0) {
            return NO_INPUT;
        }
        Object argument = args[0];
        if (argument == null) {
            throw new IllegalArgumentException(
                    "the input of "
                            + type.getSimpleName()
                            + "."
                            + call.function()
                            + " must not be null");
        }
        return argument;
    }

    private Object decode(Call call, PayloadCodec codec, byte[] output) {
        try {
            return codec.decode(output, call.valueType());
        } catch (IllegalArgumentException e) {
            throw new PluginOutputException(pluginName, call.function(), call.valueType(), e);
        }
    }

    private Object objectMethod(Object proxy, Method method, @Nullable Object[] args) {
        switch (method.getName()) {
            case "equals":
                return args != null && proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return type.getSimpleName() + "[plugin " + pluginName + "]";
            default:
                throw new IllegalStateException("unexpected Object method " + method);
        }
    }
}
