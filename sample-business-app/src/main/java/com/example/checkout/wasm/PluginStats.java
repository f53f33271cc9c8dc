package com.example.checkout.wasm;

import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Records every plugin call and denial: Micrometer meters with the starter's names ({@code
 * wasmbox.plugin.calls} timer tagged {@code plugin}, {@code function}, {@code outcome}; {@code
 * wasmbox.policy.denials} counter tagged {@code plugin}, {@code capability}; fuel and memory
 * distributions) and per-plugin counters for the {@code plugins} actuator endpoint.
 *
 * <p>Thread-safe and cheap: it runs on the plugin call threads.
 */
public final class PluginStats implements PluginListener {
    private final MeterRegistry registry;
    private final Map<String, Counters> byPlugin = new ConcurrentHashMap<>();

    /** One plugin's counters. */
    static final class Counters {
        final AtomicLong calls = new AtomicLong();
        final Map<PluginEvents.Outcome, AtomicLong> outcomes =
                new EnumMap<>(PluginEvents.Outcome.class);
        final AtomicLong denials = new AtomicLong();
        final LongAccumulator fuelHighWater = new LongAccumulator(Math::max, 0);
        final LongAccumulator memoryHighWater = new LongAccumulator(Math::max, 0);
        volatile String lastFailure = "";

        Counters() {
            for (PluginEvents.Outcome outcome : PluginEvents.Outcome.values()) {
                outcomes.put(outcome, new AtomicLong());
            }
        }

        Map<String, Object> snapshot() {
            Map<String, Long> byOutcome = new LinkedHashMap<>();
            outcomes.forEach(
                    (outcome, count) -> {
                        if (count.get() > 0) {
                            byOutcome.put(tag(outcome), count.get());
                        }
                    });
            Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("calls", calls.get());
            snapshot.put("outcomes", byOutcome);
            snapshot.put("denials", denials.get());
            snapshot.put("fuelHighWater", fuelHighWater.get());
            snapshot.put("memoryHighWaterBytes", memoryHighWater.get());
            if (!lastFailure.isEmpty()) {
                snapshot.put("lastFailure", lastFailure);
            }
            return snapshot;
        }
    }

    public PluginStats(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The outcome tag: the starter's vocabulary (success, trap, timeout, fuel, ..., error). */
    static String tag(PluginEvents.Outcome outcome) {
        switch (outcome) {
            case FAILED:
            case HOST_ERROR:
                return "error";
            default:
                return outcome.name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public void onCall(PluginEvents.Call event) {
        String plugin = event.context().pluginName();
        String outcome = tag(event.outcome());
        Timer.builder("wasmbox.plugin.calls")
                .description("Plugin calls by outcome")
                .tag("plugin", plugin)
                .tag("function", event.context().functionName())
                .tag("outcome", outcome)
                .register(registry)
                .record(event.duration());
        registry.summary("wasmbox.plugin.fuel", "plugin", plugin).record(event.fuelConsumed());
        registry.summary("wasmbox.plugin.memory", "plugin", plugin).record(event.peakMemoryBytes());

        Counters counters = counters(plugin);
        counters.calls.incrementAndGet();
        counters.outcomes.get(event.outcome()).incrementAndGet();
        counters.fuelHighWater.accumulate(event.fuelConsumed());
        counters.memoryHighWater.accumulate(event.peakMemoryBytes());
        event.failure()
                .ifPresent(
                        failure ->
                                counters.lastFailure =
                                        failure.getClass().getSimpleName()
                                                + ": "
                                                + failure.getMessage());
    }

    @Override
    public void onDenied(PluginEvents.Denied event) {
        String plugin = event.context().pluginName();
        Counter.builder("wasmbox.policy.denials")
                .description("Requests a plugin's policy denied")
                .tag("plugin", plugin)
                .tag("capability", event.capability())
                .register(registry)
                .increment();
        counters(plugin).denials.incrementAndGet();
    }

    /** A snapshot of one plugin's counters. */
    Map<String, Object> snapshot(String plugin) {
        return counters(plugin).snapshot();
    }

    private Counters counters(String plugin) {
        return byPlugin.computeIfAbsent(plugin, name -> new Counters());
    }
}
