/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import java.util.Map;

/**
 * The exact length of the UTF-8 JSON that the default payload codec (Jackson) writes for a {@link
 * HttpCapability.Response}, computed without building it, so that a response whose escaped form
 * would exceed {@code max-host-result} is refused before the host allocates it. Control characters
 * escape to six bytes each ({@code \u0001}), which is why the length of the raw body is not enough.
 */
final class JsonLength {
    private JsonLength() {}

    /** The length of {@code {"status":…,"headers":{…},"body":…}}. */
    static long of(HttpCapability.Response response) {
        long length = "{\"status\":,\"headers\":{},\"body\":}".length();
        length += Integer.toString(response.status()).length();
        int fields = 0;
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            length += string(header.getKey()) + 1 + string(header.getValue()); // "k":"v"
            fields++;
        }
        length += Math.max(0, fields - 1); // commas between fields
        return length + string(response.body());
    }

    /** The length of a JSON string literal, quotes included. */
    static long string(String text) {
        long length = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                length += c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                length += 2;
            } else if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
