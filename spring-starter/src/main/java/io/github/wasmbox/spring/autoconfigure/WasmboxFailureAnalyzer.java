package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.Suggestions;
import io.github.wasmbox.spring.PluginStartupException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Turns a plugin that does not load at start-up, or an invalid {@code wasmbox.*} property, into a
 * report naming the plugin, the key, what is wrong and what to do: an unknown key is answered with
 * the key probably meant, a value that does not convert with the form it takes. Ordered before
 * Spring Boot's own analyzers, which report the same binding failures without those hints; returns
 * null for every failure outside {@code wasmbox.*}. Stateless and thread-safe.
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
            if (cause instanceof UnboundConfigurationPropertiesException unbound) {
                return unbound.getUnboundProperties().stream()
                        .filter(property -> PropertyNames.ROOT.isAncestorOf(property.getName()))
                        .min(Comparator.comparing(ConfigurationProperty::getName))
                        .map(property -> analysis(unknown(property), unbound))
                        .orElse(null);
            }
            if (cause instanceof BindException bind
                    && PropertyNames.ROOT.isAncestorOf(bind.getName())
                    && bind.getProperty() != null
                    && bind.getCause() != null
                    && !(bind.getCause() instanceof UnboundConfigurationPropertiesException)) {
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

    private static InvalidWasmboxPropertyException unknown(ConfigurationProperty property) {
        ConfigurationPropertyName name = property.getName();
        // The deepest ancestor that is a properties class: the element after it is the unknown one.
        int index = name.getNumberOfElements() - 1;
        while (index > 1 && PropertyNames.under(name.chop(index)).isEmpty()) {
            index--;
        }
        ConfigurationPropertyName parent = name.chop(index);
        List<String> known = PropertyNames.under(parent);
        String word = name.getElement(index, ConfigurationPropertyName.Form.DASHED);
        @Nullable String suggestion = Suggestions.closest(word, known).orElse(null);
        String message =
                "unknown key '"
                        + word
                        + "' in "
                        + name
                        + from(property.getOrigin())
                        + (suggestion == null ? "" : ", did you mean '" + suggestion + "'?");
        String action =
                suggestion == null
                        ? "Use one of " + String.join(", ", known) + " under " + parent + "."
                        : "Rename it to " + parent + "." + suggestion + ".";
        return new InvalidWasmboxPropertyException(name.toString(), message, action);
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
