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
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.LearnedPolicy;
import io.github.wasmbox.sandbox.record.PolicyLearner;
import io.github.wasmbox.spring.PluginCounters;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * {@code GET /actuator/plugins/{name}/learned-policy} proposes a least-privilege policy from the
 * plugin's recorded calls ({@link PolicyLearner}), and {@code POST /actuator/plugins/{name}}
 * reloads it from its configured location. Thread-safe; every response is a snapshot.
 *
 * <p>Read-only unless the application opts in with Boot's own access control, {@code
 * management.endpoint.plugins.access=unrestricted}: a reload swaps the code serving every caller,
 * so it is not an operation to hand out by exposing the endpoint. Reading is not harmless either
 * (policies, grants, audit findings and digests describe the attack surface): expose the endpoint
 * only behind the management's authentication.
 */
@Endpoint(id = "plugins", defaultAccess = Access.READ_ONLY)
public class PluginsEndpoint {
    /** The second path segment of the learn operation. */
    public static final String LEARNED_POLICY = "learned-policy";

    /** What the proposal shows for every config value: the endpoint never reveals one. */
    static final String HIDDEN_CONFIG_VALUE = "CHANGE-ME";

    private final PluginRegistry registry;
    private final Map<String, RecordFile> records;

    /** An endpoint for plugins none of which is recorded. */
    public PluginsEndpoint(PluginRegistry registry) {
        this(registry, Map.of());
    }

    /**
     * @param records the record file of each recorded plugin, by plugin name
     */
    public PluginsEndpoint(PluginRegistry registry, Map<String, RecordFile> records) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.records = Map.copyOf(records);
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

    /**
     * The least-privilege policy the plugin's recorded calls need, learned with its current policy
     * (to list the grants no call used). Config values in the proposal read {@value
     * #HIDDEN_CONFIG_VALUE}: they may be secrets. Null (404) for an unknown plugin or a second
     * segment other than {@value #LEARNED_POLICY}.
     *
     * @throws NotLearnableException if the plugin is not recorded, has no records yet, or its
     *     record file is over its bound or unreadable
     */
    @ReadOperation
    public @Nullable LearnedPolicyDescriptor learnedPolicy(
            @Selector String name, @Selector String operation) {
        if (!LEARNED_POLICY.equals(operation) || registry.definition(name).isEmpty()) {
            return null;
        }
        RecordFile recordFile = records.get(name);
        if (recordFile == null) {
            throw new NotLearnableException(
                    "plugin '"
                            + name
                            + "' is not recorded: set wasmbox.plugins."
                            + name
                            + ".record.directory to record its calls, then call it");
        }
        List<CallRecord> calls = read(name, recordFile);
        if (calls.isEmpty()) {
            throw new NotLearnableException(
                    "plugin '"
                            + name
                            + "' has no recorded calls yet in "
                            + recordFile.file()
                            + ": call it first");
        }
        PluginPolicy current = registry.status(name).map(PluginStatus::policy).orElse(null);
        LearnedPolicy learned;
        try {
            learned = PolicyLearner.learn(calls, current == null ? null : hidingConfig(current));
        } catch (IllegalArgumentException e) {
            throw new NotLearnableException(recordFile.file() + ": " + e.getMessage());
        }
        return new LearnedPolicyDescriptor(
                name, learned.calls(), learned.yaml(), learned.unusedGrants());
    }

    private static List<CallRecord> read(String name, RecordFile recordFile) {
        Path file = recordFile.file();
        try {
            long size = Files.size(file);
            if (size > recordFile.maxBytes()) {
                throw new NotLearnableException(
                        file
                                + " holds "
                                + size
                                + " bytes, more than the "
                                + recordFile.maxBytes()
                                + " this endpoint reads (records of earlier runs are appended):"
                                + " learn from it with `wasmbox learn`, or move it away and record"
                                + " again");
            }
            return CallRecord.readAll(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new NotLearnableException(
                    "cannot read the records of plugin '" + name + "': " + e.getMessage());
        }
    }

    private static PluginPolicy hidingConfig(PluginPolicy policy) {
        PluginPolicy.Builder builder = policy.toBuilder();
        policy.config().keySet().forEach(key -> builder.config(key, HIDDEN_CONFIG_VALUE));
        return builder.build();
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
        map.put("quarantineAfter", limits.quarantineAfter());
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

    /**
     * Where a recorded plugin's calls are, and how many bytes of them the endpoint reads at most.
     *
     * @param file the plugin's JSON-lines record file
     * @param maxBytes a larger file is refused rather than read
     */
    public record RecordFile(Path file, long maxBytes) {
        public RecordFile {
            Objects.requireNonNull(file, "file");
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
            }
        }
    }

    /**
     * A policy learned from recorded calls.
     *
     * @param name the plugin
     * @param calls how many records it was learned from
     * @param policy the proposal, a single-policy YAML file
     * @param unusedGrants grants of the current policy no recorded call used
     */
    public record LearnedPolicyDescriptor(
            String name, int calls, String policy, List<String> unusedGrants) {}

    /** The plugin exists but there is nothing to learn from; the message says what to change. */
    public static final class NotLearnableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotLearnableException(String message) {
            super(message);
        }
    }

    /** The outcome of a reload. */
    public record ReloadResult(
            String name, boolean reloaded, @Nullable String sha256, @Nullable String failure) {}
}
