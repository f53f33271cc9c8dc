/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import io.github.wasmbox.policy.HostFunctionGrant;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.OutboundGrant;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.sandbox.spi.Abi;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Proposes a least-privilege policy from recorded calls: the capability functions the calls used,
 * the key-value namespaces (read, or read-write when they wrote), the HTTP origins and the config
 * keys they used, and limits at the observed peak of the calls that succeeded plus headroom:
 *
 * <ul>
 *   <li>fuel: the most any call used, {@value #FUEL_HEADROOM_PERCENT} % more;
 *   <li>max-memory: twice the largest instance memory, in whole 64 KiB pages;
 *   <li>max-output: twice the largest output, at least 1 KiB;
 *   <li>timeout: four times the longest call, at least 10 ms.
 * </ul>
 *
 * <p>Given the current policy, it also lists the grants no recorded call used. The proposal is as
 * good as the traffic: a capability that rare calls need and the records do not hold is missing
 * from it, so review it, and record enough calls, before adopting it. The environment and files
 * (WASI) are not proposed; the YAML notes when calls read them. Stateless and thread-safe.
 */
public final class PolicyLearner {
    /** Fuel headroom over the observed peak, in percent. */
    public static final int FUEL_HEADROOM_PERCENT = 50;

    /** Memory and output headroom: the observed peak times this. */
    public static final int SIZE_FACTOR = 2;

    /** Timeout headroom: the longest observed call times this. */
    public static final int TIME_FACTOR = 4;

    private static final long PAGE = 65_536;
    private static final int MIN_OUTPUT = 1024;
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final String MASKED_VALUE = "CHANGE-ME";
    private static final YAMLMapper YAML =
            YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

    private PolicyLearner() {}

    /**
     * The policy {@code records} need.
     *
     * @param records calls of one plugin
     * @param current the plugin's policy now, to flag unused grants and to keep its key-value
     *     quotas, outbound private-network flags and config values; null if there is none
     * @throws IllegalArgumentException if {@code records} is empty or holds more than one plugin
     */
    public static LearnedPolicy learn(
            Collection<CallRecord> records, @Nullable PluginPolicy current) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no call records to learn from");
        }
        Set<String> plugins = new TreeSet<>();
        records.forEach(r -> plugins.add(r.plugin()));
        if (plugins.size() > 1) {
            throw new IllegalArgumentException(
                    "call records of several plugins " + plugins + "; learn one plugin at a time");
        }
        Usage usage = Usage.of(records);
        Map<String, Object> limits = limits(records);
        Map<String, Object> grants = grants(usage, current);
        Map<String, Object> file = new LinkedHashMap<>();
        if (!limits.isEmpty()) {
            file.put("limits", limits);
        }
        file.put("grants", grants);
        long succeeded = records.stream().filter(CallRecord::succeeded).count();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Learned by wasmbox from ")
                .append(records.size())
                .append(" recorded calls of plugin '")
                .append(plugins.iterator().next())
                .append("' (")
                .append(succeeded)
                .append(" succeeded).\n")
                .append("# Limits: the peak of the calls that succeeded, fuel +")
                .append(FUEL_HEADROOM_PERCENT)
                .append(" %, memory and output x")
                .append(SIZE_FACTOR)
                .append(", timeout x")
                .append(TIME_FACTOR)
                .append(".\n");
        if (usage.environment) {
            yaml.append(
                    "# The calls read their environment (WASI): keep the env grants they need.\n");
        }
        if (usage.files) {
            yaml.append("# The calls used files (WASI): keep the preopens they need.\n");
        }
        if (usage.masked) {
            yaml.append("# Some config values were masked in the records: set them.\n");
        }
        yaml.append(YAML.writeValueAsString(file));
        String text = yaml.toString();
        PluginPolicy policy = PolicyFiles.parsePolicy(text, PolicyFiles.Format.YAML);
        return new LearnedPolicy(
                records.size(), text, policy, current == null ? List.of() : unused(usage, current));
    }

    private static Map<String, Object> limits(Collection<CallRecord> records) {
        long fuel = 0;
        long memory = 0;
        long output = 0;
        long nanos = 0;
        boolean any = false;
        for (CallRecord record : records) {
            if (!record.succeeded()) {
                continue;
            }
            any = true;
            fuel = Math.max(fuel, record.fuel());
            memory = Math.max(memory, record.peakMemoryBytes());
            output = Math.max(output, record.output().length);
            nanos = Math.max(nanos, record.durationNanos());
        }
        Map<String, Object> limits = new LinkedHashMap<>();
        if (!any) {
            return limits;
        }
        limits.put("fuel", Math.max(1, fuel + fuel * FUEL_HEADROOM_PERCENT / 100));
        limits.put("max-memory", Math.max(PAGE, ceilPages(memory * SIZE_FACTOR)));
        limits.put("max-output", Math.max(MIN_OUTPUT, output * SIZE_FACTOR));
        long millis = Duration.ofNanos(nanos * TIME_FACTOR).toMillis() + 1;
        limits.put("timeout", Math.max(MIN_TIMEOUT.toMillis(), millis) + "ms");
        return limits;
    }

    private static long ceilPages(long bytes) {
        return (bytes + PAGE - 1) / PAGE * PAGE;
    }

    private static Map<String, Object> grants(Usage usage, @Nullable PluginPolicy current) {
        Map<String, Object> grants = new LinkedHashMap<>();
        grants.put("host-functions", List.copyOf(usage.functions));
        if (!usage.namespaces.isEmpty()) {
            Map<String, Object> kv = new TreeMap<>();
            usage.namespaces.forEach(
                    (namespace, write) -> {
                        KeyValueAccess now =
                                current == null
                                        ? null
                                        : current.keyValueNamespaces().get(namespace);
                        if (!write) {
                            kv.put(namespace, "read");
                        } else if (now != null && now.allowsWrite()) {
                            Map<String, Object> quota = new LinkedHashMap<>();
                            quota.put("access", "read-write");
                            quota.put("max-entries", now.quota().maxEntries());
                            quota.put("max-bytes", now.quota().maxBytes());
                            kv.put(namespace, quota);
                        } else {
                            kv.put(namespace, "read-write");
                        }
                    });
            grants.put("key-value", kv);
        }
        if (!usage.origins.isEmpty()) {
            List<Object> outbound = new ArrayList<>();
            for (String origin : usage.origins) {
                boolean privateNetwork =
                        current != null
                                && current.outbound().stream()
                                        .anyMatch(
                                                g ->
                                                        g.allowsPrivateNetwork()
                                                                && g.matches(URI.create(origin)));
                outbound.add(
                        privateNetwork
                                ? Map.of("origin", origin, "private-network", true)
                                : origin);
            }
            grants.put("outbound", outbound);
        }
        if (!usage.config.isEmpty()) {
            Map<String, Object> config = new TreeMap<>();
            usage.config.forEach(
                    (key, recorded) -> {
                        String now = current == null ? null : current.config().get(key);
                        config.put(
                                key,
                                now != null ? now : recorded == null ? MASKED_VALUE : recorded);
                    });
            grants.put("config", config);
        }
        return grants;
    }

    private static List<String> unused(Usage usage, PluginPolicy current) {
        List<String> unused = new ArrayList<>();
        for (HostFunctionGrant grant : current.hostFunctionGrants()) {
            boolean used =
                    usage.functions.stream()
                            .anyMatch(
                                    f -> {
                                        int slash = f.lastIndexOf('/');
                                        return grant.matches(
                                                f.substring(0, slash), f.substring(slash + 1));
                                    });
            if (!used) {
                unused.add("host-functions: " + grant);
            }
        }
        current.keyValueNamespaces()
                .forEach(
                        (namespace, access) -> {
                            Boolean write = usage.namespaces.get(namespace);
                            if (write == null) {
                                unused.add("key-value: " + namespace);
                            } else if (access.allowsWrite() && !write) {
                                unused.add("key-value: " + namespace + " (write)");
                            }
                        });
        for (OutboundGrant grant : current.outbound()) {
            boolean used = usage.origins.stream().anyMatch(o -> grant.matches(URI.create(o)));
            if (!used) {
                unused.add("outbound: " + grant);
            }
        }
        current.config().keySet().stream()
                .filter(key -> !usage.config.containsKey(key))
                .sorted()
                .forEach(key -> unused.add("config: " + key));
        if (!current.env().isEmpty() && !usage.environment) {
            current.env().forEach(env -> unused.add("env: " + env.name()));
        }
        if (!current.preopens().isEmpty() && !usage.files) {
            current.preopens().forEach(p -> unused.add("preopens: " + p));
        }
        return unused;
    }

    /** What the recorded calls used. */
    private static final class Usage {
        final Set<String> functions = new TreeSet<>();

        /** Namespace → whether a call wrote it. */
        final Map<String, Boolean> namespaces = new TreeMap<>();

        final Set<String> origins = new TreeSet<>();

        /** Key → its recorded value, null when masked. */
        final Map<String, @Nullable String> config = new TreeMap<>();

        boolean environment;
        boolean files;
        boolean masked;

        static Usage of(Collection<CallRecord> records) {
            Usage usage = new Usage();
            for (CallRecord record : records) {
                for (HostAnswer answer : record.answers()) {
                    usage.add(answer);
                }
            }
            return usage;
        }

        private void add(HostAnswer answer) {
            String function = answer.function();
            if (answer.module().startsWith(Abi.CAPABILITY_PREFIX)) {
                functions.add(function);
            } else if (function.startsWith(Abi.WASI_MODULE + "/environ")) {
                environment = true;
            } else if (function.startsWith(Abi.WASI_MODULE + "/path_")) {
                files = true;
            }
            String name = function.substring(function.lastIndexOf('/') + 1);
            for (HostAnswer.Grant grant : answer.grants()) {
                switch (grant.capability()) {
                    case "kv":
                        namespaces.merge(
                                grant.target(),
                                name.equals("put") || name.equals("delete"),
                                Boolean::logicalOr);
                        break;
                    case "http":
                        origins.add(grant.target());
                        break;
                    case "config":
                        String value =
                                answer.masked() || answer.pending() == null
                                        ? null
                                        : new String(answer.pending(), StandardCharsets.UTF_8);
                        masked |= value == null;
                        if (config.get(grant.target()) == null) {
                            config.put(grant.target(), value); // a masked answer is null
                        }
                        break;
                    default:
                        break;
                }
            }
        }
    }
}
