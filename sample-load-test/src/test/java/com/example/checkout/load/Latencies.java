/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The good requests' latencies of each phase of this run, for the verdicts that compare phases
 * (Gatling's own assertions take fixed numbers). Thread-safe.
 */
final class Latencies {
    private final Map<String, Queue<Integer>> byPhase = new ConcurrentHashMap<>();
    private final Map<String, Duration> lengths = new ConcurrentHashMap<>();

    /** Declares that {@code phase} lasts {@code length}, for its throughput. */
    void lasts(String phase, Duration length) {
        lengths.put(phase, length);
    }

    void record(String phase, int millis) {
        byPhase.computeIfAbsent(phase, name -> new ConcurrentLinkedQueue<>()).add(millis);
    }

    /** The 99th percentile of {@code phase}, ms (nearest rank); infinite when it has none. */
    double p99(String phase) {
        int[] sorted = sorted(phase);
        if (sorted.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }

    /** Good quotes per second of {@code phase}. */
    double throughput(String phase) {
        return sorted(phase).length / (lengths.get(phase).toMillis() / 1000.0);
    }

    private int[] sorted(String phase) {
        Queue<Integer> recorded = byPhase.get(phase);
        if (recorded == null) {
            return new int[0];
        }
        int[] values = recorded.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(values);
        return values;
    }

    /** One line per phase: count, throughput, p50, p99, max. */
    String summary() {
        StringBuilder summary = new StringBuilder("good quotes by phase:\n");
        for (String name : new TreeMap<>(byPhase).keySet()) {
            int[] sorted = sorted(name);
            summary.append(
                    String.format(
                            "  %-28s n=%6d  %7.1f/s  p50=%5d ms  p99=%6.0f ms  max=%6d ms%n",
                            name,
                            sorted.length,
                            throughput(name),
                            sorted[sorted.length / 2],
                            p99(name),
                            sorted[sorted.length - 1]));
        }
        return summary.toString();
    }
}
