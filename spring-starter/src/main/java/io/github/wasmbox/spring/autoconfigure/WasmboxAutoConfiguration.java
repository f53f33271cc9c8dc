/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.oci.OciRollout;
import io.github.wasmbox.oci.ProbationListener;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginListener;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.TrustedKeys;
import io.github.wasmbox.sandbox.record.RecordSink;
import io.github.wasmbox.sandbox.record.Recording;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import io.github.wasmbox.spring.PluginCallStatistics;
import io.github.wasmbox.spring.PluginCustomizer;
import io.github.wasmbox.spring.PluginDecorator;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.oci.OciLocations;
import io.github.wasmbox.spring.oci.OciPlugins;
import io.github.wasmbox.spring.proxy.WasmPluginScanRegistrar;
import io.github.wasmbox.spring.reload.PluginFileWatcher;
import io.github.wasmbox.spring.web.PluginProblemDetails;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.unit.DataSize;

/**
 * Auto-configures wasmbox: a {@link PluginRuntime} linking every host-function capability bean, a
 * {@link PluginRegistry} that loads the plugins of {@code wasmbox.plugins.*} at start-up, proxies
 * for {@link io.github.wasmbox.spring.WasmPlugin} interfaces and, when {@code
 * wasmbox.reload.enabled} is true, a file watcher. Every bean backs off when the application
 * defines its own.
 *
 * <p>Host functions reach a plugin only through its policy: every capability bean is linked into
 * the runtime, and the load-time audit refuses any import the plugin's grants do not cover.
 *
 * <p>The registry loads every configured plugin when the context starts, in its lifecycle phase
 * ({@link PluginRegistry#LIFECYCLE_PHASE}), after an embedded web server has started: placeholders
 * in inline policies are resolved then, so a grant may name {@code
 * http://127.0.0.1:${local.server.port}}. A required plugin that does not load fails start-up
 * (reported by {@link WasmboxFailureAnalyzer}).
 */
@AutoConfiguration
@EnableConfigurationProperties(WasmboxProperties.class)
@Import(WasmPluginScanRegistrar.class)
public class WasmboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PayloadCodec wasmboxPayloadCodec() {
        return PayloadCodec.json();
    }

    @Bean
    @ConditionalOnMissingBean
    PluginCallStatistics wasmboxPluginCallStatistics() {
        return new PluginCallStatistics();
    }

    @Bean
    @ConditionalOnMissingBean
    TrustedKeys wasmboxTrustedKeys(WasmboxProperties properties, ResourceLoader resources) {
        List<String> keys = new ArrayList<>();
        for (String key : properties.getTrustedKeys()) {
            keys.add(keyText(key, resources));
        }
        try {
            return TrustedKeys.parse(keys.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new InvalidWasmboxPropertyException(
                    "wasmbox.trusted-keys",
                    "a trusted key is not valid: " + e.getMessage(),
                    "Give each key as a PEM 'PUBLIC KEY' block, 64 hex digits, or the location of"
                            + " a PEM file (classpath: or file:).",
                    e);
        }
    }

    /** An entry that is neither PEM nor hex is the location of a PEM file. */
    private static String keyText(String key, ResourceLoader resources) {
        String text = key.strip();
        if (text.startsWith("-----BEGIN") || text.matches("[0-9a-fA-F]{64}")) {
            return text;
        }
        Resource resource = resources.getResource(text);
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidWasmboxPropertyException(
                    "wasmbox.trusted-keys",
                    "cannot read trusted key " + resource.getDescription() + ": " + e.getMessage(),
                    "Point wasmbox.trusted-keys at a readable PEM file, or give the key inline.",
                    e);
        }
    }

    /**
     * {@code wasmbox.plugins.<name>.record.*}: records the plugin's calls once a directory is set.
     */
    private static void record(
            PluginRuntime.Builder builder, String name, WasmboxProperties.Record record) {
        if (record.getDirectory() == null) {
            return;
        }
        try {
            Recording.Builder recording =
                    Recording.to(RecordSink.jsonLines(record.getDirectory()))
                            .sampleRate(record.getSampleRate())
                            .failedOnly(record.isFailedOnly())
                            .maxRecordBytes(Math.toIntExact(record.getMaxRecordSize().toBytes()))
                            .maxPluginBytes(record.getMaxPluginSize().toBytes());
            if (record.isMaskConfig()) {
                recording.redact(r -> r.masking(f -> f.equals("wasmbox:config/get"), "***"));
            }
            builder.record(name, recording.build());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidWasmboxPropertyException(
                    "wasmbox.plugins." + name + ".record",
                    e.getMessage(),
                    "Set sample-rate between 0 and 1, and max-record-size and max-plugin-size"
                            + " between 1KB and 2GB.",
                    e);
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    PluginRuntime wasmboxPluginRuntime(
            WasmboxProperties properties,
            TrustedKeys trustedKeys,
            PayloadCodec codec,
            ListableBeanFactory beans,
            ObjectProvider<HostFunctionProvider> providers,
            ObjectProvider<PluginListener> listeners) {
        PluginRuntime.Builder builder =
                PluginRuntime.builder()
                        .trustedKeys(trustedKeys)
                        .require(properties.getPins().getRequired())
                        .unpinnedWarnOnly(properties.getPins().isWarnOnly())
                        .strictMemoryBudget(properties.getMemoryBudget().isStrict())
                        .codec(codec);
        Boolean callerThreadCalls = properties.getCallerThreadCalls();
        if (callerThreadCalls != null) {
            builder.callerThreadCalls(callerThreadCalls);
        }
        DataSize memoryBudget = properties.getMemoryBudget().getLimit();
        if (memoryBudget != null) {
            try {
                builder.memoryBudget(memoryBudget.toBytes());
            } catch (IllegalArgumentException e) {
                throw new InvalidWasmboxPropertyException(
                        "wasmbox.memory-budget.limit",
                        e.getMessage(),
                        "Set wasmbox.memory-budget.limit to at least 64KB, or remove it to take a"
                                + " quarter of the maximum heap.",
                        e);
            }
        }
        load(builder, properties.getLoad());
        properties
                .getPlugins()
                .forEach((name, plugin) -> record(builder, name, plugin.getRecord()));
        if (properties.getCompileCacheDirectory() != null) {
            try {
                builder.compileCacheDirectory(properties.getCompileCacheDirectory());
            } catch (IllegalArgumentException e) {
                throw new InvalidWasmboxPropertyException(
                        "wasmbox.compile-cache-directory",
                        e.getMessage(),
                        "Point wasmbox.compile-cache-directory at a directory only the"
                                + " application's user owns and can write, inside directories"
                                + " only root or that user can write (or sticky ones like /tmp),"
                                + " or remove the property.",
                        e);
            }
        }
        List<Object> modules = hostModules(beans);
        if (!modules.isEmpty()) {
            builder.hostModules(HostModules.of(modules.toArray()));
        }
        providers.orderedStream().forEach(builder::hostModules);
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    /** Sets the {@code wasmbox.load.*} that are set; the runtime checks their ranges. */
    private static void load(PluginRuntime.Builder builder, WasmboxProperties.Load load) {
        PropertyMapper map = PropertyMapper.get();
        try {
            map.from(load.getMaxModuleSize()).as(DataSize::toBytes).to(builder::maxModuleBytes);
            map.from(load.getMaxModuleFunctions()).to(builder::maxModuleFunctions);
            map.from(load.getMaxModuleCodeSize())
                    .as(size -> (int) Math.min(size.toBytes(), Integer.MAX_VALUE))
                    .to(builder::maxModuleCodeBytes);
            map.from(load.getTimeout()).to(builder::loadTimeout);
        } catch (IllegalArgumentException e) {
            throw new InvalidWasmboxPropertyException(
                    "wasmbox.load",
                    "a wasmbox.load setting is out of range: " + e.getMessage(),
                    "Give wasmbox.load.* positive values (sizes such as 64MB, a timeout such as"
                            + " 60s).",
                    e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    PluginRegistry wasmboxPluginRegistry(
            WasmboxProperties properties,
            Environment environment,
            PluginRuntime runtime,
            ObjectProvider<PluginCustomizer> customizers,
            ObjectProvider<PluginDecorator> decorators,
            PluginCallStatistics statistics,
            ApplicationEventPublisher events,
            ObjectProvider<OciLocations> oci) {
        PropertyNames.check(environment);
        // Checked here, so that a bad default is not blamed on the first plugin that uses it.
        properties.getDefaults().applyTo(Limits.builder(), "wasmbox.defaults.");
        return new PluginRegistry(
                runtime,
                PluginDefinitions.of(properties, environment, oci.getIfAvailable()),
                customizers.orderedStream().toList(),
                decorators.orderedStream().toList(),
                statistics,
                events);
    }

    /**
     * Every {@code @HostModule} bean; one behind an AOP proxy is bound through its target. An
     * application's own module replaces the built-in capability of the same import module (an app
     * may bring its own {@code wasmbox:kv}, say), so one import name never has two providers.
     */
    private static List<Object> hostModules(ListableBeanFactory beans) {
        List<Object> modules = new ArrayList<>();
        for (String name : beans.getBeanNamesForAnnotation(HostModule.class)) {
            Object bean = beans.getBean(name);
            Object target =
                    AopUtils.isAopProxy(bean) ? AopProxyUtils.getSingletonTarget(bean) : bean;
            modules.add(target == null ? bean : target);
        }
        Set<String> appModules = new HashSet<>();
        for (Object module : modules) {
            if (!isBuiltIn(module)) {
                appModules.add(moduleName(module));
            }
        }
        modules.removeIf(module -> isBuiltIn(module) && appModules.contains(moduleName(module)));
        return modules;
    }

    private static boolean isBuiltIn(Object module) {
        return module.getClass().getPackageName().startsWith("io.github.wasmbox.host.");
    }

    private static String moduleName(Object module) {
        HostModule annotation = AnnotationUtils.findAnnotation(module.getClass(), HostModule.class);
        return annotation == null ? "" : annotation.value();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("wasmbox.reload.enabled")
    PluginFileWatcher wasmboxPluginFileWatcher(
            PluginRegistry registry, WasmboxProperties properties) {
        return new PluginFileWatcher(registry, properties.getReload().getInterval());
    }

    /**
     * Plugins at {@code oci://} locations, when {@code wasmbox-oci} is on the class path: the
     * registries of {@code wasmbox.oci.*}, the poller that follows tags, and the listener that
     * counts a new version's calls on probation (linked into the runtime like every {@link
     * PluginListener} bean).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.github.wasmbox.oci.OciRegistry")
    static class Oci {

        @Bean
        @ConditionalOnMissingBean
        ProbationListener wasmboxOciProbationListener() {
            return new ProbationListener();
        }

        @Bean
        @ConditionalOnMissingBean(OciLocations.class)
        OciPlugins wasmboxOciPlugins(
                WasmboxProperties properties,
                TrustedKeys trustedKeys,
                ProbationListener calls,
                ObjectProvider<PluginRegistry> registry) {
            WasmboxProperties.Oci oci = properties.getOci();
            WasmboxProperties.Probation probation = oci.getProbation();
            OciRollout.Probation judged = null;
            if (probation.isEnabled()) {
                try {
                    judged =
                            new OciRollout.Probation(
                                    probation.getCalls(), probation.getMaxFailureRate());
                } catch (IllegalArgumentException e) {
                    throw new InvalidWasmboxPropertyException(
                            "wasmbox.oci.probation",
                            e.getMessage(),
                            "Set wasmbox.oci.probation.calls to at least 1 and max-failure-rate"
                                    + " between 0 and 1 (1 excluded), or set enabled to false.",
                            e);
                }
            }
            OciPlugins.Settings settings;
            try {
                settings =
                        new OciPlugins.Settings(
                                oci.getDockerConfig(),
                                Set.copyOf(oci.getPlainHttp()),
                                oci.getTimeout(),
                                oci.getPollInterval(),
                                properties.getLoad().maxModuleBytes(),
                                judged);
            } catch (IllegalArgumentException e) {
                throw new InvalidWasmboxPropertyException(
                        "wasmbox.oci.poll-interval",
                        e.getMessage(),
                        "Set wasmbox.oci.poll-interval to a positive duration, such as 30s.",
                        e);
            }
            PinRequirement digests =
                    properties.getPins().isWarnOnly()
                            ? PinRequirement.NONE
                            : properties.getPins().getRequired();
            return new OciPlugins(settings, trustedKeys, digests, calls, registry);
        }
    }

    /**
     * Failed plugin calls as problem details, when the application opts in ({@code
     * wasmbox.web.problem-details.enabled}) in a servlet web application.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestControllerAdvice")
    @ConditionalOnBooleanProperty("wasmbox.web.problem-details.enabled")
    static class ProblemDetails {

        @Bean
        @ConditionalOnMissingBean
        PluginProblemDetails wasmboxPluginProblemDetails() {
            return new PluginProblemDetails();
        }
    }

    /**
     * The built-in capabilities. Each is linked into the runtime but reachable only by plugins
     * whose policy grants it; define a bean of the same type to configure one differently.
     */
    @Configuration(proxyBeanMethods = false)
    static class Capabilities {

        @Bean
        @ConditionalOnMissingBean
        LogCapability wasmboxLogCapability() {
            return new LogCapability();
        }

        @Bean
        @ConditionalOnMissingBean
        ClockCapability wasmboxClockCapability() {
            return new ClockCapability();
        }

        @Bean
        @ConditionalOnMissingBean
        RandomCapability wasmboxRandomCapability() {
            return new RandomCapability();
        }

        @Bean
        @ConditionalOnMissingBean
        ConfigCapability wasmboxConfigCapability() {
            return new ConfigCapability();
        }

        @Bean
        @ConditionalOnMissingBean
        KeyValueStore wasmboxKeyValueStore() {
            return new InMemoryKeyValueStore();
        }

        @Bean
        @ConditionalOnMissingBean
        KeyValueCapability wasmboxKeyValueCapability(KeyValueStore store) {
            return new KeyValueCapability(store);
        }

        @Bean
        @ConditionalOnMissingBean
        HttpCapability wasmboxHttpCapability() {
            return new HttpCapability();
        }
    }
}
