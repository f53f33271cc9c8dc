/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A host name, IP literal or {@code *.}-wildcard that an outbound grant names. Host names compare
 * case-insensitively, ignore one trailing dot and are converted to punycode with {@link IDN} (IDNA
 * 2003), so {@code Bücher.Example.} and {@code xn--bcher-kva.example} are the same host. {@code
 * *.example.com} matches {@code a.example.com} and {@code a.b.example.com}, never {@code
 * example.com}, {@code evilexample.com} or {@code example.com.evil.net}. A wildcard never matches
 * an IP literal. IPv6 literals are written in brackets ({@code [::1]}).
 *
 * <p>Parsing never touches DNS. Immutable and thread-safe.
 */
public final class HostPattern {
    private final String host;
    private final boolean wildcard;
    private final @Nullable InetAddress address;

    private HostPattern(String host, boolean wildcard, @Nullable InetAddress address) {
        this.host = host;
        this.wildcard = wildcard;
        this.address = address;
    }

    /**
     * Parses a host pattern such as {@code api.example.com}, {@code *.example.com}, {@code
     * 192.0.2.7} or {@code [2001:db8::1]}.
     *
     * @throws IllegalArgumentException if it is none of these; the message says why
     */
    public static HostPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.startsWith("*.")) {
            String domain = normalizeName(pattern.substring(2), pattern);
            if (parseIpv4(domain) != null || domain.indexOf('.') < 0) {
                throw new IllegalArgumentException(
                        "host pattern '"
                                + pattern
                                + "' is too broad: a wildcard needs a domain of at least two"
                                + " labels, as in *.example.com");
            }
            return new HostPattern(domain, true, null);
        }
        if (pattern.indexOf('*') >= 0) {
            throw new IllegalArgumentException(
                    "host pattern '"
                            + pattern
                            + "' has a misplaced '*': a wildcard is allowed only as the whole"
                            + " first label, as in *.example.com");
        }
        InetAddress literal = parseLiteral(pattern);
        if (literal != null) {
            return new HostPattern(literal.getHostAddress(), false, literal);
        }
        return new HostPattern(normalizeName(pattern, pattern), false, null);
    }

    /** Returns whether this pattern is a {@code *.} wildcard. */
    public boolean isWildcard() {
        return wildcard;
    }

    /** Returns the IP address this pattern names literally, if it is an IP literal. */
    public Optional<InetAddress> address() {
        return Optional.ofNullable(address);
    }

    /**
     * Returns whether {@code host} (as it appears in a URI, IPv6 in brackets) is covered by this
     * pattern. A host that is not a valid name or literal is never covered.
     */
    public boolean matches(String host) {
        Objects.requireNonNull(host, "host");
        String candidate;
        try {
            InetAddress literal = parseLiteral(host);
            if (literal != null) {
                return address != null && address.equals(literal);
            }
            candidate = normalizeName(host, host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (wildcard) {
            return candidate.endsWith("." + this.host);
        }
        return address == null && candidate.equals(this.host);
    }

    /**
     * Returns a literal address, or null when {@code text} is a name. Text whose last label is
     * numeric is read as IPv4 and must be four decimal parts without leading zeros, so the
     * ambiguous octal and hexadecimal forms that some resolvers accept are refused.
     */
    private static @Nullable InetAddress parseLiteral(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            String inner = text.substring(1, text.length() - 1);
            if (inner.indexOf(':') < 0 || inner.indexOf('%') >= 0) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not an IPv6 literal (zone ids are not allowed)");
            }
            try {
                // Brackets make InetAddress parse the text as an IPv6 literal and never ask DNS.
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv6 literal", e);
            }
        }
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' looks like an IPv6 address: write it in brackets, as in [::1]");
        }
        String name = stripTrailingDot(text.toLowerCase(Locale.ROOT));
        String lastLabel = name.substring(name.lastIndexOf('.') + 1);
        boolean numeric =
                !lastLabel.isEmpty()
                        && (lastLabel.chars().allMatch(c -> c >= '0' && c <= '9')
                                || lastLabel.startsWith("0x"));
        if (!numeric) {
            return null;
        }
        InetAddress ipv4 = parseIpv4(name);
        if (ipv4 == null) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is not a valid IPv4 address: use four decimal parts 0-255 without"
                            + " leading zeros");
        }
        return ipv4;
    }

    private static @Nullable InetAddress parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty()
                    || part.length() > 3
                    || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return null;
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always a valid address", e);
        }
    }

    private static String normalizeName(String name, String pattern) {
        String stripped = stripTrailingDot(name);
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("host pattern '" + pattern + "' has no host");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(stripped, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "host pattern '" + pattern + "' is not a valid host name: " + e.getMessage(),
                    e);
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty()) {
                throw new IllegalArgumentException(
                        "host pattern '" + pattern + "' has an empty label");
            }
        }
        if (ascii.length() > 253) {
            throw new IllegalArgumentException(
                    "host pattern '" + pattern + "' is longer than 253 characters");
        }
        return ascii;
    }

    private static String stripTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPattern
                && host.equals(((HostPattern) o).host)
                && wildcard == ((HostPattern) o).wildcard;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + Boolean.hashCode(wildcard);
    }

    /** Returns the normalized pattern: {@code *.example.com}, {@code 192.0.2.7}, {@code [::1]}. */
    @Override
    public String toString() {
        if (wildcard) {
            return "*." + host;
        }
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }
}
