/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.ClassUtils;

/**
 * The configuration metadata the build generates is in Spring Boot's format, read by Boot's own
 * parser: every name is a canonical property name (no {@code *} wildcards), every property has a
 * description and a type that exists, and it documents exactly the keys of {@link
 * WasmboxProperties} outside the per-plugin map (whose value type IDEs read from the class).
 */
class ConfigurationMetadataTest {

    @Test
    void theMetadataIsBootsFormatAndDocumentsEveryKey() throws Exception {
        Map<String, ConfigurationMetadataProperty> properties;
        try (InputStream in =
                getClass()
                        .getClassLoader()
                        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            properties =
                    ConfigurationMetadataRepositoryJsonBuilder.create(in)
                            .build()
                            .getAllProperties();
        }
        List<String> documented = new ArrayList<>();
        for (ConfigurationMetadataProperty property : properties.values()) {
            if (!property.getId().startsWith("wasmbox.")) {
                continue;
            }
            documented.add(property.getId());
            assertThat(ConfigurationPropertyName.isValid(property.getId()))
                    .as(property.getId())
                    .isTrue();
            assertThat(ConfigurationPropertyName.of(property.getId()).toString())
                    .isEqualTo(property.getId());
            assertThat(property.getDescription()).as(property.getId()).isNotBlank();
            String type = property.getType().replaceAll("<.*", "");
            assertThat(ClassUtils.isPresent(type, getClass().getClassLoader()))
                    .as(property.getType())
                    .isTrue();
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(keys("wasmbox"));
    }

    /** Every leaf key under {@code name}, read from the properties classes; a map is a leaf. */
    private static List<String> keys(String name) {
        List<String> keys = new ArrayList<>();
        List<String> children = PropertyNames.under(ConfigurationPropertyName.of(name));
        if (children.isEmpty()) {
            return List.of(name);
        }
        for (String child : children) {
            keys.addAll(keys(name + "." + child));
        }
        return keys;
    }
}
