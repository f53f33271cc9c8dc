/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import io.github.wasmbox.host.CapabilityException;
import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code wasmbox:http/request} answered from a table instead of the network. The policy's outbound
 * grants apply as in {@link HttpCapability}: an ungranted target is a denial. A granted request the
 * table does not answer fails with {@code FAILED}, as an unreachable host would. Requests and
 * responses have {@link HttpCapability}'s JSON shapes. Thread-safe.
 */
@HostModule("wasmbox:http")
final class FakeHttp {
    private final Map<String, HttpCapability.Response> answers = new ConcurrentHashMap<>();
    private final List<HttpCapability.Request> requests = new CopyOnWriteArrayList<>();

    void answer(String method, String url, HttpCapability.Response response) {
        answers.put(key(method, url), response);
    }

    List<HttpCapability.Request> requests() {
        return List.copyOf(requests);
    }

    void reset() {
        requests.clear();
    }

    @HostFunction
    public HttpCapability.Response request(HostCall call, HttpCapability.Request request) {
        requests.add(request);
        if (request.url() == null || request.method() == null) {
            throw CapabilityException.invalidArgument("a request needs a method and a url");
        }
        URI uri;
        try {
            uri = new URI(request.url());
        } catch (URISyntaxException e) {
            throw CapabilityException.invalidArgument("url is not a valid URI: " + request.url());
        }
        if (uri.getHost() == null || !call.policy().allowsOutbound(uri)) {
            throw CapabilityException.denied(request.url());
        }
        HttpCapability.Response response = answers.get(key(request.method(), request.url()));
        if (response == null) {
            throw CapabilityException.failed(
                    "no answer for " + request.method() + " " + request.url());
        }
        return response;
    }

    private static String key(String method, String url) {
        return method.toUpperCase(Locale.ROOT) + " " + url;
    }
}
