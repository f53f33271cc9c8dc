/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Loading, calling and unloading ever-different modules must not fill the metaspace: once unloaded,
 * a module's compiled classes must be collectable. The in-memory compiled-module cache used to keep
 * every one of them (some 4 classes and 65 KiB of metaspace per module) until its weight bound,
 * which tiny modules never reach.
 */
class UnloadTest {
    private static final int CYCLES = 100;

    @Test
    void unloadedAndReplacedModulesLeaveNoClassesBehind() {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            cycles(runtime, 0, 10); // loads the runtime's own classes
            int before = loadedAfterGc(classes, 0);

            cycles(runtime, 10, CYCLES);

            // Each cycle compiles two modules to new classes; all of them must be unloadable.
            int bound = before + CYCLES / 5;
            assertThat(loadedAfterGc(classes, bound)).isLessThanOrEqualTo(bound);
        }
    }

    /** Each cycle loads a module, replaces it by another, calls that and unloads it. */
    private static void cycles(PluginRuntime runtime, int from, int to) {
        for (int i = from; i < to; i++) {
            runtime.load("p", module(2 * i), Fixtures.relaxed());
            Plugin plugin = runtime.replace("p", module(2 * i + 1), Fixtures.relaxed());
            assertThat(plugin.call("run", new byte[0])).isEmpty();
            assertThat(runtime.unload("p")).isTrue();
        }
    }

    /** Modules that differ by a constant, so that each compiles to classes of its own. */
    private static PluginSource module(int seed) {
        return PluginSource.bytes(GeneratedModules.manyFunctions(3, seed, 0));
    }

    /**
     * The loaded class count after garbage collection: collects until it is at most {@code bound},
     * a few times at most (class unloading may take more than one collection); at least once.
     */
    private static int loadedAfterGc(ClassLoadingMXBean classes, int bound) {
        int loaded;
        int attempts = 0;
        do {
            System.gc();
            loaded = classes.getLoadedClassCount();
        } while (loaded > bound && ++attempts < 5);
        return loaded;
    }
}
