/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.actuate;

import io.github.wasmbox.sandbox.MemoryBudget;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.spring.PluginCounters;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.PluginRollouts;
import io.github.wasmbox.spring.PluginStatus;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health {@code plugins}:
 *
 * <ul>
 *   <li>DOWN when a required plugin does not serve;
 *   <li>otherwise OUT_OF_SERVICE while plugin calls fail for host reasons: over the recent window
 *       ({@link RecentCallOutcomes}), the share of all calls that ended with a watched outcome
 *       (such as {@code busy}) is above its threshold, once at least {@code minimumCalls} calls
 *       ended; or the runtime's {@link MemoryBudget} refused memory within the window. The plugins
 *       serve, but this instance cannot keep up: a load balancer should send the traffic elsewhere
 *       until the window shows it recovered;
 *   <li>otherwise UP.
 * </ul>
 *
 * Each plugin appears in the details as UP or DOWN with its digest or failure, so an optional
 * plugin that failed to load is visible without taking the application out of rotation. A plugin
 * whose versions follow a source ({@link PluginRollouts}, such as an OCI tag) also shows its {@code
 * rollout}: the source, its state, the version served, the last check and why. A rollout's trouble
 * — the registry unavailable, a new version refused or rolled back — leaves the health UP: the
 * plugin serves the version it has, and taking the instance out of rotation would not serve a newer
 * one; the details say so. The detail {@value #RECENT_CALLS} (a name no plugin can have) shows the
 * window's calls, the rate of each watched outcome, its threshold, and which are over it; the
 * detail {@value #MEMORY_BUDGET} the budget, what is reserved, the worst case of the loaded plugins
 * and the refusals. Thread-safe.
 */
public class PluginsHealthIndicator implements HealthIndicator {
    /** The detail with the recent calls. */
    public static final String RECENT_CALLS = "recent calls";

    /** The detail with the memory budget. */
    public static final String MEMORY_BUDGET = "memory budget";

    private final PluginRegistry registry;
    private final RecentCallOutcomes recent;
    private final Map<PluginEvents.Outcome, Double> maxFailureRate;
    private final int minimumCalls;
    private final MemoryBudget budget;
    private final PluginRollouts rollouts;
    private long refusalsSeen; // guarded by this
    private long lastRefusalNanos; // guarded by this; when refusalsSeen last grew
    private boolean refusedYet; // guarded by this

    /**
     * @param registry the plugins
     * @param recent the recent calls
     * @param maxFailureRate per watched outcome, the share of calls (0 to 1) above which the health
     *     is OUT_OF_SERVICE
     * @param minimumCalls the fewest calls in the window for the rates to count
     * @param budget the runtime's memory budget
     * @param rollouts the plugins that follow a source
     */
    public PluginsHealthIndicator(
            PluginRegistry registry,
            RecentCallOutcomes recent,
            Map<PluginEvents.Outcome, Double> maxFailureRate,
            int minimumCalls,
            MemoryBudget budget,
            PluginRollouts rollouts) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.rollouts = Objects.requireNonNull(rollouts, "rollouts");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.maxFailureRate = new EnumMap<>(PluginEvents.Outcome.class);
        maxFailureRate.forEach(
                (outcome, rate) -> {
                    if (!(rate > 0 && rate <= 1)) {
                        throw new IllegalArgumentException(
                                "the failure rate for outcome "
                                        + PluginCounters.key(outcome)
                                        + " must be above 0 and at most 1, not "
                                        + rate);
                    }
                    this.maxFailureRate.put(outcome, rate);
                });
        if (minimumCalls < 1) {
            throw new IllegalArgumentException(
                    "the minimum number of calls must be at least 1, not " + minimumCalls);
        }
        this.minimumCalls = minimumCalls;
    }

    @Override
    public Health health() {
        boolean down = false;
        Health.Builder builder = Health.up();
        for (PluginStatus status : registry.statuses()) {
            boolean serving = status.state() == PluginStatus.State.LOADED;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", serving ? Status.UP.getCode() : Status.DOWN.getCode());
            detail.put("required", status.required());
            if (status.sha256() != null) {
                detail.put("sha256", status.sha256());
            }
            if (status.failure() != null) {
                detail.put("failure", status.failure());
            }
            rollouts.rollout(status.name()).ifPresent(r -> detail.put("rollout", rollout(r)));
            builder.withDetail(status.name(), detail);
            down |= status.required() && !serving;
        }
        boolean saturated = recentCalls(builder);
        boolean refusing = memoryBudget(builder);
        if (down) {
            return builder.down().build();
        }
        return saturated || refusing ? builder.outOfService().build() : builder.build();
    }

    private static Map<String, Object> rollout(PluginRollouts.Status rollout) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("source", rollout.source());
        detail.put("state", rollout.state());
        if (rollout.serving() != null) {
            detail.put("serving", rollout.serving());
        }
        if (rollout.checked() != null) {
            detail.put("lastCheck", rollout.checked().toString());
        }
        if (rollout.detail() != null) {
            detail.put("detail", rollout.detail());
        }
        return detail;
    }

    /** Adds the memory budget to the details; whether it refused memory within the window. */
    private boolean memoryBudget(Health.Builder builder) {
        long refusals = budget.refusals();
        long now = System.nanoTime();
        boolean refusing;
        synchronized (this) {
            if (refusals > refusalsSeen) {
                refusalsSeen = refusals;
                lastRefusalNanos = now;
                refusedYet = true;
            }
            refusing = refusedYet && now - lastRefusalNanos < recent.window().toNanos();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("limitBytes", budget.limitBytes());
        detail.put("reservedBytes", budget.reservedBytes());
        detail.put("worstCaseBytes", budget.worstCaseBytes());
        detail.put("refusals", refusals);
        detail.put("refusing", refusing);
        builder.withDetail(MEMORY_BUDGET, detail);
        return refusing;
    }

    /** Adds the recent calls to the details; whether a watched outcome is over its threshold. */
    private boolean recentCalls(Health.Builder builder) {
        RecentCallOutcomes.Snapshot snapshot = recent.snapshot();
        boolean counted = snapshot.calls() >= minimumCalls;
        boolean over = false;
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (Map.Entry<PluginEvents.Outcome, Double> watched : maxFailureRate.entrySet()) {
            double rate = snapshot.rate(watched.getKey());
            boolean exceeded = counted && rate > watched.getValue();
            over |= exceeded;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("rate", rate);
            detail.put("maxRate", watched.getValue());
            detail.put("exceeded", exceeded);
            outcomes.put(PluginCounters.key(watched.getKey()), detail);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("calls", snapshot.calls());
        detail.put("minimumCalls", minimumCalls);
        detail.put("window", recent.window().toString());
        detail.put("outcomes", outcomes);
        builder.withDetail(RECENT_CALLS, detail);
        return over;
    }
}
