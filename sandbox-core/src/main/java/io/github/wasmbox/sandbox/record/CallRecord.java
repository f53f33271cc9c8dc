/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One recorded plugin call: what went in (module digest, function, input, caller attributes, the
 * effective limits and the runtime's host-call fuel prices), every answer the host gave the guest
 * in call order ({@link HostAnswer}), and what came out (outcome, output, fuel, peak memory).
 * Together these let {@code PluginRuntime.replay} run the call again with no live capability.
 *
 * <p>A record holds the call's input and output and the host's answers, which include config values
 * and key-value data unless a redaction hook masked them ({@link #masking}): treat record files as
 * sensitive as the data the plugin sees. Immutable (its byte arrays are its own; do not change
 * them) and thread-safe.
 *
 * @param format the record format version, {@link #FORMAT}
 * @param plugin the plugin's name
 * @param function the function called
 * @param moduleSha256 the SHA-256 of the module that served the call
 * @param moduleLocation where the module was loaded from, as its source describes it
 * @param recordedAtMillis when the call ended, in milliseconds since the epoch
 * @param input the call's input
 * @param attributes the caller's attributes
 * @param limits the limits the call ran under
 * @param hostCallFuel the runtime's fuel charge per host call
 * @param hostCallFuelPerByte the runtime's fuel charge per byte a host call moves
 * @param linked the capability functions the module was linked with
 * @param answers the host's answers, in call order
 * @param outcome the outcome, a {@code PluginEvents.Outcome} name such as {@code SUCCESS}
 * @param message the failure's message, null on success
 * @param output the output (stdout for a command), empty unless the call succeeded
 * @param fuel the fuel the call consumed
 * @param peakMemoryBytes the instance's linear memory when the call ended
 * @param durationNanos the call's wall-clock time
 * @param truncated whether the record was over its size cap, so input, output and answers were left
 *     out: such a record still counts for {@code PolicyLearner} but cannot be replayed
 */
public record CallRecord(
        int format,
        String plugin,
        String function,
        String moduleSha256,
        @Nullable String moduleLocation,
        long recordedAtMillis,
        byte[] input,
        Map<String, String> attributes,
        RecordedLimits limits,
        long hostCallFuel,
        long hostCallFuelPerByte,
        List<LinkedFunction> linked,
        List<HostAnswer> answers,
        String outcome,
        @Nullable String message,
        byte[] output,
        long fuel,
        long peakMemoryBytes,
        long durationNanos,
        boolean truncated) {

    /** The format version this runtime writes and reads. */
    public static final int FORMAT = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public CallRecord {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(moduleSha256, "moduleSha256");
        Objects.requireNonNull(input, "input");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(limits, "limits");
        linked = List.copyOf(linked);
        answers = List.copyOf(answers);
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(output, "output");
    }

    /** Whether the call succeeded. */
    public boolean succeeded() {
        return "SUCCESS".equals(outcome);
    }

    /**
     * This record with the answers of every host function that {@code function} matches (by
     * qualified name, such as {@code wasmbox:config/get}) masked: the bytes they wrote or left
     * pending become {@code mask} (cut or padded to the original length). Use it in a redaction
     * hook ({@code Recording.Builder.redact}) so that secrets never reach the sink. A masked record
     * still replays (the guest sees the mask where it saw the secret), so its output may differ.
     */
    public CallRecord masking(Predicate<String> function, String mask) {
        byte[] bytes = mask.getBytes(StandardCharsets.UTF_8);
        List<HostAnswer> masked =
                answers.stream()
                        .map(a -> function.test(a.function()) ? a.masked(bytes) : a)
                        .toList();
        return withAnswers(masked, truncated);
    }

    /**
     * This record without its input, output and answers' data, marked {@link #truncated}: what is
     * kept when the whole record is over the size cap. The functions it called and the targets they
     * used stay, for {@code PolicyLearner}.
     */
    public CallRecord truncate() {
        List<HostAnswer> shapes =
                answers.stream()
                        .map(
                                a ->
                                        new HostAnswer(
                                                a.function(),
                                                a.params(),
                                                a.results(),
                                                new long[0],
                                                null,
                                                List.of(),
                                                null,
                                                a.fuel(),
                                                a.fault(),
                                                a.grants(),
                                                a.masked()))
                        .toList();
        return new CallRecord(
                format,
                plugin,
                function,
                moduleSha256,
                moduleLocation,
                recordedAtMillis,
                new byte[0],
                attributes,
                limits,
                hostCallFuel,
                hostCallFuelPerByte,
                linked,
                shapes,
                outcome,
                message,
                new byte[0],
                fuel,
                peakMemoryBytes,
                durationNanos,
                true);
    }

    private CallRecord withAnswers(List<HostAnswer> newAnswers, boolean isTruncated) {
        return new CallRecord(
                format,
                plugin,
                function,
                moduleSha256,
                moduleLocation,
                recordedAtMillis,
                input,
                attributes,
                limits,
                hostCallFuel,
                hostCallFuelPerByte,
                linked,
                newAnswers,
                outcome,
                message,
                output,
                fuel,
                peakMemoryBytes,
                durationNanos,
                isTruncated);
    }

    /** This record as one line of JSON (byte arrays in base64). */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /**
     * Reads a record from its JSON form.
     *
     * @throws IllegalArgumentException if {@code json} is not a record of format {@link #FORMAT}
     */
    public static CallRecord parse(String json) {
        CallRecord record;
        try {
            record = JSON.readValue(json, CallRecord.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "not a wasmbox call record: " + e.getOriginalMessage(), e);
        }
        if (record.format() != FORMAT) {
            throw new IllegalArgumentException(
                    "call record format "
                            + record.format()
                            + " is not supported; this runtime reads format "
                            + FORMAT);
        }
        return record;
    }

    /**
     * Reads every record of a JSON-lines file, as {@link RecordSink#jsonLines} writes it; blank
     * lines are skipped.
     *
     * @throws IllegalArgumentException naming the file and line of a line that is not a record
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<CallRecord> readAll(Path file) {
        List<CallRecord> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(parse(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            file + " line " + number + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read call records from " + file, e);
        }
        return records;
    }
}
