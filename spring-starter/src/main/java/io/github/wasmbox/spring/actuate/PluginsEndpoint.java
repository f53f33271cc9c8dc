/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.EnvGrant;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.spring.PluginCounters;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code plugins} endpoint: {@code GET /actuator/plugins} lists every plugin (name, state,
 * digest, limits), {@code GET /actuator/plugins/{name}} adds its grants, audit report and counters,
 * and {@code POST /actuator/plugins/{name}} reloads it from its configured location. Thread-safe;
 * every response is a snapshot.
 *
 * <p>Read-only unless the application opts in with Boot's own access control, {@code
 * management.endpoint.plugins.access=unrestricted}: a reload swaps the code serving every caller,
 * so it is not an operation to hand out by exposing the endpoint. Reading is not harmless either
 * (policies, grants, audit findings and digests describe the attack surface): expose the endpoint
 * only behind the management's authentication.
 */
@Endpoint(id = "plugins", defaultAccess = Access.READ_ONLY)
public class PluginsEndpoint {
    private final PluginRegistry registry;

    public PluginsEndpoint(PluginRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Every plugin, in configuration order. */
    @ReadOperation
    public PluginsDescriptor plugins() {
        return new PluginsDescriptor(
                registry.statuses().stream().map(PluginsEndpoint::summary).toList());
    }

    /** One plugin in detail, or null (404) when it is unknown. */
    @ReadOperation
    public @Nullable PluginDetail plugin(@Selector String name) {
        return registry.status(name).map(PluginsEndpoint::detail).orElse(null);
    }

    /**
     * Reloads a configured plugin. A reload that fails leaves the old version serving; the response
     * then carries the failure. Null (404) for an unknown plugin.
     */
    @WriteOperation
    public @Nullable ReloadResult reload(@Selector String name) {
        if (registry.definition(name).isEmpty()) {
            return null;
        }
        try {
            registry.reload(name);
            PluginStatus status = registry.status(name).orElseThrow();
            return new ReloadResult(name, true, status.sha256(), null);
        } catch (PluginException e) {
            String serving = registry.status(name).map(PluginStatus::sha256).orElse(null);
            return new ReloadResult(name, false, serving, e.getMessage());
        }
    }

    private static PluginSummary summary(PluginStatus status) {
        PluginPolicy policy = status.policy();
        return new PluginSummary(
                status.name(),
                status.state().name(),
                status.required(),
                status.location(),
                status.sha256(),
                policy == null ? null : limits(policy.limits()),
                status.failure());
    }

    private static PluginDetail detail(PluginStatus status) {
        PluginPolicy policy = status.policy();
        AuditReport audit = status.audit();
        return new PluginDetail(
                summary(status),
                policy == null ? null : policy(policy),
                policy == null
                        ? List.of()
                        : policy.hostFunctionGrants().stream().map(Object::toString).toList(),
                audit == null ? null : audit.toText(),
                audit == null
                        ? List.of()
                        : audit.findings().stream()
                                .limit(AuditReport.TEXT_FINDINGS)
                                .map(Object::toString)
                                .toList(),
                status.counters(),
                status.changedAt().toString());
    }

    private static PolicyDescriptor policy(PluginPolicy policy) {
        Map<String, String> keyValue = new LinkedHashMap<>();
        policy.keyValueNamespaces()
                .forEach((namespace, access) -> keyValue.put(namespace, access.toString()));
        return new PolicyDescriptor(
                strings(policy.hostFunctionGrants()),
                policy.env().stream().map(EnvGrant::name).toList(),
                policy.args().size(),
                policy.stdin().length,
                strings(policy.preopens()),
                policy.clock().toString(),
                policy.random().toString(),
                strings(policy.outbound()),
                keyValue,
                List.copyOf(policy.config().keySet()),
                policy.features().stream().map(WasmFeature::fileName).sorted().toList(),
                policy.trapOnDenial(),
                policy.strictManifest());
    }

    private static List<String> strings(List<?> grants) {
        return grants.stream().map(Object::toString).toList();
    }

    /** Every limit; sizes in bytes, durations in one form (milliseconds, as {@code 250ms}). */
    private static Map<String, Object> limits(Limits limits) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fuel", limits.fuel());
        map.put("instantiationFuel", limits.instantiationFuel());
        map.put("maxMemoryBytes", limits.maxMemoryBytes());
        map.put("maxTableElements", limits.maxTableElements());
        map.put("timeout", DurationStyle.SIMPLE.print(limits.timeout(), ChronoUnit.MILLIS));
        map.put("stackSizeBytes", limits.stackSizeBytes());
        map.put("maxInputBytes", limits.maxInputBytes());
        map.put("maxOutputBytes", limits.maxOutputBytes());
        map.put("maxLogBytes", limits.maxLogBytes());
        map.put("maxHostResultBytes", limits.maxHostResultBytes());
        map.put("maxStdoutBytes", limits.maxStdoutBytes());
        map.put("maxStderrBytes", limits.maxStderrBytes());
        map.put("maxOpenFiles", limits.maxOpenFiles());
        map.put("maxBytesWritten", limits.maxBytesWritten());
        map.put("poolSize", limits.poolSize());
        map.put(
                "acquireTimeout",
                DurationStyle.SIMPLE.print(limits.acquireTimeout(), ChronoUnit.MILLIS));
        map.put("stateMode", limits.stateMode().name());
        return map;
    }

    /** The list response. */
    public record PluginsDescriptor(List<PluginSummary> plugins) {}

    /** One plugin in the list. */
    public record PluginSummary(
            String name,
            String state,
            boolean required,
            String location,
            @Nullable String sha256,
            @Nullable Map<String, Object> limits,
            @Nullable String failure) {}

    /**
     * A policy: the grants by kind (environment variables and config entries by name only, args and
     * stdin by size: their values may be secrets) and every limit.
     */
    public record PolicyDescriptor(
            List<String> hostFunctions,
            List<String> env,
            int args,
            int stdinBytes,
            List<String> preopens,
            String clock,
            String random,
            List<String> outbound,
            Map<String, String> keyValue,
            List<String> config,
            List<String> features,
            boolean trapOnDenial,
            boolean strictManifest) {}

    /** One plugin in detail. */
    public record PluginDetail(
            PluginSummary plugin,
            @Nullable PolicyDescriptor policy,
            List<String> hostFunctionGrants,
            @Nullable String audit,
            List<String> findings,
            PluginCounters counters,
            String changedAt) {}

    /** The outcome of a reload. */
    public record ReloadResult(
            String name, boolean reloaded, @Nullable String sha256, @Nullable String failure) {}
}
