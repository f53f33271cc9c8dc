/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import io.github.wasmbox.host.CapabilityException;
import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@code wasmbox:http}: outbound HTTP/1.1 requests, for the targets the policy grants and nothing
 * else.
 *
 * <p>Guarantees, for the first request and again for every redirect hop (redirects are followed
 * here):
 *
 * <ul>
 *   <li>only {@code http} and {@code https} URLs without user info, to a {@code scheme://host:port}
 *       the policy allows ({@code PluginPolicy.allowsOutbound});
 *   <li>the host name is resolved once, and every address it resolves to must be allowed by {@code
 *       PluginPolicy.allowsAddress}, which refuses loopback, private and link-local ranges unless
 *       granted, so a DNS name that points inside the network is denied (no SSRF); the connection
 *       then goes to that checked address and the name is never resolved again, so a DNS server
 *       that changes its answer (DNS rebinding) cannot move it; TLS still checks the certificate
 *       and sends SNI for the host name;
 *   <li>resolving, connecting, sending and reading all end within the call's remaining time: name
 *       resolution waits at most that long, and the connection is closed at the deadline;
 *   <li>each exchange has a connection of its own, closed before the call returns, whether the
 *       exchange succeeded or failed: no socket outlives a call;
 *   <li>the response head is capped ({@link Builder#maxResponseHeaderBytes}), and so is the body
 *       ({@link Builder#maxResponseBytes} and {@code max-host-result}); a larger one is {@code
 *       TOO_LARGE} and is not read further. The JSON result, whose escapes can be six times the
 *       body, is measured exactly before it is built and must fit {@code max-host-result};
 *   <li>hop-by-hop headers are removed both ways; {@code Proxy-Authorization} is never sent; {@code
 *       Authorization} and {@code Cookie} are dropped when a redirect leaves the origin; {@code
 *       Set-Cookie} and {@code Proxy-Authenticate} never reach the plugin;
 *   <li>no proxy is used, because a proxy would resolve names where these checks cannot see.
 * </ul>
 *
 * <p>Bodies travel as UTF-8 text in ABI v1; a binary response body is decoded with replacement
 * characters.
 *
 * <p>Thread-safe. Name resolution runs on a small pool of daemon threads owned by the capability (2
 * threads, at most 32 waiting lookups), and one daemon thread closes connections at their deadline;
 * idle threads end after 30 seconds. {@link #close} stops them; the application that created the
 * capability closes it.
 */
@HostModule("wasmbox:http")
public final class HttpCapability implements AutoCloseable {
    static final int RESOLVER_THREADS = 2;
    static final int RESOLVER_QUEUE = 32;
    static final int IDLE_SECONDS = 30;

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** Hop-by-hop headers (RFC 9110 7.6.1), plus the framing ones this class sets itself. */
    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "proxy-connection",
                    "te",
                    "trailer",
                    "transfer-encoding",
                    "upgrade",
                    "host",
                    "content-length",
                    "expect");

    private static final Set<String> NEVER_SENT = Set.of("proxy-authorization");
    private static final Set<String> ORIGIN_CREDENTIALS = Set.of("authorization", "cookie");
    private static final Set<String> NEVER_RETURNED =
            Set.of("set-cookie", "set-cookie2", "proxy-authenticate", "proxy-authentication-info");

    /** Resolves a host name; a seam so that tests can play a rebinding DNS server. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final int maxResponseBytes;
    private final int maxResponseHeaderBytes;
    private final int maxRedirects;
    private final Duration connectTimeout;
    private final Resolver resolver;
    private final @Nullable SSLContext tls;
    private final ThreadPoolExecutor resolving;
    private final ScheduledThreadPoolExecutor deadlines;

    /**
     * The request a plugin sends, as JSON {@code {"method","url","headers":{…},"body"}}.
     *
     * @param method an HTTP method, such as {@code GET}
     * @param url an absolute {@code http} or {@code https} URL
     * @param headers request headers, one value each; may be absent
     * @param body the UTF-8 body; may be absent
     */
    public record Request(
            String method,
            String url,
            @Nullable Map<String, @Nullable String> headers,
            @Nullable String body) {}

    /**
     * The response a plugin receives, as JSON {@code {"status","headers":{…},"body"}}.
     *
     * @param status the status code of the final response
     * @param headers response headers with lower-case names, repeated values joined by {@code ", "}
     * @param body the body as UTF-8 text
     */
    public record Response(int status, Map<String, String> headers, String body) {}

    /** A capability with the defaults. */
    public HttpCapability() {
        this(builder());
    }

    private HttpCapability(Builder builder) {
        this.maxResponseBytes = builder.maxResponseBytes;
        this.maxResponseHeaderBytes = builder.maxResponseHeaderBytes;
        this.maxRedirects = builder.maxRedirects;
        this.connectTimeout = builder.connectTimeout;
        this.resolver = builder.resolver;
        this.tls = builder.tls;
        this.resolving =
                new ThreadPoolExecutor(
                        RESOLVER_THREADS,
                        RESOLVER_THREADS,
                        IDLE_SECONDS,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(RESOLVER_QUEUE),
                        daemon("wasmbox-http-resolver"));
        this.resolving.allowCoreThreadTimeOut(true);
        this.deadlines = new ScheduledThreadPoolExecutor(1, daemon("wasmbox-http-deadline"));
        this.deadlines.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        this.deadlines.allowCoreThreadTimeOut(true);
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stops the capability's threads and closes the connections in progress; later requests fail
     * with {@code FAILED}. Idempotent.
     */
    @Override
    public void close() {
        resolving.shutdownNow();
        List<Runnable> aborts = deadlines.shutdownNow();
        aborts.forEach(Runnable::run);
    }

    /**
     * {@code request(req_ptr: i32, req_len: i32) -> i32}: sends the request and returns the length
     * of the JSON response.
     *
     * @throws CapabilityException {@code DENIED} for an ungranted target or address (also after a
     *     redirect), {@code INVALID_ARGUMENT} for a malformed request, {@code TOO_LARGE} for an
     *     oversized response head, body or result, {@code FAILED} for network errors, timeouts and
     *     redirect loops
     */
    @HostFunction
    public Response request(HostCall call, Request request) {
        long deadline = System.nanoTime() + Math.max(0, call.remaining().toNanos());
        String method = method(request.method());
        URI uri = uri(request.url());
        Map<String, String> headers = requestHeaders(request.headers());
        byte @Nullable [] body =
                request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
        int resultCap = call.policy().limits().maxHostResultBytes();
        Exchange.Caps caps =
                new Exchange.Caps(maxResponseHeaderBytes, Math.min(maxResponseBytes, resultCap));
        for (int hop = 0; ; hop++) {
            if (deadline - System.nanoTime() <= 0) {
                throw CapabilityException.failed("no time left for " + method + " " + origin(uri));
            }
            InetAddress address = authorize(call.policy(), uri, deadline);
            call.granted("http", origin(uri));
            Exchange.Received response = send(address, method, uri, headers, body, caps, deadline);
            int status = response.status();
            List<String> location = response.headers().get("location");
            if (!REDIRECTS.contains(status) || location == null) {
                return result(method, uri, response, resultCap);
            }
            if (hop >= maxRedirects) {
                throw CapabilityException.failed(
                        "more than " + maxRedirects + " redirects, last to " + location.get(0));
            }
            URI next;
            try {
                next = uri(uri.resolve(location.get(0)).toString());
            } catch (IllegalArgumentException | CapabilityException e) {
                throw CapabilityException.failed("invalid redirect location " + location.get(0));
            }
            if (status == 303 || ((status == 301 || status == 302) && method.equals("POST"))) {
                // The user-agent convention (RFC 9110 15.4): the follow-up is a GET without body.
                method = method.equals("HEAD") ? "HEAD" : "GET";
                body = null;
            }
            if (!origin(next).equals(origin(uri))) {
                headers = new LinkedHashMap<>(headers);
                headers.keySet()
                        .removeIf(n -> ORIGIN_CREDENTIALS.contains(n.toLowerCase(Locale.ROOT)));
            }
            uri = next;
        }
    }

    /**
     * The guest's result, measured before it is built: escaping can make it several times the size
     * of the body, and the host should allocate no more than the guest may receive.
     */
    private static Response result(
            String method, URI uri, Exchange.Received received, int resultCap) {
        Response response =
                new Response(
                        received.status(),
                        responseHeaders(received.headers()),
                        new String(received.body(), StandardCharsets.UTF_8));
        long length = JsonLength.of(response);
        if (length > resultCap) {
            throw CapabilityException.tooLarge(
                    "response of "
                            + method
                            + " "
                            + origin(uri)
                            + " ("
                            + received.body().length
                            + " body bytes) is "
                            + length
                            + " bytes as JSON, over max-host-result of "
                            + resultCap
                            + " bytes; control characters and quotes are escaped, so raise"
                            + " max-host-result or ask the server for less");
        }
        return response;
    }

    private static String method(String method) {
        String upper = Objects.requireNonNullElse(method, "").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(upper)) {
            throw CapabilityException.invalidArgument(
                    "method must be GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS but was "
                            + method);
        }
        return upper;
    }

    private static URI uri(String url) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNullElse(url, "")).normalize();
        } catch (java.net.URISyntaxException e) {
            throw CapabilityException.invalidArgument("url is not a valid URI: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw CapabilityException.invalidArgument(
                    "url must be an absolute http(s) URL: " + url);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw CapabilityException.invalidArgument(
                    "url must name a host and carry no user info: " + url);
        }
        return uri;
    }

    private static String origin(URI uri) {
        int port = uri.getPort();
        if (port == -1) {
            port = uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        }
        return uri.getScheme().toLowerCase(Locale.ROOT)
                + "://"
                + uri.getHost().toLowerCase(Locale.ROOT)
                + ":"
                + port;
    }

    /** Checks the target and returns the one checked address the connection must go to. */
    private InetAddress authorize(PluginPolicy policy, URI uri, long deadline) {
        if (!policy.allowsOutbound(uri)) {
            throw CapabilityException.denied(origin(uri));
        }
        InetAddress[] addresses = resolve(uri, deadline);
        for (InetAddress address : addresses) {
            if (!policy.allowsAddress(uri, address)) {
                throw CapabilityException.denied(
                        origin(uri) + " (resolves to " + address.getHostAddress() + ")");
            }
        }
        return addresses[0];
    }

    /** Resolves once, on the capability's pool, waiting no longer than the call may. */
    private InetAddress[] resolve(URI uri, long deadline) {
        String host = uri.getHost();
        String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        Future<InetAddress[]> lookup;
        try {
            lookup = resolving.submit(() -> resolver.resolve(name));
        } catch (RejectedExecutionException e) {
            throw CapabilityException.failed(
                    "cannot resolve "
                            + host
                            + ": "
                            + (resolving.isShutdown()
                                    ? "the capability is closed"
                                    : "too many name lookups in progress"));
        }
        try {
            InetAddress[] addresses =
                    lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (addresses.length == 0) {
                throw CapabilityException.failed("cannot resolve " + host);
            }
            return addresses;
        } catch (TimeoutException e) {
            lookup.cancel(true);
            resolving.purge(); // a lookup that never started should not hold a place in the queue
            throw CapabilityException.failed(
                    "resolving " + host + " did not finish within the call's time");
        } catch (InterruptedException e) {
            lookup.cancel(true);
            // The runtime interrupts at the call's deadline; leave the flag for it to see.
            Thread.currentThread().interrupt();
            throw CapabilityException.failed("resolving " + host + " was interrupted");
        } catch (ExecutionException e) {
            throw CapabilityException.failed("cannot resolve " + host);
        }
    }

    private Exchange.Received send(
            InetAddress address,
            String method,
            URI uri,
            Map<String, String> headers,
            byte @Nullable [] body,
            Exchange.Caps caps,
            long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw CapabilityException.failed("no time left for " + method + " " + origin(uri));
        }
        Exchange exchange = new Exchange(tls);
        ScheduledFuture<?> abort;
        try {
            abort = deadlines.schedule(exchange::abort, left, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw CapabilityException.failed(
                    method + " " + origin(uri) + " failed: the capability is closed");
        }
        int connectMillis =
                (int) Math.max(1, Math.min(connectTimeout.toMillis(), left / 1_000_000));
        try {
            return exchange.send(address, connectMillis, uri, method, headers, body, caps);
        } catch (Exchange.TooLarge e) {
            throw CapabilityException.tooLarge(method + " " + origin(uri) + ": " + e.getMessage());
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 || e instanceof SocketTimeoutException) {
                throw CapabilityException.failed(method + " " + origin(uri) + " timed out");
            }
            // Only this package's protocol errors have messages written for the guest.
            String reason =
                    e instanceof ProtocolException ? e.getMessage() : e.getClass().getSimpleName();
            throw CapabilityException.failed(method + " " + origin(uri) + " failed: " + reason);
        } finally {
            abort.cancel(false);
            exchange.abort();
        }
    }

    private static Map<String, String> requestHeaders(
            @Nullable Map<String, @Nullable String> headers) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach(
                    (name, value) -> {
                        if (value == null) {
                            throw CapabilityException.invalidArgument(
                                    "request header " + name + " has no value");
                        }
                        if (!Exchange.token(name, name.length()) || !fieldValue(value)) {
                            throw CapabilityException.invalidArgument(
                                    "request header "
                                            + name
                                            + " needs a token name and a value without control"
                                            + " characters or characters above U+00FF");
                        }
                        String lower = name.toLowerCase(Locale.ROOT);
                        if (!HOP_BY_HOP.contains(lower) && !NEVER_SENT.contains(lower)) {
                            kept.put(name, value);
                        }
                    });
        }
        return kept;
    }

    /** RFC 9110 field-value characters: visible, space, tab and obs-text, sent as ISO-8859-1. */
    private static boolean fieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> responseHeaders(Map<String, List<String>> headers) {
        Map<String, String> kept = new TreeMap<>();
        headers.forEach(
                (name, values) -> {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (!lower.startsWith(":")
                            && !HOP_BY_HOP.contains(lower)
                            && !NEVER_RETURNED.contains(lower)) {
                        kept.merge(lower, String.join(", ", values), (a, b) -> a + ", " + b);
                    }
                });
        return kept;
    }

    /** Builds an {@link HttpCapability}. Not thread-safe; the capability it builds is. */
    public static final class Builder {
        private int maxResponseBytes = 1 << 20;
        private int maxResponseHeaderBytes = 64 << 10;
        private int maxRedirects = 5;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Resolver resolver = InetAddress::getAllByName;
        private @Nullable SSLContext tls;

        private Builder() {}

        /**
         * The largest response body read; default 1 MiB, at least 1. The policy's {@code
         * max-host-result} applies as well.
         */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException(
                        "maxResponseBytes must be at least 1 but was " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * The largest response head read (status line, headers, interim responses and chunked
         * trailers together); default 64 KiB, at least 1 KiB. A larger head is {@code TOO_LARGE}
         * and its connection is closed at once.
         */
        public Builder maxResponseHeaderBytes(int maxResponseHeaderBytes) {
            if (maxResponseHeaderBytes < 1024) {
                throw new IllegalArgumentException(
                        "maxResponseHeaderBytes must be at least 1024 but was "
                                + maxResponseHeaderBytes);
            }
            this.maxResponseHeaderBytes = maxResponseHeaderBytes;
            return this;
        }

        /** The name lookup, replaced by tests to play a DNS server. */
        Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The TLS context, replaced by tests to trust their own server; default the JDK's. */
        Builder tls(SSLContext tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** The redirects followed per request; default 5, 0 to 20. */
        public Builder maxRedirects(int maxRedirects) {
            if (maxRedirects < 0 || maxRedirects > 20) {
                throw new IllegalArgumentException(
                        "maxRedirects must be 0 to 20 but was " + maxRedirects);
            }
            this.maxRedirects = maxRedirects;
            return this;
        }

        /**
         * The longest wait for a connection; default 5 s, positive. The call's deadline cuts it
         * shorter.
         */
        public Builder connectTimeout(Duration connectTimeout) {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            if (connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive");
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Returns the capability. */
        public HttpCapability build() {
            return new HttpCapability(this);
        }
    }
}
