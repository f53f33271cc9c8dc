/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.net.Socket;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md, and the registry client kept out of the public API. */
class ArchitectureTest {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                    .importPackages("io.github.wasmbox.oci");

    @Test
    void onlyThePublicApiOfSandboxCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("run.endive..", "io.github.wasmbox..internal..")
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

    /** Registry traffic goes through the ORAS client, whose TLS and auth handling is reviewed. */
    @Test
    void noNetworkingOfItsOwn() {
        noClasses()
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

    /** The ORAS client is an implementation detail: no public signature mentions it. */
    @Test
    void publicSignaturesExposeNoOrasType() {
        ArchCondition<JavaMethod> noOras =
                new ArchCondition<>("not mention an ORAS type in its signature") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        List<JavaClass> signature = new ArrayList<>(method.getRawParameterTypes());
                        signature.add(method.getRawReturnType());
                        for (JavaClass type : signature) {
                            if (type.getPackageName().startsWith("land.oras")) {
                                events.add(
                                        SimpleConditionEvent.violated(
                                                method,
                                                method.getFullName()
                                                        + " exposes "
                                                        + type.getName()));
                            }
                        }
                    }
                };
        methods()
                .that()
                .areDeclaredInClassesThat()
                .arePublic()
                .and()
                .arePublic()
                .should(noOras)
                .check(CLASSES);
    }
}
