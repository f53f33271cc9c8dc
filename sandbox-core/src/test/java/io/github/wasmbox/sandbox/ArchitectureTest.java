/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN.md, enforced. */
class ArchitectureTest {
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.github.wasmbox.sandbox");

    @Test
    void endiveStaysInsideItsAdapterPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.wasmbox.sandbox.internal.endive..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("run.endive..")
                .check(CLASSES);
    }

    /**
     * The runtime reaches the engine only through the engine-free seam; the one place that chooses
     * the engine names the adapter.
     */
    @Test
    void theRuntimeUsesTheEngineThroughTheSeamOnly() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.wasmbox.sandbox.internal.endive..")
                .and()
                .doNotHaveFullyQualifiedName("io.github.wasmbox.sandbox.DefaultPluginRuntime")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.wasmbox.sandbox.internal.endive..")
                .check(CLASSES);
    }

    @Test
    void publicMethodsOfTheEndivePackageExposeNoEndiveType() {
        ArchCondition<JavaMethod> noEndiveInSignature =
                new ArchCondition<>("not mention an Endive type in its signature") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        List<JavaClass> signature = new ArrayList<>(method.getRawParameterTypes());
                        signature.add(method.getRawReturnType());
                        for (JavaClass type : signature) {
                            if (type.getPackageName().startsWith("run.endive")) {
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
                .resideInAPackage("io.github.wasmbox.sandbox.internal.endive..")
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .and()
                .arePublic()
                .should(noEndiveInSignature)
                .check(CLASSES);
    }

    @Test
    void noSpringNoMicrometer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.micrometer..")
                .check(CLASSES);
    }

    @Test
    void noConsoleOutput() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(CLASSES);
    }

    @Test
    void theHostEnvironmentIsReadInOnePlace() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName("io.github.wasmbox.sandbox.internal.HostEnvironment")
                .should()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getenv")
                .check(CLASSES);
    }

    @Test
    void noOutboundNetworking() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net.http..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.net.Socket")
                .check(CLASSES);
    }

    /**
     * The root package and its {@code internal} packages are one unit, the way Caffeine keeps its
     * implementation beside its API; cycles are forbidden among the subpackages.
     */
    @Test
    void noCyclesAmongSubpackages() {
        slices().matching("io.github.wasmbox.sandbox.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }
}
