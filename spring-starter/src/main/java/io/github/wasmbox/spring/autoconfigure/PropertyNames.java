/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.Suggestions;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/**
 * Rejects {@code wasmbox.*} keys that {@link WasmboxProperties} does not have, with the key that
 * was probably meant. Spring's binder ignores unknown keys (and Boot's {@code ignoreUnknownFields =
 * false} skips environment variables and system properties, where on Kubernetes most of the
 * configuration lives), and a mistyped {@code sha256} or {@code required} would otherwise silently
 * weaken a plugin's checks. The known keys are read from the properties classes themselves, so
 * there is no second list of names to keep in step. Names are compared in Boot's canonical form, so
 * every form relaxed binding accepts is known.
 */
final class PropertyNames {
    static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("wasmbox");

    private PropertyNames() {}

    /**
     * Checks every {@code wasmbox.*} key of every property source of {@code environment}.
     *
     * @throws InvalidWasmboxPropertyException for the first unknown key
     */
    static void check(Environment environment) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream()
                        .filter(ROOT::isAncestorOf)
                        .sorted()
                        .forEach(name -> check(name, source));
            }
        }
    }

    private static void check(ConfigurationPropertyName name, ConfigurationPropertySource source) {
        int index = unknownElement(name);
        if (index < 0) {
            return;
        }
        ConfigurationPropertyName parent = name.chop(index);
        List<String> known = under(parent);
        String word = name.getElement(index, ConfigurationPropertyName.Form.DASHED);
        @Nullable String suggestion = Suggestions.closest(word, known).orElse(null);
        @Nullable ConfigurationProperty property = source.getConfigurationProperty(name);
        String origin =
                property == null || property.getOrigin() == null
                        ? ""
                        : " (from " + property.getOrigin() + ")";
        String message =
                "unknown key '"
                        + word
                        + "' in "
                        + name
                        + origin
                        + (suggestion == null ? "" : ", did you mean '" + suggestion + "'?");
        String action =
                suggestion != null
                        ? "Rename it to " + parent + "." + suggestion + "."
                        : known.isEmpty()
                                ? parent + " takes a value, not keys under it: remove " + name + "."
                                : "Use one of "
                                        + String.join(", ", known)
                                        + " under "
                                        + parent
                                        + ".";
        throw new InvalidWasmboxPropertyException(name.toString(), message, action);
    }

    /** The index of the first element of {@code name} no properties class has, or -1. */
    private static int unknownElement(ConfigurationPropertyName name) {
        ResolvableType type = ResolvableType.forClass(WasmboxProperties.class);
        for (int i = 1; i < name.getNumberOfElements(); i++) {
            Class<?> raw = type.toClass();
            if (Map.class.isAssignableFrom(raw)) {
                type = type.asMap().getGeneric(1);
                if (!isProperties(type.toClass())) {
                    // A map of values binds the rest of the name as its key, as in config.a.b.
                    return -1;
                }
            } else if (Collection.class.isAssignableFrom(raw)) {
                if (!name.isNumericIndex(i)) {
                    return i;
                }
                type = type.asCollection().getGeneric(0);
            } else {
                PropertyDescriptor property =
                        property(raw, name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
                if (property == null) {
                    return i;
                }
                type = ResolvableType.forMethodReturnType(property.getReadMethod());
            }
        }
        return -1;
    }

    /**
     * The dashed names of the properties under {@code parent} (such as {@code
     * wasmbox.plugins.calc.limits}), or an empty list when {@code parent} is a single value.
     */
    static List<String> under(ConfigurationPropertyName parent) {
        ResolvableType type = ResolvableType.forClass(WasmboxProperties.class);
        for (int i = 1; i < parent.getNumberOfElements(); i++) {
            Class<?> raw = type.toClass();
            if (Map.class.isAssignableFrom(raw)) {
                type = type.asMap().getGeneric(1);
            } else if (Collection.class.isAssignableFrom(raw)) {
                type = type.asCollection().getGeneric(0);
            } else {
                PropertyDescriptor property =
                        property(raw, parent.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
                if (property == null) {
                    return List.of();
                }
                type = ResolvableType.forMethodReturnType(property.getReadMethod());
            }
        }
        List<String> names = new ArrayList<>();
        if (isProperties(type.toClass())) {
            for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type.toClass())) {
                if (property.getReadMethod() != null && !property.getName().equals("class")) {
                    names.add(DataObjectPropertyName.toDashedForm(property.getName()));
                }
            }
        }
        return names;
    }

    /** Whether {@code type} is one of the starter's properties classes (not a value). */
    private static boolean isProperties(Class<?> type) {
        return type.getName().startsWith(WasmboxProperties.class.getPackageName())
                && !type.isEnum()
                && !Resource.class.isAssignableFrom(type);
    }

    /**
     * The property of {@code type} whose name, in Boot's uniform form (lower case, no dashes), is
     * {@code uniformName}.
     */
    private static @Nullable PropertyDescriptor property(Class<?> type, String uniformName) {
        if (!isProperties(type)) {
            return null;
        }
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
            if (property.getReadMethod() != null
                    && property.getName().toLowerCase(Locale.ROOT).equals(uniformName)) {
                return property;
            }
        }
        return null;
    }
}
