/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.web;

import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginCancelledException;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.PluginNotLoadedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a request whose plugin call failed with an RFC 9457 {@link ProblemDetail} whose status
 * says whose fault it was, instead of a bare 500. Opt-in ({@code
 * wasmbox.web.problem-details.enabled=true}); the application's own {@code @ExceptionHandler}s come
 * first (this advice has the lowest precedence).
 *
 * <table>
 *   <caption>Status per exception</caption>
 *   <tr><th>exception</th><th>status</th><th>why</th></tr>
 *   <tr><td>{@link ResourceExhaustedException} of the input</td><td>413</td><td>the caller sent
 *       more than the plugin accepts</td></tr>
 *   <tr><td>{@link PluginFailedException}</td><td>422</td><td>the plugin refused the request</td></tr>
 *   <tr><td>{@link PluginNotLoadedException}, {@link PluginBusyException}, {@link
 *       PluginCancelledException}</td><td>503 (busy: with {@code Retry-After})</td><td>not the
 *       caller's fault; may work later</td></tr>
 *   <tr><td>{@link PluginTimeoutException}</td><td>504</td><td>the plugin ran out of time</td></tr>
 *   <tr><td>any other {@link PluginException} (trap, quota, denied request, bad
 *       output)</td><td>502</td><td>the plugin, an upstream component, misbehaved</td></tr>
 * </table>
 *
 * <p>The response names the plugin, the function and the kind of failure, never the exception's
 * message: that may quote guest-controlled text and internal detail. Stateless and thread-safe.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class PluginProblemDetails {

    /** The {@code Retry-After} of a busy answer, in seconds. */
    private static final String RETRY_AFTER_SECONDS = "1";

    /**
     * The problem answer for {@code failure}: also what a WAGI route answers when its plugin fails
     * ({@link io.github.wasmbox.spring.wagi.WagiRoutes}), whether or not this advice is enabled.
     */
    @ExceptionHandler
    public ResponseEntity<ProblemDetail> pluginFailed(PluginException failure) {
        HttpStatus status = status(failure);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail(failure));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("plugin", failure.pluginName());
        if (failure.functionName() != null) {
            problem.setProperty("function", failure.functionName());
        }
        problem.setProperty("kind", kind(failure));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (failure instanceof PluginBusyException) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.body(problem);
    }

    /** The status for {@code failure}; see the class comment. */
    static HttpStatus status(PluginException failure) {
        if (failure instanceof ResourceExhaustedException exhausted
                && exhausted.resource() == ResourceExhaustedException.Resource.INPUT) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        if (failure instanceof PluginFailedException) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
        if (failure instanceof PluginNotLoadedException
                || failure instanceof PluginBusyException
                || failure instanceof PluginCancelledException) {
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (failure instanceof PluginTimeoutException) {
            return HttpStatus.GATEWAY_TIMEOUT;
        }
        return HttpStatus.BAD_GATEWAY;
    }

    /**
     * The kind of failure, from the exception's type: {@code PluginTimeoutException} → {@code
     * timeout}.
     */
    private static String kind(PluginException failure) {
        String name = failure.getClass().getSimpleName().replaceFirst("Exception$", "");
        return name.replaceFirst("^Plugin", "")
                .replaceAll("([a-z])([A-Z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static String detail(PluginException failure) {
        return "plugin '" + failure.pluginName() + "' failed: " + kind(failure);
    }
}
