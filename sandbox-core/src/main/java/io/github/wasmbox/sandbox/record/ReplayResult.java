/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import io.github.wasmbox.policy.GuestText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What replaying a {@link CallRecord} did, and how it differs from the record ({@code
 * PluginRuntime.replay}). Against the recorded module a replay reproduces output, outcome, fuel and
 * memory exactly, so {@link #differences()} is empty; against a new module the differences are what
 * the update changes for this call. Immutable.
 *
 * <p>One exception: when both runs end in a JVM stack overflow ({@code STACK}), fuel is not
 * compared. How deep a guest recursion gets before the plugin thread's stack runs out depends on
 * how the JVM has compiled the guest's code so far (interpreted and JIT-compiled frames differ in
 * size), so the overflow strikes after a different number of guest instructions each run.
 *
 * @param record the record replayed
 * @param moduleSha256 the SHA-256 of the module that ran the replay
 * @param outcome the replay's outcome, a {@code PluginEvents.Outcome} name, or {@code LINK} when
 *     the module could not be loaded for the replay
 * @param message the failure's message, null on success
 * @param output the replay's output
 * @param fuel the fuel the replay consumed
 * @param peakMemoryBytes the replay instance's memory at the end
 * @param differences what differs from the record, empty when the replay reproduced it
 */
public record ReplayResult(
        CallRecord record,
        String moduleSha256,
        String outcome,
        @Nullable String message,
        byte[] output,
        long fuel,
        long peakMemoryBytes,
        List<Difference> differences) {

    /** The cap on an output shown in a difference, in characters. */
    private static final int SHOWN_CHARS = 200;

    public ReplayResult {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(moduleSha256, "moduleSha256");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(output, "output");
        differences = List.copyOf(differences);
    }

    /** Whether the replay did exactly what the record says. */
    public boolean reproduced() {
        return differences.isEmpty();
    }

    /** Whether the replay ran the module the record was made with. */
    public boolean sameModule() {
        return moduleSha256.equals(record.moduleSha256());
    }

    /**
     * One way the replay differs from the record.
     *
     * @param what {@code outcome}, {@code output}, {@code fuel}, {@code memory} or {@code
     *     host-calls}
     * @param recorded the record's value
     * @param replayed the replay's value
     */
    public record Difference(String what, String recorded, String replayed) {}

    /**
     * Compares a replay with its record.
     *
     * @param unanswered why a host call could not be answered from the record, or null
     * @param answersUsed how many recorded answers the replay used
     */
    public static ReplayResult compare(
            CallRecord record,
            String moduleSha256,
            String outcome,
            @Nullable String message,
            byte[] output,
            long fuel,
            long peakMemoryBytes,
            @Nullable String unanswered,
            int answersUsed) {
        List<Difference> differences = new ArrayList<>();
        if (unanswered != null) {
            differences.add(new Difference("host-calls", "answered by the record", unanswered));
        } else if (answersUsed != record.answers().size()) {
            differences.add(
                    new Difference(
                            "host-calls",
                            record.answers().size() + " host calls",
                            answersUsed + " host calls"));
        }
        if (!record.outcome().equals(outcome)) {
            differences.add(
                    new Difference(
                            "outcome",
                            describe(record.outcome(), record.message()),
                            describe(outcome, message)));
        }
        if (!Arrays.equals(record.output(), output)) {
            differences.add(new Difference("output", shown(record.output()), shown(output)));
        }
        boolean bothOverflowed = "STACK".equals(outcome) && "STACK".equals(record.outcome());
        if (record.fuel() != fuel && !bothOverflowed) {
            differences.add(
                    new Difference("fuel", Long.toString(record.fuel()), Long.toString(fuel)));
        }
        if (record.peakMemoryBytes() != peakMemoryBytes) {
            differences.add(
                    new Difference(
                            "memory",
                            Long.toString(record.peakMemoryBytes()),
                            Long.toString(peakMemoryBytes)));
        }
        return new ReplayResult(
                record, moduleSha256, outcome, message, output, fuel, peakMemoryBytes, differences);
    }

    private static String describe(String outcome, @Nullable String message) {
        return message == null ? outcome : outcome + ": " + message;
    }

    private static String shown(byte[] bytes) {
        return bytes.length + " bytes: " + GuestText.escape(bytes, SHOWN_CHARS);
    }
}
