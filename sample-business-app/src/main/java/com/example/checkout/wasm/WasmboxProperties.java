package com.example.checkout.wasm;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The plugins the app loads, under {@code checkout.wasmbox}, in the same shape as the starter's
 * {@code wasmbox.*} properties (grants and limits in the policy module's vocabulary), so moving to
 * the starter is a rename of the prefix.
 *
 * <p>Bound when the plugins load, after the web server has started, so that values may use {@code
 * ${local.server.port}}: the rates API that {@code shipping-rates} may call is this app itself.
 *
 * @param defaults limits every plugin starts from, such as {@code fuel}, {@code max-memory}, {@code
 *     timeout}
 * @param plugins the plugins by name
 */
public record WasmboxProperties(
        @DefaultValue Map<String, String> defaults, @DefaultValue Map<String, Plugin> plugins) {

    /** The configuration prefix. */
    public static final String PREFIX = "checkout.wasmbox";

    /**
     * One plugin.
     *
     * @param location a Spring resource location, such as {@code classpath:plugins/tax.wasm}
     * @param sha256 the pinned digest of the module; a module with another digest fails to load
     * @param limits limits that override the defaults
     * @param grants what the plugin may use; nothing else is granted
     * @param trapOnDenial whether a denied request stops the plugin with {@code
     *     PolicyViolationException} instead of returning an error code to it
     * @param required whether start-up fails when the plugin does not load
     */
    public record Plugin(
            String location,
            @Nullable String sha256,
            @DefaultValue Map<String, String> limits,
            @DefaultValue Grants grants,
            @DefaultValue("true") boolean trapOnDenial,
            @DefaultValue("true") boolean required) {}

    /**
     * Grants, in the vocabulary of policy files (docs/policy.md).
     *
     * @param hostFunctions such as {@code wasmbox:kv/get} or {@code wasmbox:log/*}
     * @param keyValue namespace to {@code read} or {@code read-write}
     * @param config entries the plugin may read with {@code wasmbox:config/get}
     * @param outbound HTTP origins the plugin may call
     * @param env environment variables the plugin sees, with literal values
     */
    public record Grants(
            @DefaultValue List<String> hostFunctions,
            @DefaultValue Map<String, String> keyValue,
            @DefaultValue Map<String, String> config,
            @DefaultValue List<Outbound> outbound,
            @DefaultValue Map<String, String> env) {}

    /**
     * An outbound HTTP grant.
     *
     * @param origin {@code scheme://host[:port]}
     * @param privateNetwork whether the host may resolve to a loopback or private address
     */
    public record Outbound(String origin, boolean privateNetwork) {}
}
