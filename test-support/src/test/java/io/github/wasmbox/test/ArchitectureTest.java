/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                    .importPackages("io.github.wasmbox.test");

    /** Tests run plugins as applications do: through the public API. */
    @Test
    void noEngineTypesOrSandboxInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("run.endive..", "io.github.wasmbox..internal..")
                .check(CLASSES);
    }

    /** The fake HTTP answers from its table; it never opens a connection. */
    @Test
    void noNetworking() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net.http..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.Socket")
                .check(CLASSES);
    }
}
