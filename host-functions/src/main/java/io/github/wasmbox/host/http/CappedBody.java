/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a response body framed as RFC 9112 section 6.3 says (chunked, {@code Content-Length}, or up
 * to the end of the connection) and never holds more than a cap: an announced length over it is
 * refused before reading, and a stream that grows past it is refused at the first byte too many.
 */
final class CappedBody {
    private CappedBody() {}

    /**
     * Reads the body.
     *
     * @param lines the reader of the response head, which also bounds chunk-size lines and trailers
     * @throws Exchange.TooLarge when the body exceeds {@code cap} bytes
     * @throws IOException for a malformed or truncated body
     */
    static byte[] read(
            InputStream in, Map<String, List<String>> headers, Exchange.HeaderReader lines, int cap)
            throws IOException {
        List<String> encodings = headers.get("transfer-encoding");
        if (encodings != null) {
            String last = encodings.get(encodings.size() - 1).toLowerCase(Locale.ROOT);
            if (!last.endsWith("chunked")) {
                // RFC 9112 6.3: a response without chunked last is read until the connection ends.
                return untilClose(in, cap);
            }
            return chunked(in, lines, cap);
        }
        List<String> lengths = headers.get("content-length");
        if (lengths == null) {
            return untilClose(in, cap);
        }
        long length = contentLength(lengths);
        if (length > cap) {
            throw tooLarge(cap);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new ProtocolException("connection closed after " + body.length + " of " + length);
        }
        return body;
    }

    private static long contentLength(List<String> values) throws IOException {
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String digits = part.strip();
                if (digits.isEmpty()
                        || digits.length() > 18
                        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new ProtocolException("malformed Content-Length");
                }
                long parsed = Long.parseLong(digits);
                if (length != -1 && parsed != length) {
                    throw new ProtocolException("conflicting Content-Length values");
                }
                length = parsed;
            }
        }
        return length;
    }

    private static byte[] untilClose(InputStream in, int cap) throws IOException {
        byte[] body = in.readNBytes(cap);
        if (in.read() >= 0) {
            throw tooLarge(cap);
        }
        return body;
    }

    private static byte[] chunked(InputStream in, Exchange.HeaderReader lines, int cap)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = lines.chunkLine();
            int end = line.indexOf(';');
            String hex = (end < 0 ? line : line.substring(0, end)).strip();
            long size = chunkSize(hex);
            if (size == 0) {
                lines.fields(); // trailers, bounded with the head and dropped
                return body.toByteArray();
            }
            if (body.size() + size > cap) {
                throw tooLarge(cap);
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new ProtocolException("connection closed within a chunk");
            }
            body.write(chunk, 0, chunk.length);
            if (!lines.chunkLine().isEmpty()) {
                throw new ProtocolException("malformed chunk end");
            }
        }
    }

    private static long chunkSize(String hex) throws IOException {
        if (hex.isEmpty()
                || hex.length() > 15
                || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ProtocolException("malformed chunk size");
        }
        return Long.parseLong(hex, 16);
    }

    private static Exchange.TooLarge tooLarge(int cap) {
        return new Exchange.TooLarge(
                "response body exceeds "
                        + cap
                        + " bytes; raise maxResponseBytes or max-host-result");
    }
}
