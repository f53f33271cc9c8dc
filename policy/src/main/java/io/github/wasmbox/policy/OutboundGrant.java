/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Permission to send HTTP requests to {@code scheme://host[:port]}, where the host is a {@link
 * HostPattern} and a missing port means the scheme's default (80 for http, 443 for https). A grant
 * never covers a path: it is an origin. A grant made with {@link #privateNetwork} may also reach a
 * host name that resolves to a loopback, private or link-local address; an IP-literal grant always
 * reaches exactly its own address.
 *
 * <p>Immutable and thread-safe.
 */
public final class OutboundGrant {
    private final String scheme;
    private final HostPattern host;
    private final int port;
    private final boolean privateNetwork;

    private OutboundGrant(String scheme, HostPattern host, int port, boolean privateNetwork) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.privateNetwork = privateNetwork;
    }

    /**
     * Parses an origin pattern such as {@code https://api.example.com}, {@code
     * https://*.example.com:8443} or {@code http://[::1]:8080}.
     *
     * @throws IllegalArgumentException if it is not {@code http} or {@code https}, has a path,
     *     query, fragment or user info, a bad port, or a bad host pattern
     */
    public static OutboundGrant parse(String pattern) {
        return parse(pattern, false);
    }

    /**
     * Parses an origin pattern like {@link #parse} whose host names may also resolve to internal
     * addresses (loopback, private, link-local): for services inside the operator's own network.
     */
    public static OutboundGrant privateNetwork(String pattern) {
        return parse(pattern, true);
    }

    private static OutboundGrant parse(String pattern, boolean privateNetwork) {
        Objects.requireNonNull(pattern, "pattern");
        int separator = pattern.indexOf("://");
        if (separator < 0) {
            throw new IllegalArgumentException(
                    "outbound pattern '"
                            + pattern
                            + "' needs a scheme: write it as https://host[:port]");
        }
        String scheme = pattern.substring(0, separator).toLowerCase(Locale.ROOT);
        if (defaultPort(scheme) < 0) {
            throw new IllegalArgumentException(
                    "outbound pattern '"
                            + pattern
                            + "' has scheme '"
                            + scheme
                            + "': use http or https");
        }
        String authority = pattern.substring(separator + 3);
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.indexOf('/') >= 0
                || authority.indexOf('?') >= 0
                || authority.indexOf('#') >= 0) {
            throw new IllegalArgumentException(
                    "outbound pattern '"
                            + pattern
                            + "' has a path, query or fragment: a grant names an origin only");
        }
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException(
                    "outbound pattern '" + pattern + "' must not contain user info");
        }
        HostAndPort hostAndPort = HostAndPort.split(authority);
        int port = defaultPort(scheme);
        if (hostAndPort.port != null) {
            port = parsePort(hostAndPort.port, pattern);
        }
        return new OutboundGrant(scheme, HostPattern.parse(hostAndPort.host), port, privateNetwork);
    }

    private static int parsePort(String text, String pattern) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit)) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        }
        throw new IllegalArgumentException(
                "outbound pattern '"
                        + pattern
                        + "' has port '"
                        + text
                        + "': use a number between 1 and 65535");
    }

    private static int defaultPort(String scheme) {
        switch (scheme) {
            case "http":
                return 80;
            case "https":
                return 443;
            default:
                return -1;
        }
    }

    /** Returns the scheme, {@code http} or {@code https}. */
    public String scheme() {
        return scheme;
    }

    /** Returns the host pattern. */
    public HostPattern host() {
        return host;
    }

    /** Returns the port, the scheme's default when the pattern has none. */
    public int port() {
        return port;
    }

    /** Returns whether host names may resolve to loopback, private or link-local addresses. */
    public boolean allowsPrivateNetwork() {
        return privateNetwork;
    }

    /**
     * Returns whether {@code target}'s scheme, host and port are covered. Only the URI is compared;
     * {@link PluginPolicy#allowsAddress} also checks where the host resolved.
     */
    public boolean matches(URI target) {
        Objects.requireNonNull(target, "target");
        String targetScheme = target.getScheme();
        if (targetScheme == null || !scheme.equals(targetScheme.toLowerCase(Locale.ROOT))) {
            return false;
        }
        String targetHost = target.getHost();
        int targetPort = target.getPort();
        if (targetHost == null) {
            // java.net.URI leaves the host of an internationalized name unparsed.
            String authority = target.getAuthority();
            if (authority == null) {
                return false;
            }
            HostAndPort hostAndPort =
                    HostAndPort.split(authority.substring(authority.lastIndexOf('@') + 1));
            targetHost = hostAndPort.host;
            try {
                targetPort = hostAndPort.port == null ? -1 : Integer.parseInt(hostAndPort.port);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (targetPort == -1) {
            targetPort = defaultPort(scheme);
        }
        return targetPort == port && host.matches(targetHost);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OutboundGrant)) {
            return false;
        }
        OutboundGrant that = (OutboundGrant) o;
        return scheme.equals(that.scheme)
                && host.equals(that.host)
                && port == that.port
                && privateNetwork == that.privateNetwork;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, privateNetwork);
    }

    /** Returns the normalized origin pattern, the port omitted when it is the default. */
    @Override
    public String toString() {
        return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    }

    private static final class HostAndPort {
        final String host;
        final @Nullable String port;

        private HostAndPort(String host, @Nullable String port) {
            this.host = host;
            this.port = port;
        }

        static HostAndPort split(String authority) {
            int colon = authority.lastIndexOf(':');
            int bracket = authority.lastIndexOf(']');
            boolean bareIpv6 = !authority.startsWith("[") && authority.indexOf(':') != colon;
            if (colon < 0
                    || colon < bracket
                    || bareIpv6
                    || authority.startsWith("[") && bracket < 0) {
                return new HostAndPort(authority, null);
            }
            return new HostAndPort(authority.substring(0, colon), authority.substring(colon + 1));
        }
    }
}
