/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.Socket;
import java.net.URL;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                    .importPackages("io.github.wasmbox.host");

    @Test
    void noEngineTypes() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("run.endive..", "io.github.wasmbox.sandbox.internal..")
                .check(CLASSES);
    }

    @Test
    void noSpringOrMicrometer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.github.wasmbox.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noConsoleOutputOrEnvironment() {
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

    @Test
    void outboundNetworkingOnlyInTheHttpCapability() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.wasmbox.host.http..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.net.http..")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Socket.class)
                .orShould()
                .callMethod(URL.class, "openConnection")
                .orShould()
                .callMethod(URL.class, "openStream")
                .check(CLASSES);
    }

    @Test
    void capabilitiesDoNotDependOnEachOther() {
        slices().matching("io.github.wasmbox.host.(*)..")
                .should()
                .notDependOnEachOther()
                .check(CLASSES);
    }
}
