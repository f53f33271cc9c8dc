/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter's share of the project's architecture rules. */
class ArchitectureTest {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.github.wasmbox.spring");

    @Test
    void noEngineAndNoSandboxInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("run.endive..", "io.github.wasmbox.sandbox.internal..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.github.wasmbox.spring.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theApiPackageKnowsNothingOfItsConfigurationOrIntegrations() {
        noClasses()
                .that()
                .resideInAPackage("io.github.wasmbox.spring")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.github.wasmbox.spring.autoconfigure..",
                        "io.github.wasmbox.spring.actuate..",
                        "io.github.wasmbox.spring.metrics..",
                        "io.github.wasmbox.spring.proxy..",
                        "io.github.wasmbox.spring.reload..",
                        "io.micrometer..",
                        "org.springframework.boot..")
                .check(CLASSES);
    }

    @Test
    void noStandardStreamsOrEnvironmentVariables() {
        noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .check(CLASSES);
    }
}
