/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import io.github.wasmbox.policy.ClockPolicy;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.OutboundGrant;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.RandomPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place tests turn grants into a {@link PluginPolicy}, so that a change of the policy
 * builder touches only {@link #build()}.
 */
public final class TestPolicy {
    private final Map<String, KeyValueAccess> namespaces = new LinkedHashMap<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<String> origins = new ArrayList<>();
    private ClockPolicy clock = ClockPolicy.system();
    private RandomPolicy random = RandomPolicy.secure();
    private boolean internalAddresses;
    private boolean trapOnDenial;
    private Limits limits = Limits.defaults();

    public static TestPolicy policy() {
        return new TestPolicy();
    }

    public TestPolicy namespace(String namespace, KeyValueAccess access) {
        namespaces.put(namespace, access);
        return this;
    }

    public TestPolicy config(String key, String value) {
        config.put(key, value);
        return this;
    }

    public TestPolicy outbound(String origin) {
        origins.add(origin);
        return this;
    }

    /** Grants the origins as private-network grants: loopback, private and link-local too. */
    public TestPolicy internalAddresses() {
        internalAddresses = true;
        return this;
    }

    public TestPolicy clock(ClockPolicy clock) {
        this.clock = clock;
        return this;
    }

    public TestPolicy random(RandomPolicy random) {
        this.random = random;
        return this;
    }

    public TestPolicy trapOnDenial() {
        trapOnDenial = true;
        return this;
    }

    public TestPolicy limits(Limits limits) {
        this.limits = limits;
        return this;
    }

    public PluginPolicy build() {
        PluginPolicy.Builder builder = PluginPolicy.builder();
        namespaces.forEach(builder::allowKeyValue);
        config.forEach(builder::config);
        for (String origin : origins) {
            builder.allowOutbound(
                    internalAddresses
                            ? OutboundGrant.privateNetwork(origin)
                            : OutboundGrant.parse(origin));
        }
        return builder.clock(clock)
                .random(random)
                .trapOnDenial(trapOnDenial)
                .limits(limits)
                .build();
    }
}
