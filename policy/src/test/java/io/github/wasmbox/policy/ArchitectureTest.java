/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses POLICY =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.github.wasmbox.policy");

    @Test
    void dependsOnNothingOfOursNorOnTheRuntimeStack() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "run.endive..",
                        "org.springframework..",
                        "io.micrometer..",
                        "io.github.wasmbox.sandbox..",
                        "io.github.wasmbox.host..",
                        "io.github.wasmbox.spring..")
                .check(POLICY);
    }

    @Test
    void neitherPrintsNorReadsTheEnvironmentNorConnects() {
        noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(System.class, "getenv")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(java.net.InetAddress.class, "getAllByName", String.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net.http..")
                .check(POLICY);
    }

    @Test
    void onlyHostPatternParsesAddressTextAndOnlyBracketedLiteralsSoNothingResolvesNames() {
        noClasses()
                .that()
                .doNotHaveSimpleName("HostPattern")
                .should()
                .callMethod(java.net.InetAddress.class, "getByName", String.class)
                .check(POLICY);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("io.github.wasmbox.(**)").should().beFreeOfCycles().check(POLICY);
    }
}
