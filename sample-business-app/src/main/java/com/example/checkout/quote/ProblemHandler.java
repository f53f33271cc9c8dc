/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.quote;

import com.example.checkout.vendor.VendorException;
import io.github.wasmbox.host.kv.KeyValueQuotaException;
import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PluginBusyException;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginTimeoutException;
import io.github.wasmbox.sandbox.PluginTrapException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.ResourceExhaustedException;
import io.github.wasmbox.spring.PluginNotLoadedException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}. Invalid orders are 400 with the field
 * errors. A vendor failure says which slot and vendor failed, what wasmbox stopped (the exception,
 * the resource and limit, the denied capability and target) and that nothing was saved; it is never
 * a 500 with a stack trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String TYPES = "https://checkout.example.com/problems/";

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "invalid-order", "Invalid order", "");
        List<Map<String, Object>> errors =
                ex.getBindingResult().getFieldErrors().stream()
                        .map(
                                error -> {
                                    Map<String, Object> entry = new LinkedHashMap<>();
                                    entry.put("field", error.getField());
                                    entry.put("message", String.valueOf(error.getDefaultMessage()));
                                    return entry;
                                })
                        .sorted(
                                java.util.Comparator.comparing(
                                        entry -> String.valueOf(entry.get("field"))))
                        .toList();
        problem.setDetail(
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.badRequest()
                .body(
                        problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-request",
                                "Invalid request",
                                String.valueOf(ex.getReason())));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest()
                .body(
                        problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-request",
                                "Invalid request",
                                String.valueOf(e.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(QuoteNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(
                        problem(
                                HttpStatus.NOT_FOUND,
                                "quote-not-found",
                                "Quote not found",
                                String.valueOf(e.getMessage())));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rejected(OrderRejectedException e) {
        ProblemDetail problem =
                problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "order-rejected",
                        "Order cannot be quoted",
                        e.getMessage() + "; nothing was saved");
        problem.setProperty("slot", e.slot().id());
        problem.setProperty("vendor", e.vendor());
        problem.setProperty("saved", false);
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> vendor(VendorException e) {
        PluginException failure = e.pluginFailure();
        Stop stop =
                e.badAnswer()
                        ? new Stop(
                                HttpStatus.BAD_GATEWAY,
                                "vendor-bad-answer",
                                "Vendor plugin answered nonsense",
                                String.valueOf(e.getMessage()))
                        : stop(failure);
        String who = "the " + e.slot().id() + " vendor '" + e.vendor() + "'";
        String detail =
                failure == null
                        ? String.valueOf(e.getMessage())
                        : (stop.status == HttpStatus.UNPROCESSABLE_CONTENT
                                ? who + " rejected the order: " + guestMessage(failure)
                                : who + " was stopped: " + stop.what);
        ProblemDetail problem =
                problem(stop.status, stop.type, stop.title, detail + "; nothing was saved");
        problem.setProperty("slot", e.slot().id());
        problem.setProperty("vendor", e.vendor());
        if (failure != null) {
            problem.setProperty("error", failure.getClass().getSimpleName());
            if (failure.functionName() != null) {
                problem.setProperty("function", failure.functionName());
            }
            if (failure instanceof ResourceExhaustedException exhausted) {
                problem.setProperty("resource", exhausted.resource().name());
                problem.setProperty("limit", exhausted.limit());
                problem.setProperty("used", exhausted.attempted());
            }
            if (failure instanceof PolicyViolationException violation) {
                problem.setProperty("capability", violation.capability());
                problem.setProperty("target", violation.target());
            }
            if (failure instanceof PluginFailedException failed) {
                problem.setProperty("code", failed.code());
            }
            problem.setProperty("message", failure.getMessage());
        }
        problem.setProperty("saved", false);
        LOG.warn("quote failed: {} {}: {}", e.slot().id(), e.vendor(), e.getMessage());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(stop.status);
        if (stop.status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem);
    }

    /**
     * A vendor's held-back state writes (StagedKeyValueStore) passed its key-value grant's quota
     * when the quote committed: the quote is rolled back. Not the client's fault, nor a crash: 507,
     * and the operator's log says which namespace and quota, to raise it in the grant.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> vendorStateFull(KeyValueQuotaException e) {
        LOG.warn("a quote was refused: {}", e.getMessage());
        ProblemDetail problem =
                problem(
                        HttpStatus.INSUFFICIENT_STORAGE,
                        "vendor-state-full",
                        "Vendor state full",
                        "a vendor's saved state reached its quota; nothing was saved");
        problem.setProperty("quota", e.quota());
        problem.setProperty("saved", false);
        return ResponseEntity.status(HttpStatus.INSUFFICIENT_STORAGE).body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        // Logged for the operator; the client gets no internals.
        LOG.error("unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(
                        problem(
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                "internal-error",
                                "Internal error",
                                "the quote could not be made; nothing was saved"));
    }

    /** How a vendor failure is answered. */
    private record Stop(HttpStatus status, String type, String title, String what) {}

    private static Stop stop(@Nullable PluginException failure) {
        if (failure == null || failure instanceof PluginNotLoadedException) {
            return new Stop(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "vendor-unavailable",
                    "Vendor unavailable",
                    "it is not available");
        }
        if (failure instanceof PluginTimeoutException) {
            return new Stop(
                    HttpStatus.GATEWAY_TIMEOUT,
                    "vendor-timeout",
                    "Vendor plugin timed out",
                    "it ran past its time limit");
        }
        if (failure instanceof ResourceExhaustedException exhausted) {
            String resource = exhausted.resource().name().toLowerCase(Locale.ROOT);
            return new Stop(
                    HttpStatus.BAD_GATEWAY,
                    "vendor-quota-exceeded",
                    "Vendor plugin exceeded a quota",
                    "it exceeded its "
                            + resource
                            + " quota of "
                            + exhausted.limit()
                            + (exhausted.resource() == ResourceExhaustedException.Resource.FUEL
                                    ? ""
                                    : " bytes"));
        }
        if (failure instanceof PolicyViolationException violation) {
            return new Stop(
                    HttpStatus.BAD_GATEWAY,
                    "vendor-policy-violation",
                    "Vendor plugin broke its policy",
                    "it tried to use "
                            + violation.capability()
                            + " on '"
                            + violation.target()
                            + "', which its policy does not grant");
        }
        if (failure instanceof PluginBusyException) {
            return new Stop(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "vendor-busy",
                    "Vendor plugin busy",
                    "all its instances were busy");
        }
        if (failure instanceof PluginFailedException failed) {
            // Exit code 3 (command mode) and INVALID_ARGUMENT (-3) mean "this order is not
            // acceptable", a client-side problem; anything else is the vendor's fault.
            if (failed.code() == 3 || failed.code() == -3) {
                return new Stop(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "order-rejected-by-vendor",
                        "Order rejected by a vendor",
                        failed.guestMessage());
            }
            return new Stop(
                    HttpStatus.BAD_GATEWAY,
                    "vendor-failed",
                    "Vendor plugin failed",
                    "it reported an error: " + failed.guestMessage());
        }
        if (failure instanceof PluginTrapException || failure instanceof HostFunctionException) {
            return new Stop(
                    HttpStatus.BAD_GATEWAY,
                    "vendor-crashed",
                    "Vendor plugin crashed",
                    "it crashed (a Wasm trap) and its instance was discarded");
        }
        return new Stop(
                HttpStatus.BAD_GATEWAY,
                "vendor-failed",
                "Vendor plugin failed",
                String.valueOf(failure.getMessage()));
    }

    private static String guestMessage(PluginException failure) {
        return failure instanceof PluginFailedException failed
                ? failed.guestMessage()
                : String.valueOf(failure.getMessage());
    }

    private static ProblemDetail problem(
            HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES + type));
        problem.setTitle(title);
        return problem;
    }
}
