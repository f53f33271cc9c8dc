/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Text a guest controls, made safe for a log line, an exception message, a metric tag, an endpoint
 * response or a start-up report: import, export and custom-section names, manifest strings, what a
 * plugin writes to stdout, stderr and its log, and the error messages it reports. Every such text
 * reaches a sink through this class and nothing else.
 *
 * <p>Guarantees, for every method:
 *
 * <ul>
 *   <li>the result holds no control character (C0, DEL, C1), no line or paragraph separator, no
 *       bidirectional formatting character and no unpaired surrogate. {@code \n}, {@code \r} and
 *       {@code \t} become {@code \\n}, {@code \\r} and {@code \\t}, the others {@code \\u} and four
 *       hex digits; a backslash becomes {@code \\\\}, so an escape in the input cannot pass for one
 *       of ours. A guest can therefore neither forge log lines nor write terminal escapes;
 *   <li>at most {@code max} characters (or bytes) of the input are read, decoded or escaped, so the
 *       work and the memory are proportional to the cap whatever the input's size. The result holds
 *       at most six characters per unit read, plus a marker such as {@code …[99800 more chars]}
 *       when the input was cut;
 *   <li>escaping is one pass with a table; text with nothing to escape and nothing to cut is
 *       returned as it is.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class GuestText {
    /**
     * The cap for one name or manifest string in a message: an import or export name, a custom
     * section name, a manifest value.
     */
    public static final int MAX_NAME_CHARS = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The escape of each character below U+00A0 that needs one, else null. */
    private static final String[] LATIN1 = new String[0xA0];

    static {
        for (int c = 0; c < LATIN1.length; c++) {
            if (c < 0x20 || c >= 0x7F) {
                LATIN1[c] = "\\u00" + HEX[c >> 4] + HEX[c & 0xF];
            }
        }
        LATIN1['\n'] = "\\n";
        LATIN1['\r'] = "\\r";
        LATIN1['\t'] = "\\t";
        LATIN1['\\'] = "\\\\";
    }

    private GuestText() {}

    /**
     * Escapes at most the first {@code maxChars} characters of {@code text} (a surrogate pair is
     * never split) and, when it was longer, appends {@code …[N more chars]}.
     *
     * @throws IllegalArgumentException if {@code maxChars} is negative
     */
    public static String escape(String text, int maxChars) {
        Objects.requireNonNull(text, "text");
        checkMax(maxChars);
        int end = Math.min(text.length(), maxChars);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return escaped(text, end, text.length() - end, "chars");
    }

    /**
     * Decodes at most the first {@code maxBytes} bytes of {@code utf8} (cut at a character
     * boundary; malformed input becomes U+FFFD), escapes them and, when there were more bytes,
     * appends {@code …[N more bytes]}.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public static String escape(byte[] utf8, int maxBytes) {
        Objects.requireNonNull(utf8, "utf8");
        checkMax(maxBytes);
        int end = Math.min(utf8.length, maxBytes);
        // A UTF-8 character has at most three continuation bytes; malformed runs are cut anywhere.
        int floor = Math.max(0, end - 3);
        while (end > floor && end < utf8.length && isContinuation(utf8[end])) {
            end--;
        }
        String text = new String(utf8, 0, end, StandardCharsets.UTF_8);
        return escaped(text, text.length(), utf8.length - end, "bytes");
    }

    /**
     * Decodes at most the last {@code maxBytes} bytes of {@code utf8} (cut at a character
     * boundary), strips surrounding white space and escapes the rest, prefixed with {@code …} when
     * bytes were left off: the end of a stream, where a failing program writes why.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public static String tail(byte[] utf8, int maxBytes) {
        Objects.requireNonNull(utf8, "utf8");
        checkMax(maxBytes);
        int start = Math.max(0, utf8.length - maxBytes);
        int ceiling = Math.min(utf8.length, start + 3);
        while (start > 0 && start < ceiling && isContinuation(utf8[start])) {
            start++;
        }
        String text = new String(utf8, start, utf8.length - start, StandardCharsets.UTF_8).strip();
        String escaped = escaped(text, text.length(), 0, "");
        return start > 0 ? "…" + escaped : escaped;
    }

    private static void checkMax(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative but was " + max);
        }
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** Escapes {@code text[0, end)} and notes {@code leftOff} units when positive. */
    private static String escaped(String text, int end, long leftOff, String unit) {
        int clean = 0;
        while (clean < end && replacement(text, clean) == null) {
            clean++;
        }
        if (clean == text.length() && leftOff == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(end + 16).append(text, 0, clean);
        for (int i = clean; i < end; i++) {
            String escape = replacement(text, i);
            if (escape == null) {
                out.append(text.charAt(i));
            } else if (escape.isEmpty()) {
                char c = text.charAt(i);
                out.append("\\u")
                        .append(HEX[c >> 12])
                        .append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            } else {
                out.append(escape);
            }
        }
        if (leftOff > 0) {
            out.append("…[").append(leftOff).append(" more ").append(unit).append(']');
        }
        return out.toString();
    }

    /**
     * The escape of {@code text.charAt(i)}: null when it needs none, empty when it is written as
     * {@code \\u} and four hex digits without a table entry.
     */
    private static String replacement(String text, int i) {
        char c = text.charAt(i);
        if (c < 0xA0) {
            return LATIN1[c];
        }
        if (c == '\u2028'
                || c == '\u2029'
                || c == '\u061C'
                || c == '\u200E'
                || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')) {
            return "";
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    ? null
                    : "";
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1)) ? null : "";
        }
        return null;
    }
}
