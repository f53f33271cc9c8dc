package com.example.checkout.wasm;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a plugin's properties into a {@link PluginPolicy} by way of the policy file reader, so that
 * the app gets exactly the policy module's validation, units and error messages (with the key path)
 * instead of a second, looser interpretation of the same vocabulary.
 */
final class PolicyMapper {
    /** Spring binds every scalar as text; the policy reader wants counts as JSON numbers. */
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PolicyMapper() {}

    static PluginPolicy policy(
            String name, Map<String, String> defaults, WasmboxProperties.Plugin plugin) {
        Map<String, Object> limits = new LinkedHashMap<>();
        defaults.forEach((key, value) -> limits.put(key, scalar(value)));
        plugin.limits().forEach((key, value) -> limits.put(key, scalar(value)));

        WasmboxProperties.Grants grants = plugin.grants();
        Map<String, Object> grantTree = new LinkedHashMap<>();
        if (!grants.hostFunctions().isEmpty()) {
            grantTree.put("host-functions", grants.hostFunctions());
        }
        if (!grants.keyValue().isEmpty()) {
            grantTree.put("key-value", grants.keyValue());
        }
        if (!grants.config().isEmpty()) {
            grantTree.put("config", grants.config());
        }
        if (!grants.env().isEmpty()) {
            grantTree.put("env", grants.env());
        }
        if (!grants.outbound().isEmpty()) {
            List<Map<String, Object>> outbound = new ArrayList<>();
            for (WasmboxProperties.Outbound grant : grants.outbound()) {
                outbound.add(
                        Map.of(
                                "origin",
                                grant.origin(),
                                "private-network",
                                grant.privateNetwork()));
            }
            grantTree.put("outbound", outbound);
        }

        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("limits", limits);
        tree.put("grants", grantTree);
        tree.put("trap-on-denial", plugin.trapOnDenial());
        try {
            return PolicyFiles.parsePolicy(JSON.writeValueAsString(tree), PolicyFiles.Format.JSON);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "invalid policy for plugin '"
                            + name
                            + "' under "
                            + WasmboxProperties.PREFIX
                            + ".plugins."
                            + name
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Object scalar(String value) {
        return WHOLE_NUMBER.matcher(value).matches() ? Long.parseLong(value) : value;
    }
}
