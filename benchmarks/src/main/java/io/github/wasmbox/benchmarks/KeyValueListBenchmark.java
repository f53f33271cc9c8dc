/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.benchmarks;

import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.policy.KeyValueQuota;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one {@code wasmbox:kv list} costs the in-memory store when a namespace holds 1,000,000 keys:
 * listing that namespace (the capability's cap of 1,000 keys, and a prefix matching 10), and
 * listing a one-key namespace next to it. Before per-namespace indexes every list walked and sorted
 * the whole store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@State(Scope.Benchmark)
public class KeyValueListBenchmark {
    private static final int KEYS = 1_000_000;
    private static final int LIST_CAP = 1_000;

    private InMemoryKeyValueStore store;

    @Setup(Level.Trial)
    public void fill() {
        store = InMemoryKeyValueStore.builder().maximumBytes(1L << 30).build();
        KeyValueQuota quota = new KeyValueQuota(KEYS, 1L << 30);
        byte[] empty = new byte[0];
        for (int i = 0; i < KEYS; i++) {
            store.put("big", String.format("k%07d", i), empty, quota);
        }
        store.put("small", "only", empty, quota);
    }

    @Benchmark
    public List<String> listBigNamespaceToTheCap() {
        return store.list("big", "", LIST_CAP);
    }

    @Benchmark
    public List<String> listBigNamespaceNarrowPrefix() {
        return store.list("big", "k012345", LIST_CAP);
    }

    @Benchmark
    public List<String> listOneKeyNamespaceBesideIt() {
        return store.list("small", "", LIST_CAP);
    }
}
