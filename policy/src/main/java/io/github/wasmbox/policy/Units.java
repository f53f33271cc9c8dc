/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the sizes ({@code 16MB}, {@code 64KiB}, {@code 1048576}) and durations ({@code
 * 250ms}, {@code 2s}) of policy files. Binary multiples throughout: {@code KB} and {@code KiB} both
 * mean 1024 bytes, as in Spring Boot and the JVM's {@code -Xmx}.
 */
final class Units {
    private static final Pattern QUANTITY = Pattern.compile("(-?\\d+)\\s*([A-Za-z]*)");
    private static final Map<String, Long> SIZE_UNITS = new LinkedHashMap<>();
    private static final Map<String, ChronoUnit> DURATION_UNITS = new LinkedHashMap<>();

    static {
        SIZE_UNITS.put("B", 1L);
        SIZE_UNITS.put("KB", 1L << 10);
        SIZE_UNITS.put("MB", 1L << 20);
        SIZE_UNITS.put("GB", 1L << 30);
        SIZE_UNITS.put("TB", 1L << 40);
        SIZE_UNITS.put("KiB", 1L << 10);
        SIZE_UNITS.put("MiB", 1L << 20);
        SIZE_UNITS.put("GiB", 1L << 30);
        SIZE_UNITS.put("TiB", 1L << 40);
        DURATION_UNITS.put("ns", ChronoUnit.NANOS);
        DURATION_UNITS.put("us", ChronoUnit.MICROS);
        DURATION_UNITS.put("ms", ChronoUnit.MILLIS);
        DURATION_UNITS.put("s", ChronoUnit.SECONDS);
        DURATION_UNITS.put("m", ChronoUnit.MINUTES);
        DURATION_UNITS.put("h", ChronoUnit.HOURS);
        DURATION_UNITS.put("d", ChronoUnit.DAYS);
    }

    private Units() {}

    /**
     * Parses a size in bytes: a plain number of bytes, or a number followed by one of {@code B, KB,
     * MB, GB, TB, KiB, MiB, GiB, TiB} (case-insensitive).
     *
     * @throws IllegalArgumentException if the text is not such a size
     */
    static long parseSize(String text) {
        Matcher matcher = QUANTITY.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a size: use a number of bytes or a unit as in 64KiB");
        }
        String unit = matcher.group(2);
        long multiplier = 1;
        if (!unit.isEmpty()) {
            Long found = null;
            for (Map.Entry<String, Long> known : SIZE_UNITS.entrySet()) {
                if (known.getKey().equalsIgnoreCase(unit)) {
                    found = known.getValue();
                }
            }
            if (found == null) {
                throw new IllegalArgumentException(
                        "'"
                                + text
                                + "' has an unknown unit '"
                                + unit
                                + "': use one of "
                                + String.join(", ", SIZE_UNITS.keySet()));
            }
            multiplier = found;
        }
        try {
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /**
     * Parses a duration: a number followed by one of {@code ns, us, ms, s, m, h, d}.
     *
     * @throws IllegalArgumentException if the text is not such a duration
     */
    static Duration parseDuration(String text) {
        Matcher matcher = QUANTITY.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: use a number and a unit as in 250ms");
        }
        String unit = matcher.group(2);
        if (unit.isEmpty()) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' has no unit: use one of "
                            + String.join(", ", DURATION_UNITS.keySet())
                            + " as in 250ms");
        }
        ChronoUnit chronoUnit = DURATION_UNITS.get(unit);
        if (chronoUnit == null) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' has an unknown unit '"
                            + unit
                            + "': use one of "
                            + String.join(", ", DURATION_UNITS.keySet()));
        }
        try {
            return Duration.of(Long.parseLong(matcher.group(1)), chronoUnit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /** Formats a duration in the largest unit that represents it exactly, such as {@code 250ms}. */
    static String formatDuration(Duration duration) {
        if (duration.getSeconds() > Integer.MAX_VALUE
                || duration.getSeconds() < Integer.MIN_VALUE) {
            return duration.getSeconds() + "s";
        }
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0ms";
        }
        String best = nanos + "ns";
        for (Map.Entry<String, ChronoUnit> unit : DURATION_UNITS.entrySet()) {
            long step = unit.getValue().getDuration().toNanos();
            if (nanos % step == 0) {
                best = nanos / step + unit.getKey();
            }
        }
        return best;
    }

    /**
     * Formats a size in the largest binary unit that represents it exactly, such as {@code 16MiB}.
     */
    static String formatSize(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int unit = 0;
        long value = bytes;
        while (unit < units.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + units[unit];
    }
}
