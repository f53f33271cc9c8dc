/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A plugin's stdout read as a CGI response (RFC 3875, section 6): header lines up to the first
 * empty line, then the body. {@code Status}, {@code Content-Type} and {@code Location} are CGI's
 * own; any other header passes only when the route grants it. At least one of {@code Status},
 * {@code Content-Type} and {@code Location} must be there; {@code Location} alone is a 302.
 *
 * <p>The output is the guest's: the header block is bounded ({@link #MAX_HEADER_BYTES}), a name
 * must be an HTTP token and a value may hold no control character but tab, so no header can carry a
 * CR or LF into the response (response splitting). A response that breaks a rule is refused with
 * {@link BadResponseException}, whose message is the host's own words, never the guest's text.
 *
 * @param status the status
 * @param headers the headers to send, besides the route's own
 * @param body the body
 */
record CgiResponse(HttpStatus status, HttpHeaders headers, byte[] body) {
    /** The most bytes of the header block, its blank line included. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    /**
     * Headers a plugin never sets, even when granted: the server frames the response, and the route
     * sets its own security headers.
     */
    static final Set<String> RESERVED =
            Set.of(
                    "connection",
                    "content-length",
                    "transfer-encoding",
                    "keep-alive",
                    "upgrade",
                    "trailer",
                    "content-security-policy",
                    "x-content-type-options");

    /** A plugin's output that is not a valid CGI response. */
    static final class BadResponseException extends Exception {
        private static final long serialVersionUID = 1L;

        BadResponseException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Parses {@code output}.
     *
     * @param granted lower-case names of the headers besides CGI's own that may pass
     * @throws BadResponseException naming the rule the output breaks
     */
    static CgiResponse parse(byte[] output, Set<String> granted) throws BadResponseException {
        HttpHeaders headers = new HttpHeaders();
        @Nullable HttpStatus status = null;
        boolean typed = false;
        boolean located = false;
        int line = 0;
        int start = 0;
        while (true) {
            int end =
                    indexOf(output, (byte) '\n', start, Math.min(output.length, MAX_HEADER_BYTES));
            if (end < 0) {
                throw new BadResponseException(
                        output.length >= MAX_HEADER_BYTES
                                ? "its header block does not end (with an empty line) within "
                                        + MAX_HEADER_BYTES
                                        + " bytes"
                                : "it has no header block: it must start with header lines"
                                        + " (Status, Content-Type or Location) and an empty line");
            }
            int contentEnd = end > start && output[end - 1] == '\r' ? end - 1 : end;
            line++;
            if (contentEnd == start) {
                start = end + 1;
                break;
            }
            String text = new String(output, start, contentEnd - start, StandardCharsets.UTF_8);
            start = end + 1;
            int colon = text.indexOf(':');
            if (colon <= 0 || !isToken(text.substring(0, colon))) {
                throw new BadResponseException(
                        "header line " + line + " is not 'Name: value' with an HTTP token as name");
            }
            String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = text.substring(colon + 1).strip();
            if (!isFieldValue(value)) {
                throw new BadResponseException(
                        "the value of header line " + line + " holds a control character");
            }
            switch (name) {
                case "status" -> {
                    if (status != null) {
                        throw new BadResponseException("it sets Status twice");
                    }
                    status = status(value);
                }
                case "content-type" -> {
                    if (typed) {
                        throw new BadResponseException("it sets Content-Type twice");
                    }
                    typed = true;
                    headers.setContentType(mediaType(value));
                }
                case "location" -> {
                    if (located) {
                        throw new BadResponseException("it sets Location twice");
                    }
                    located = true;
                    headers.setLocation(location(value));
                }
                default -> {
                    if (granted.contains(name) && !RESERVED.contains(name)) {
                        headers.add(name, value);
                    }
                }
            }
        }
        if (status == null && !typed && !located) {
            throw new BadResponseException("it sets none of Status, Content-Type and Location");
        }
        if (status == null) {
            status = located && !typed ? HttpStatus.FOUND : HttpStatus.OK;
        }
        return new CgiResponse(status, headers, Arrays.copyOfRange(output, start, output.length));
    }

    private static HttpStatus status(String value) throws BadResponseException {
        if (value.length() >= 3 && (value.length() == 3 || value.charAt(3) == ' ')) {
            try {
                HttpStatus status = HttpStatus.resolve(Integer.parseInt(value.substring(0, 3)));
                if (status != null && status.value() >= 200) {
                    return status;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new BadResponseException(
                "its Status is not a known final HTTP status code (200 to 599) and a reason");
    }

    private static MediaType mediaType(String value) throws BadResponseException {
        try {
            return MediaType.parseMediaType(value);
        } catch (InvalidMediaTypeException e) {
            throw new BadResponseException("its Content-Type is not a media type");
        }
    }

    private static URI location(String value) throws BadResponseException {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new BadResponseException("its Location is not a URI reference");
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** An HTTP token (RFC 9110, section 5.6.2). */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A field value: no control character but horizontal tab (RFC 9110, section 5.5). */
    private static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
