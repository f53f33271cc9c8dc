/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.GuestText;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Escaping a plugin's stdout for the log: 1 MiB of NUL bytes, the worst case (every byte becomes a
 * six-character escape). {@code capped} is what the runtime does after a call (the first 4 KiB, as
 * {@code PluginVersion} logs); {@code whole} escapes all of it, to show the table-driven pass is
 * linear. The escaper this replaced formatted each control character with {@code String.format}:
 * seconds for the whole mebibyte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GuestTextBenchmark {
    private byte[] nuls;

    @Setup
    public void setUp() {
        nuls = new byte[1 << 20];
    }

    @Benchmark
    public String capped() {
        return GuestText.escape(nuls, 4_096);
    }

    @Benchmark
    public String whole() {
        return GuestText.escape(nuls, nuls.length);
    }
}
