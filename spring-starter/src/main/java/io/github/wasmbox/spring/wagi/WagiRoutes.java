/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi;

import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.autoconfigure.InvalidWasmboxPropertyException;
import io.github.wasmbox.spring.autoconfigure.WasmboxProperties;
import io.github.wasmbox.spring.web.PluginProblemDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The WAGI routes of {@code wasmbox.routes.*}: HTTP requests answered by command-mode plugins
 * (docs/wagi.md). For each request the route's plugin runs {@code _start} once, in a new instance,
 * under every limit of its policy, with
 *
 * <ul>
 *   <li>the request as CGI environment variables: {@code REQUEST_METHOD}, {@code PATH_INFO} (the
 *       path within the application, percent-encoding kept), {@code QUERY_STRING} (as sent, or
 *       empty), {@code SERVER_PROTOCOL}, {@code CONTENT_TYPE} and {@code CONTENT_LENGTH} (of
 *       stdin), {@code X_MATCHED_ROUTE} (the path pattern that matched), {@code X_PATH_<NAME>} per
 *       path variable, and {@code HTTP_<NAME>} for each header the route grants, and no other
 *       header; names upper-cased with {@code -} as {@code _}, several values of one header joined
 *       with {@code ", "};
 *   <li>the request body on stdin, at most the policy's {@code max-input} (a longer one is a 413
 *       before the plugin runs);
 *   <li>its stdout read as a CGI response ({@link CgiResponse}); one that is not valid is a 502
 *       problem. The answer carries {@code X-Content-Type-Options: nosniff} and the route's {@code
 *       Content-Security-Policy}.
 * </ul>
 *
 * A failed call answers {@link PluginProblemDetails}' problem for it (a timeout 504, exhausted
 * fuel, memory or output 502, and so on); a request whose line or headers cannot be passed as
 * variables (a NUL byte, too many bytes) a 400.
 *
 * <p>Routes with a {@code path} are mapped by {@link #routerFunction()}; every route can also be
 * served from code with {@link #serve}, where the application supplies stdin, such as a record it
 * loaded for the plugin to render. Thread-safe.
 */
public class WagiRoutes {
    /** What a route's plugin runs: a command's entry point. */
    public static final String FUNCTION = "_start";

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Map<String, Route> routes;
    private final PluginRegistry registry;
    private final PluginProblemDetails problems;

    /** One configured route, checked. */
    private record Route(
            String name,
            String method,
            @Nullable String path,
            String plugin,
            List<String> headers,
            Set<String> responseHeaders,
            String contentSecurityPolicy) {}

    /**
     * Checks the routes of {@code properties} and declares to {@code registry} that each route's
     * plugin must export {@code _start}, so a reactor plugin fails start-up.
     *
     * @throws InvalidWasmboxPropertyException for the first route setting that is not valid
     */
    public WagiRoutes(
            WasmboxProperties properties, PluginRegistry registry, PluginProblemDetails problems) {
        this.registry = registry;
        this.problems = problems;
        Map<String, Route> checked = new LinkedHashMap<>();
        properties.getRoutes().forEach((name, route) -> checked.put(name, check(name, route)));
        this.routes = Collections.unmodifiableMap(checked);
        for (Route route : routes.values()) {
            registry.requireFunctions(
                    route.plugin(), "route '" + route.name() + "'", Set.of(FUNCTION));
        }
    }

    private static Route check(String name, WasmboxProperties.Route route) {
        String prefix = "wasmbox.routes." + name + ".";
        String plugin = route.getPlugin();
        if (plugin == null || plugin.isBlank()) {
            throw new InvalidWasmboxPropertyException(
                    prefix + "plugin",
                    "route '" + name + "' names no plugin",
                    "Set " + prefix + "plugin to a command-mode plugin of wasmbox.plugins.");
        }
        String method = route.getMethod().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidWasmboxPropertyException(
                    prefix + "method",
                    "route '" + name + "' has method '" + route.getMethod() + "'",
                    "Set " + prefix + "method to one of " + METHODS + ".");
        }
        String path = route.getPath();
        if (path != null && !isPathPattern(path)) {
            throw new InvalidWasmboxPropertyException(
                    prefix + "path",
                    "route '" + name + "' has path '" + path + "', which is not a path pattern",
                    "Set "
                            + prefix
                            + "path to a pattern that starts with '/', such as /receipts/{id}.");
        }
        for (String header : route.getHeaders()) {
            checkHeaderName(prefix + "headers", header);
        }
        for (String header : route.getResponseHeaders()) {
            checkHeaderName(prefix + "response-headers", header);
            if (CgiResponse.RESERVED.contains(header.toLowerCase(Locale.ROOT))) {
                throw new InvalidWasmboxPropertyException(
                        prefix + "response-headers",
                        "route '" + name + "' lets its plugin set " + header,
                        "Remove "
                                + header
                                + " from "
                                + prefix
                                + "response-headers: the server and the route set it.");
            }
        }
        return new Route(
                name,
                method,
                path,
                plugin,
                List.copyOf(route.getHeaders()),
                route.getResponseHeaders().stream()
                        .map(header -> header.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet()),
                route.getContentSecurityPolicy());
    }

    private static boolean isPathPattern(String path) {
        try {
            PathPatternParser.defaultInstance.parse(path);
            return path.startsWith("/");
        } catch (PatternParseException e) {
            return false;
        }
    }

    private static void checkHeaderName(String key, String header) {
        if (!CgiResponse.isToken(header)) {
            throw new InvalidWasmboxPropertyException(
                    key,
                    "'" + header + "' is not an HTTP header name",
                    "List header names such as Accept-Language under " + key + ".");
        }
    }

    /**
     * The routes that have a path, mapped to their plugins; matches nothing when there are none.
     */
    public RouterFunction<ServerResponse> routerFunction() {
        RouterFunction<ServerResponse> mapped = request -> Optional.empty();
        for (Route route : routes.values()) {
            if (route.path() == null) {
                continue;
            }
            mapped =
                    mapped.and(
                            RouterFunctions.route(
                                    RequestPredicates.method(HttpMethod.valueOf(route.method()))
                                            .and(RequestPredicates.path(route.path())),
                                    request -> handle(route, request)));
        }
        return mapped;
    }

    private ServerResponse handle(Route route, ServerRequest request) {
        HttpServletRequest servlet = request.servletRequest();
        Plugin plugin;
        byte[] body;
        try {
            plugin = registry.require(route.plugin());
            body = body(route, plugin, servlet);
        } catch (PluginException e) {
            return serverResponse(problems.pluginFailed(e));
        }
        return serverResponse(
                run(
                        route,
                        plugin,
                        servlet,
                        route.path(),
                        request.pathVariables(),
                        servlet.getContentType(),
                        body));
    }

    /**
     * Serves route {@code name} for {@code request} with {@code stdin} as the plugin's stdin
     * instead of the request's body: for a controller that loads what the plugin renders. {@code
     * X_MATCHED_ROUTE} and {@code X_PATH_<NAME>} come from the controller's own mapping.
     *
     * @param contentType the type of {@code stdin}, as {@code CONTENT_TYPE}; null for none
     * @return the plugin's answer, or a problem as for a mapped route
     * @throws IllegalArgumentException if there is no route {@code name}
     */
    public ResponseEntity<?> serve(
            String name,
            HttpServletRequest request,
            @Nullable MediaType contentType,
            byte[] stdin) {
        Route route = routes.get(name);
        if (route == null) {
            throw new IllegalArgumentException(
                    "no WAGI route '" + name + "'; wasmbox.routes has " + routes.keySet());
        }
        Plugin plugin;
        try {
            plugin = registry.require(route.plugin());
        } catch (PluginException e) {
            return problems.pluginFailed(e);
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>)
                        request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return run(
                route,
                plugin,
                request,
                pattern == null ? null : pattern.toString(),
                variables == null ? Map.of() : variables,
                contentType == null ? null : contentType.toString(),
                stdin);
    }

    /** The request body, at most the plugin's {@code max-input}; a longer one is refused. */
    private static byte[] body(Route route, Plugin plugin, HttpServletRequest request) {
        int limit = plugin.policy().limits().maxInputBytes();
        long size = request.getContentLengthLong();
        if (size <= limit) {
            try (InputStream in = request.getInputStream()) {
                byte[] body = in.readNBytes(limit + 1);
                if (body.length <= limit) {
                    return body;
                }
                size = body.length;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the request body", e);
            }
        }
        throw new ResourceExhaustedException(
                route.plugin(),
                FUNCTION,
                ResourceExhaustedException.Resource.INPUT,
                limit,
                size,
                "the request body for route '"
                        + route.name()
                        + "' is over the max-input of plugin '"
                        + route.plugin()
                        + "', "
                        + limit
                        + " bytes",
                null);
    }

    private ResponseEntity<?> run(
            Route route,
            Plugin plugin,
            HttpServletRequest request,
            @Nullable String pattern,
            Map<String, String> variables,
            @Nullable String contentType,
            byte[] stdin) {
        Map<String, String> environment =
                environment(route, request, pattern, variables, contentType, stdin.length);
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (variable.getValue().indexOf('\0') >= 0) {
                return problem(
                        route,
                        HttpStatus.BAD_REQUEST,
                        "bad-request",
                        "the request's " + variable.getKey() + " holds a NUL character");
            }
        }
        Map<String, String> attributes = new HashMap<>();
        environment.forEach(
                (name, value) -> attributes.put(CallContext.ENVIRONMENT_PREFIX + name, value));
        CallResult result;
        try {
            result = plugin.invoke(FUNCTION, stdin, attributes);
        } catch (PluginException e) {
            return problems.pluginFailed(e);
        } catch (IllegalArgumentException e) {
            // The runtime bounds what a caller passes as environment (count, bytes, names).
            return problem(
                    route,
                    HttpStatus.BAD_REQUEST,
                    "bad-request",
                    "the request cannot be passed to the plugin: " + e.getMessage());
        }
        CgiResponse response;
        try {
            response = CgiResponse.parse(result.output(), route.responseHeaders());
        } catch (CgiResponse.BadResponseException e) {
            return problem(
                    route,
                    HttpStatus.BAD_GATEWAY,
                    "bad-response",
                    "plugin '"
                            + route.plugin()
                            + "' answered route '"
                            + route.name()
                            + "' with a response that is not valid CGI: "
                            + e.getMessage());
        }
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(response.headers());
        headers.set("X-Content-Type-Options", "nosniff");
        if (!route.contentSecurityPolicy().isEmpty()) {
            headers.set("Content-Security-Policy", route.contentSecurityPolicy());
        }
        return ResponseEntity.status(response.status()).headers(headers).body(response.body());
    }

    /** The CGI variables of one request; see the class comment. */
    private static Map<String, String> environment(
            Route route,
            HttpServletRequest request,
            @Nullable String pattern,
            Map<String, String> variables,
            @Nullable String contentType,
            int contentLength) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("REQUEST_METHOD", request.getMethod());
        String uri = request.getRequestURI();
        environment.put(
                "PATH_INFO",
                uri.substring(Math.min(uri.length(), request.getContextPath().length())));
        environment.put(
                "QUERY_STRING", request.getQueryString() == null ? "" : request.getQueryString());
        environment.put("SERVER_PROTOCOL", request.getProtocol());
        environment.put("CONTENT_LENGTH", Integer.toString(contentLength));
        if (contentType != null) {
            environment.put("CONTENT_TYPE", contentType);
        }
        if (pattern != null) {
            environment.put("X_MATCHED_ROUTE", pattern);
        }
        variables.forEach((name, value) -> environment.put("X_PATH_" + variable(name), value));
        for (String header : route.headers()) {
            List<String> values = Collections.list(request.getHeaders(header));
            if (!values.isEmpty()) {
                environment.put("HTTP_" + variable(header), String.join(", ", values));
            }
        }
        return environment;
    }

    /** {@code accept-language} → {@code ACCEPT_LANGUAGE}. */
    private static String variable(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    private static ResponseEntity<ProblemDetail> problem(
            Route route, HttpStatus status, String kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("plugin", route.plugin());
        problem.setProperty("function", FUNCTION);
        problem.setProperty("kind", kind);
        problem.setProperty("route", route.name());
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ServerResponse serverResponse(ResponseEntity<?> entity) {
        ServerResponse.BodyBuilder builder =
                ServerResponse.status(entity.getStatusCode())
                        .headers(h -> h.addAll(entity.getHeaders()));
        if (entity.getBody() instanceof ProblemDetail
                && entity.getHeaders().getContentType() == null) {
            builder.contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        return entity.getBody() == null ? builder.build() : builder.body(entity.getBody());
    }
}
