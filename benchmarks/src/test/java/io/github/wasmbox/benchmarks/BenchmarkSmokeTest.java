/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.StateMode;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.Instance;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;

/**
 * The CI smoke run: every benchmark once, in-process ({@code -f 0}), one short iteration, no
 * warm-up. It checks that every workload runs and fails on any benchmark error; it asserts no
 * timing.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        Options options =
                new OptionsBuilder()
                        .include("io\\.github\\.wasmbox\\.benchmarks\\..*Benchmark\\..*")
                        .forks(0)
                        .warmupIterations(0)
                        .measurementIterations(1)
                        .measurementTime(TimeValue.milliseconds(20))
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .threads(1)
                        .param("fibN", "15")
                        .param("shaBytes", "4096")
                        .param("plugin", Fixtures.CALLS)
                        .shouldFailOnError(true)
                        .build();
        Collection<RunResult> results = new Runner(options).run();
        assertThat(results).hasSizeGreaterThanOrEqualTo(28);
    }

    @Test
    void outputsAgreeWithTheBaselines() {
        try (RawPlugin raw = RawPlugin.of(Fixtures.DISCOUNT)) {
            String wasm = new String(raw.call("quote", Fixtures.ORDER), StandardCharsets.UTF_8);
            String plain = new String(DiscountJava.quote(Fixtures.ORDER), StandardCharsets.UTF_8);
            assertThat(wasm).isEqualTo(plain);
        }
        byte[] data = new byte[100_000];
        new java.util.Random(1).nextBytes(data);
        try (RawPlugin sha = RawPlugin.of(Fixtures.SHA256)) {
            assertThat(sha.call("sha256", data)).isEqualTo(Sha256.digest(data));
        }
        assertThat(Sha256.digest(data)).isEqualTo(sha256(data));
    }

    /** The hand-metered copies compute fib and charge the same fuel; only the placement differs. */
    @Test
    void fuelPlacementsAgree() {
        WasmModule module = Parser.parse(Fixtures.wasm(Fixtures.FUEL_PLACEMENT));
        Instance instance =
                Instance.builder(module)
                        .withMachineFactory(MachineFactoryCompiler.compile(module))
                        .build();
        long[] used = new long[2];
        String[] metered = {"fib_around_calls", "fib_at_exit"};
        for (int i = 0; i < metered.length; i++) {
            long before = instance.exports().global("fuel").getValue();
            assertThat(instance.export(metered[i]).apply(20)[0]).isEqualTo(6765);
            used[i] = before - instance.exports().global("fuel").getValue();
        }
        assertThat(instance.export("fib_unmetered").apply(20)[0]).isEqualTo(6765);
        assertThat(used[0]).isPositive().isEqualTo(used[1]);
    }

    /** Each side keeps its instances, and each instance holds at least its linear memory. */
    @Test
    void footprintHarnessRuns() {
        for (Footprint.Result result :
                List.of(
                        Footprint.wasmbox(Fixtures.DISCOUNT, "quote", StateMode.STATEFUL, 5),
                        Footprint.wasmbox(Fixtures.DISCOUNT_1MIB, "quote", StateMode.PRISTINE, 5),
                        Footprint.raw(Fixtures.DISCOUNT, "quote", 5))) {
            assertThat(result.instances()).isEqualTo(5);
            assertThat(result.bytesPerInstance()).as(result.variant()).isGreaterThan(65_536);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
