package io.github.wasmbox.host.http;

import io.github.wasmbox.host.CapabilityException;
import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * {@code wasmbox:http}: outbound HTTP requests through the JDK {@link HttpClient}, for the targets
 * the policy grants and nothing else.
 *
 * <p>Guarantees, for the first request and again for every redirect hop (redirects are followed
 * here, never by the client):
 *
 * <ul>
 *   <li>only {@code http} and {@code https} URLs without user info, to a {@code scheme://host:port}
 *       the policy allows ({@code PluginPolicy.allowsOutbound});
 *   <li>every address the host name resolves to must be allowed by {@code
 *       PluginPolicy.allowsAddress}, which refuses loopback, private and link-local ranges unless
 *       granted, so a DNS name that points inside the network is denied (no SSRF);
 *   <li>connecting, waiting and reading all end within the call's remaining time;
 *   <li>the response body is capped ({@link Builder#maxResponseBytes} and {@code max-host-result});
 *       a larger one is {@code TOO_LARGE} and is not read further;
 *   <li>hop-by-hop headers are removed both ways; {@code Proxy-Authorization} is never sent; {@code
 *       Authorization} and {@code Cookie} are dropped when a redirect leaves the origin; {@code
 *       Set-Cookie} and {@code Proxy-Authenticate} never reach the plugin;
 *   <li>no proxy is used, because a proxy would resolve names where these checks cannot see.
 * </ul>
 *
 * <p>Known gap: the JDK client resolves the name again when it connects, so a DNS server that
 * answers differently within the check-to-connect window (DNS rebinding) is not stopped here; pin
 * names in the host's resolver or use IP grants where that matters.
 *
 * <p>Bodies travel as UTF-8 text in ABI v1; a binary response body is decoded with replacement
 * characters.
 *
 * <p>Thread-safe. One capability shares one {@link HttpClient} and its connection pool.
 */
@HostModule("wasmbox:http")
public final class HttpCapability {
    private static final String CAPABILITY = "wasmbox:http";
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** Hop-by-hop headers (RFC 9110 7.6.1), plus the ones the JDK client sets itself. */
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

    private final HttpClient client;
    private final int maxResponseBytes;
    private final int maxRedirects;

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
        this.maxRedirects = builder.maxRedirects;
        this.client =
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .proxy(HttpClient.Builder.NO_PROXY)
                        .connectTimeout(builder.connectTimeout)
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
    }

    /** Returns a builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code request(req_ptr: i32, req_len: i32) -> i32}: sends the request and returns the length
     * of the JSON response.
     *
     * @throws CapabilityException {@code DENIED} for an ungranted target or address (also after a
     *     redirect), {@code INVALID_ARGUMENT} for a malformed request, {@code TOO_LARGE} for an
     *     oversized response, {@code FAILED} for network errors, timeouts and redirect loops
     */
    @HostFunction
    public Response request(HostCall call, Request request) {
        String method = method(request.method());
        URI uri = uri(request.url());
        Map<String, String> headers = requestHeaders(request.headers());
        @Nullable String body = request.body();
        int cap = Math.min(maxResponseBytes, call.policy().limits().maxHostResultBytes());
        for (int hop = 0; ; hop++) {
            authorize(call.policy(), uri);
            HttpResponse<byte[]> response = send(call, method, uri, headers, body, cap);
            int status = response.statusCode();
            var location = response.headers().firstValue("location");
            if (!REDIRECTS.contains(status) || location.isEmpty()) {
                return new Response(
                        status,
                        responseHeaders(response.headers().map()),
                        new String(response.body(), StandardCharsets.UTF_8));
            }
            if (hop >= maxRedirects) {
                throw CapabilityException.failed(
                        "more than " + maxRedirects + " redirects, last to " + location.get());
            }
            URI next;
            try {
                next = uri(uri.resolve(location.get()).toString());
            } catch (IllegalArgumentException | CapabilityException e) {
                throw CapabilityException.failed("invalid redirect location " + location.get());
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

    private static void authorize(PluginPolicy policy, URI uri) {
        if (!policy.allowsOutbound(uri)) {
            throw CapabilityException.denied(origin(uri));
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw CapabilityException.failed("cannot resolve " + uri.getHost());
        }
        for (InetAddress address : addresses) {
            if (!policy.allowsAddress(uri, address)) {
                throw CapabilityException.denied(
                        origin(uri) + " (resolves to " + address.getHostAddress() + ")");
            }
        }
    }

    private HttpResponse<byte[]> send(
            HostCall call,
            String method,
            URI uri,
            Map<String, String> headers,
            @Nullable String body,
            int cap) {
        Duration remaining = call.remaining();
        if (remaining.isNegative() || remaining.isZero()) {
            throw CapabilityException.failed("no time left for " + method + " " + origin(uri));
        }
        HttpRequest httpRequest;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(remaining);
            headers.forEach(builder::header);
            httpRequest =
                    builder.method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(
                                                    body, StandardCharsets.UTF_8))
                            .build();
        } catch (IllegalArgumentException e) {
            // The client refuses some names, values and URIs; that is the guest's input.
            throw CapabilityException.invalidArgument("invalid request: " + e.getMessage());
        }
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(httpRequest, info -> new CappedBody(info, cap));
        try {
            return future.get(remaining.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw CapabilityException.failed(
                    method
                            + " "
                            + origin(uri)
                            + " timed out after "
                            + remaining.toMillis()
                            + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            // The runtime interrupts at the call's deadline; leave the flag for it to see.
            Thread.currentThread().interrupt();
            throw CapabilityException.failed(method + " " + origin(uri) + " was interrupted");
        } catch (ExecutionException e) {
            throw failure(method, uri, e.getCause(), cap);
        }
    }

    private static CapabilityException failure(
            String method, URI uri, @Nullable Throwable cause, int cap) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) {
                return CapabilityException.tooLarge(
                        "response body of "
                                + method
                                + " "
                                + origin(uri)
                                + " exceeds "
                                + cap
                                + " bytes");
            }
            if (t instanceof HttpTimeoutException) {
                return CapabilityException.failed(method + " " + origin(uri) + " timed out");
            }
        }
        String reason = cause instanceof IOException ? cause.getClass().getSimpleName() : "error";
        return CapabilityException.failed(method + " " + origin(uri) + " failed: " + reason);
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
                        String lower = name.toLowerCase(Locale.ROOT);
                        if (!HOP_BY_HOP.contains(lower) && !NEVER_SENT.contains(lower)) {
                            kept.put(name, value);
                        }
                    });
        }
        return kept;
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
        private int maxRedirects = 5;
        private Duration connectTimeout = Duration.ofSeconds(5);

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
