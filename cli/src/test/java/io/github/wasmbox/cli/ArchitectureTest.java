/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
                    .importPackages("io.github.wasmbox.cli");

    /** The tool sees the sandbox as any application does: through its public API. */
    @Test
    void noEngineTypesOrSandboxInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("run.endive..", "io.github.wasmbox..internal..")
                .check(CLASSES);
    }

    /** Only the entry point is public; the commands are its implementation. */
    @Test
    void onlyTheEntryPointIsPublic() {
        classes()
                .that()
                .arePublic()
                .should()
                .haveFullyQualifiedName(WasmboxCommand.class.getName())
                .check(CLASSES);
    }

    /** Output goes through the command line's streams, so tests and the process see the same. */
    @Test
    void consoleOnlyInMain() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(WasmboxCommand.class.getName())
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .accessField(System.class, "in")
                .check(CLASSES);
    }
}
