/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.config;

import io.github.wasmbox.host.HostFunction;
import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.util.Optional;

/**
 * {@code wasmbox:config}: the configuration entries the policy exposes to the plugin, and nothing
 * else: no system properties, no environment. A key the policy does not expose is {@code
 * NOT_FOUND}, indistinguishable from a key that does not exist, so a plugin cannot probe what the
 * host has.
 *
 * <p>Stateless and thread-safe.
 */
@HostModule("wasmbox:config")
public final class ConfigCapability {

    /** A config capability; all its data comes from each call's policy. */
    public ConfigCapability() {}

    /** {@code get(key_ptr: i32, key_len: i32) -> i32}: the UTF-8 value, or {@code NOT_FOUND}. */
    @HostFunction
    public Optional<String> get(HostCall call, String key) {
        String value = call.policy().config().get(key);
        if (value != null) {
            call.granted("config", key);
        }
        return Optional.ofNullable(value);
    }
}
