/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import run.endive.wasm.Parser;

/**
 * Loading a plugin in a warm JVM: the whole wasmbox pipeline (read, digest, pre-scan, parse, audit,
 * compile) with empty caches, with a hit in the runtime's memory and with a hit in a compile cache
 * directory, against raw Endive's parse + compile of the same bytes. A fresh JVM's first result is
 * measured by {@link FirstCall}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class ColdLoadBenchmark {
    /** The plugin loaded (the smoke run uses the tiny calls module). */
    @Param({Fixtures.DISCOUNT, Fixtures.ECHO})
    public String plugin;

    private byte[] wasm;
    private PluginRuntime warm;
    private Path compileCache;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        wasm = Fixtures.wasm(plugin);
        warm = Fixtures.runtime();
        warm.load("warm", PluginSource.bytes(wasm), Fixtures.policy(StateMode.PRISTINE, 1));
        compileCache = Files.createTempDirectory("wasmbox-compile-cache");
        wasmboxLoadFromCompileCache();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        warm.close();
        try (Stream<Path> files = Files.walk(compileCache)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** A new runtime each time, so nothing is cached: the full pipeline. */
    @Benchmark
    public Object wasmboxLoadUncached() {
        try (PluginRuntime runtime = Fixtures.runtime()) {
            return runtime.load(
                    "p", PluginSource.bytes(wasm), Fixtures.policy(StateMode.PRISTINE, 1));
        }
    }

    /** The compiled module is in the runtime's cache: digest, pre-scan and audit only. */
    @Benchmark
    public Object wasmboxLoadCacheHit() {
        Object plugin =
                warm.load("p", PluginSource.bytes(wasm), Fixtures.policy(StateMode.PRISTINE, 1));
        warm.unload("p");
        return plugin;
    }

    /**
     * A new runtime each time over a filled compile cache directory: what a restart pays per plugin
     * once the JVM is warm (read the entry, parse the skeleton, load the classes).
     */
    @Benchmark
    public Object wasmboxLoadFromCompileCache() {
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .hostModules(Fixtures.discountHost())
                        .compileCacheDirectory(compileCache)
                        .build()) {
            return runtime.load(
                    "p", PluginSource.bytes(wasm), Fixtures.policy(StateMode.PRISTINE, 1));
        }
    }

    @Benchmark
    public Object rawEndiveParseCompile() {
        return RawPlugin.compile(Parser.parse(wasm));
    }
}
