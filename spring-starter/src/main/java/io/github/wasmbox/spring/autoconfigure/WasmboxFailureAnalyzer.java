/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.spring.PluginStartupException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Turns a plugin that does not load at start-up, or an invalid {@code wasmbox.*} property, into a
 * report naming the plugin, the key, what is wrong and what to do; a value that does not convert is
 * answered with the form it takes. Ordered before Spring Boot's own analyzers, which report the
 * same binding failures without those hints; returns null for every failure outside {@code
 * wasmbox.*}. Stateless and thread-safe.
 */
public class WasmboxFailureAnalyzer implements FailureAnalyzer, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PluginStartupException plugin) {
                return new FailureAnalysis(
                        "Plugin '"
                                + plugin.pluginName()
                                + "' did not load (property "
                                + plugin.propertyKey()
                                + "):\n\n"
                                + plugin.getMessage(),
                        plugin.action()
                                + "\nIf the application can run without it, set wasmbox.plugins."
                                + plugin.pluginName()
                                + ".required to false.",
                        plugin);
            }
            if (cause instanceof InvalidWasmboxPropertyException property) {
                return analysis(property);
            }
            if (cause instanceof BindException bind
                    && PropertyNames.ROOT.isAncestorOf(bind.getName())
                    && bind.getProperty() != null
                    && bind.getCause() != null) {
                return analysis(badValue(bind), cause);
            }
        }
        return null;
    }

    private static FailureAnalysis analysis(InvalidWasmboxPropertyException property) {
        return analysis(property, property);
    }

    private static FailureAnalysis analysis(
            InvalidWasmboxPropertyException property, Throwable cause) {
        return new FailureAnalysis(
                "Invalid wasmbox configuration (property "
                        + property.propertyKey()
                        + "):\n\n"
                        + property.getMessage(),
                property.action(),
                cause);
    }

    private static InvalidWasmboxPropertyException badValue(BindException bind) {
        ConfigurationProperty property = bind.getProperty();
        String key = bind.getName().toString();
        String expected = expected(bind.getTarget().getType().toClass());
        return new InvalidWasmboxPropertyException(
                key,
                key
                        + ": '"
                        + property.getValue()
                        + "' is not "
                        + expected
                        + from(property.getOrigin())
                        + " ("
                        + NestedExceptionUtils.getMostSpecificCause(bind).getMessage()
                        + ")",
                "Set " + key + " to " + expected + ".");
    }

    /** What a property of {@code type} takes, in words. */
    private static String expected(Class<?> type) {
        if (type == DataSize.class) {
            return "a size such as 512KB or 16MB (units B, KB, MB, GB, TB)";
        }
        if (type == Duration.class) {
            return "a duration such as 250ms, 2s or PT0.25S";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> constant.toString().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a whole number";
        }
        return "a " + type.getSimpleName();
    }

    private static String from(@Nullable Origin origin) {
        return origin == null ? "" : " (from " + origin + ")";
    }
}
