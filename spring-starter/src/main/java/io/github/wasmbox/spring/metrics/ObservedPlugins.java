/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.metrics;

import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginPool;
import io.github.wasmbox.spring.PluginDecorator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Wraps every plugin the registry hands out so that each call is an {@link Observation} (a span
 * when tracing is on). Thread-safe.
 */
public final class ObservedPlugins implements PluginDecorator {
    private static final DefaultPluginCallObservationConvention DEFAULT =
            new DefaultPluginCallObservationConvention();

    private final ObservationRegistry registry;
    private final PluginCallObservationConvention convention;

    public ObservedPlugins(
            ObservationRegistry registry, PluginCallObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = Objects.requireNonNull(convention, "convention");
    }

    @Override
    public Plugin decorate(Plugin plugin) {
        return new Observed(plugin);
    }

    private final class Observed implements Plugin {
        private final Plugin delegate;

        Observed(Plugin delegate) {
            this.delegate = delegate;
        }

        private <T> T observe(String function, Supplier<T> call) {
            PluginCallContext context = new PluginCallContext(delegate.name(), function);
            Observation observation =
                    Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                            .start();
            Observation.Scope scope = observation.openScope();
            try {
                T result = call.get();
                context.setOutcome("success");
                return result;
            } catch (RuntimeException e) {
                context.setOutcome(Outcomes.of(e));
                observation.error(e);
                throw e;
            } finally {
                scope.close();
                observation.stop();
            }
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String sha256() {
            return delegate.sha256();
        }

        @Override
        public PluginPolicy policy() {
            return delegate.policy();
        }

        @Override
        public AuditReport auditReport() {
            return delegate.auditReport();
        }

        @Override
        public Set<String> functions() {
            return delegate.functions();
        }

        @Override
        public byte[] call(String function, byte[] input) {
            return observe(function, () -> delegate.call(function, input));
        }

        @Override
        public Object call(String function, Object input, Type resultType) {
            return observe(function, () -> delegate.call(function, input, resultType));
        }

        @Override
        public PayloadCodec codec() {
            return delegate.codec();
        }

        @Override
        public PluginPool pool() {
            return delegate.pool();
        }

        @Override
        public CallResult invoke(String function, byte[] input) {
            return observe(function, () -> delegate.invoke(function, input));
        }

        @Override
        public CallResult invoke(String function, byte[] input, Map<String, String> attributes) {
            return observe(function, () -> delegate.invoke(function, input, attributes));
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
