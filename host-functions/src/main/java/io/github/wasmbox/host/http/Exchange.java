/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 exchange over a socket of its own, connected to an address that was already checked
 * against the policy (the name is never resolved again here, so DNS rebinding cannot move the
 * connection), with TLS server name and certificate checked against the URL's host name.
 *
 * <p>Every exchange sends {@code Connection: close} and closes its socket before returning, whether
 * it succeeded or failed: no connection outlives the call. The caller bounds its duration by
 * closing the socket at the deadline ({@link #abort}).
 */
final class Exchange {
    /** A response read in full: status, headers as received (names in lower case), body. */
    record Received(int status, Map<String, List<String>> headers, byte[] body) {}

    /** A part of the response exceeded its cap; nothing more of it was read. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** The caps of one exchange. */
    record Caps(int headerBytes, int bodyBytes) {}

    private final Socket socket;
    private final @Nullable SSLContext tls;

    /** An exchange whose TLS uses {@code tls}, or the JDK's default context when null. */
    Exchange(@Nullable SSLContext tls) {
        this.socket = new Socket();
        this.tls = tls;
    }

    /** Closes the socket, which ends a blocked connect, handshake, read or write; idempotent. */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the socket is unusable either way.
        }
    }

    /**
     * Sends the request to {@code address} and reads the response.
     *
     * @throws TooLarge when the headers or the body exceed the caps
     * @throws IOException for network and protocol errors
     */
    Received send(
            InetAddress address,
            int connectTimeoutMillis,
            URI uri,
            String method,
            Map<String, String> headers,
            byte @Nullable [] body,
            Caps caps)
            throws IOException {
        try (Socket plain = socket) {
            boolean tls = uri.getScheme().equalsIgnoreCase("https");
            int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
            plain.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
            Socket connected = tls ? secure(plain, uri.getHost(), port) : plain;
            try (Socket closing = connected) {
                OutputStream out = new BufferedOutputStream(closing.getOutputStream());
                writeRequest(out, uri, method, headers, body);
                InputStream in = new BufferedInputStream(closing.getInputStream());
                return readResponse(in, method, caps);
            }
        }
    }

    private Socket secure(Socket plain, String host, int port) throws IOException {
        SSLContext context = tls;
        if (context == null) {
            try {
                context = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no TLS available", e);
            }
        }
        // The host name (not the address) names the peer: certificate and SNI are checked for it.
        String peer = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SSLSocket ssl =
                (SSLSocket) context.getSocketFactory().createSocket(plain, peer, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.startsWith("[") && !host.matches("[0-9.]+")) {
            // SNI names hosts only; an all-numeric name is an IPv4 literal.
            parameters.setServerNames(List.of(new SNIHostName(peer)));
        }
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    private static void writeRequest(
            OutputStream out,
            URI uri,
            String method,
            Map<String, String> headers,
            byte @Nullable [] body)
            throws IOException {
        // A URI may hold non-ASCII characters; the request line carries them percent-encoded.
        URI ascii = URI.create(uri.toASCIIString());
        String path =
                ascii.getRawPath() == null || ascii.getRawPath().isEmpty()
                        ? "/"
                        : ascii.getRawPath();
        if (ascii.getRawQuery() != null) {
            path += "?" + ascii.getRawQuery();
        }
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            head.append(':').append(uri.getPort());
        }
        head.append("\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (body != null || method.startsWith("P")) {
            // POST, PUT and PATCH always announce a length: some servers refuse them otherwise.
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private static Received readResponse(InputStream in, String method, Caps caps)
            throws IOException {
        HeaderReader reader = new HeaderReader(in, caps.headerBytes());
        while (true) {
            int status = statusLine(reader.line());
            Map<String, List<String>> headers = reader.fields();
            if (status == 101) {
                throw new ProtocolException("unexpected 101 Switching Protocols");
            }
            if (status < 200) {
                continue; // an interim response (100 Continue, 103 Early Hints): the final follows
            }
            boolean bodiless = method.equals("HEAD") || status == 204 || status == 304;
            byte[] body =
                    bodiless ? new byte[0] : CappedBody.read(in, headers, reader, caps.bodyBytes());
            return new Received(status, headers, body);
        }
    }

    private static int statusLine(String line) throws IOException {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (line.length() < 12
                || !line.startsWith("HTTP/1.")
                || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new ProtocolException("malformed status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolException("malformed status line");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new ProtocolException("malformed status code");
        }
        return status;
    }

    /**
     * Reads header lines (and chunked-body lines and trailers) as ISO-8859-1, charging every byte
     * against one cap so that the whole header section, interim responses and trailers included, is
     * bounded.
     */
    static final class HeaderReader {
        static final int MAX_CHUNK_LINE = 1024;

        private final InputStream in;
        private final int cap;
        private int used;

        HeaderReader(InputStream in, int cap) {
            this.in = in;
            this.cap = cap;
        }

        /**
         * A line of the head or of the trailers, without its CRLF (a bare LF ends a line too),
         * charged against the head's cap.
         */
        String line() throws IOException {
            return line(true);
        }

        /**
         * A chunk-size line: not charged against the head's cap (a body of many small chunks is
         * legitimate; the body cap bounds their number) but at most {@value #MAX_CHUNK_LINE} bytes.
         */
        String chunkLine() throws IOException {
            return line(false);
        }

        private String line(boolean head) throws IOException {
            StringBuilder line = new StringBuilder(64);
            int length = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new ProtocolException("connection closed within a line of the response");
                }
                if (head && ++used > cap) {
                    throw new TooLarge(
                            "response headers exceed "
                                    + cap
                                    + " bytes; raise HttpCapability.Builder.maxResponseHeaderBytes");
                }
                if (!head && ++length > MAX_CHUNK_LINE) {
                    throw new ProtocolException("chunk-size line longer than " + MAX_CHUNK_LINE);
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        /** Header fields up to the empty line; repeated names keep every value, in order. */
        Map<String, List<String>> fields() throws IOException {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                if (colon <= 0 || !token(line, colon)) {
                    // Includes obsolete line folding (a line starting with white space).
                    throw new ProtocolException("malformed response header");
                }
                String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).strip();
                fields.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            }
            return fields;
        }
    }

    /** Whether the first {@code end} characters are an RFC 9110 token. */
    static boolean token(String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean alphanumeric =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
                return false;
            }
        }
        return end > 0;
    }
}
