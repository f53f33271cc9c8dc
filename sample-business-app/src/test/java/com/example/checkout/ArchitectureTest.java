/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import org.junit.jupiter.api.Test;

/**
 * The app uses wasmbox the way a customer would: through the starter and the public API only, never
 * Endive or wasmbox internals.
 */
class ArchitectureTest {
    private static final JavaClasses APP =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("com.example.checkout");

    @Test
    void usesOnlyThePublicWasmboxApi() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("run.endive..", "io.github.wasmbox.sandbox.internal..")
                .check(APP);
    }

    @Test
    void leavesRuntimeAndLoadingToTheStarter() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(PluginRuntime.class, PluginSource.class, PolicyFiles.class)
                .because("the starter builds the runtime and loads the plugins of wasmbox.plugins")
                .check(APP);
    }

    @Test
    void writesNothingToStandardStreams() {
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(APP);
    }

    @Test
    void hasNoPackageCycles() {
        slices().matching("com.example.checkout.(*)..").should().beFreeOfCycles().check(APP);
    }
}
