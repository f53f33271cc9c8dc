/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

import io.github.wasmbox.policy.HostFunctionGrant;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.OutboundGrant;
import io.github.wasmbox.policy.PluginPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes a policy as plain maps for {@code GET /api/vendors}: what a customer needs to see about
 * a vendor's grants and quotas. Config values are shown (they are the app's, not secrets); env
 * values are not.
 */
final class PluginDescriptions {
    private PluginDescriptions() {}

    /** The grants of {@code policy}; empty kinds are left out. */
    static Map<String, Object> grants(PluginPolicy policy) {
        Map<String, Object> grants = new LinkedHashMap<>();
        List<String> hostFunctions =
                policy.hostFunctionGrants().stream().map(HostFunctionGrant::toString).toList();
        if (!hostFunctions.isEmpty()) {
            grants.put("hostFunctions", hostFunctions);
        }
        if (!policy.keyValueNamespaces().isEmpty()) {
            Map<String, String> keyValue = new LinkedHashMap<>();
            policy.keyValueNamespaces()
                    .forEach(
                            (namespace, access) ->
                                    keyValue.put(
                                            namespace,
                                            access.allowsWrite() ? "read-write" : "read"));
            grants.put("keyValue", keyValue);
        }
        if (!policy.config().isEmpty()) {
            grants.put("config", policy.config());
        }
        List<String> outbound = policy.outbound().stream().map(OutboundGrant::toString).toList();
        if (!outbound.isEmpty()) {
            grants.put("outbound", outbound);
        }
        if (!policy.env().isEmpty()) {
            grants.put("env", policy.env().stream().map(grant -> grant.name()).toList());
        }
        grants.put("trapOnDenial", policy.trapOnDenial());
        return grants;
    }

    /** The quotas of {@code policy}. */
    static Map<String, Object> limits(PluginPolicy policy) {
        Limits limits = policy.limits();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fuel", limits.fuel());
        map.put("maxMemoryBytes", limits.maxMemoryBytes());
        map.put("timeout", limits.timeout().toMillis() + "ms");
        map.put("maxOutputBytes", limits.maxOutputBytes());
        map.put("poolSize", limits.poolSize());
        return map;
    }
}
