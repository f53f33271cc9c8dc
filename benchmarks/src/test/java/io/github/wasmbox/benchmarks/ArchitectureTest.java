/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    /**
     * Every class the benchmarks jar adds, whatever its package (a class planted in another
     * module's package is exactly what the rules must see), and nothing from the jars it uses.
     */
    private static final JavaClasses CLASSES =
            new ClassFileImporter()
                    .importUrl(Fixtures.class.getProtectionDomain().getCodeSource().getLocation());

    /**
     * The benchmarks measure what users get, so they use wasmbox's public API (and raw Endive for
     * the baselines): no wasmbox internal type, and no class of their own in an internal package.
     */
    @Test
    void noWasmboxInternals() {
        noClasses()
                .should()
                .resideInAPackage("io.github.wasmbox..internal..")
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("io.github.wasmbox..internal..")
                .check(CLASSES);
    }
}
