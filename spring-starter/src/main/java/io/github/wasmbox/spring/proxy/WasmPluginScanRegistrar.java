/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.proxy;

import io.github.wasmbox.spring.WasmPlugin;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a proxy bean for every {@link WasmPlugin} interface in the auto-configuration packages
 * (those of {@code @SpringBootApplication}), the way Spring Data finds repositories. An interface
 * for which the application already defines a bean is skipped, so a hand-written implementation or
 * a test double takes precedence. Called once by the bean factory while it reads configuration
 * classes; not for concurrent use.
 */
public final class WasmPluginScanRegistrar
        implements ImportBeanDefinitionRegistrar,
                BeanFactoryAware,
                EnvironmentAware,
                ResourceLoaderAware {
    private static final Logger log = LoggerFactory.getLogger(WasmPluginScanRegistrar.class);

    private @Nullable BeanFactory beanFactory;
    private @Nullable Environment environment;
    private @Nullable ResourceLoader resourceLoader;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void registerBeanDefinitions(
            AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
        if (!AutoConfigurationPackages.has(factory)) {
            log.debug("No auto-configuration packages: not scanning for @WasmPlugin interfaces");
            return;
        }
        List<String> packages = AutoConfigurationPackages.get(factory);
        ClassPathScanningCandidateComponentProvider scanner =
                new ClassPathScanningCandidateComponentProvider(
                        false, Objects.requireNonNull(environment, "environment")) {
                    @Override
                    protected boolean isCandidateComponent(
                            org.springframework.beans.factory.annotation.AnnotatedBeanDefinition
                                    definition) {
                        return definition.getMetadata().isInterface()
                                && definition.getMetadata().isIndependent();
                    }
                };
        if (resourceLoader != null) {
            scanner.setResourceLoader(resourceLoader);
        }
        scanner.addIncludeFilter(new AnnotationTypeFilter(WasmPlugin.class));
        ClassLoader classLoader =
                resourceLoader == null
                        ? ClassUtils.getDefaultClassLoader()
                        : resourceLoader.getClassLoader();
        for (String basePackage : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                register(
                        registry,
                        ClassUtils.resolveClassName(
                                Objects.requireNonNull(candidate.getBeanClassName()), classLoader));
            }
        }
    }

    private void register(BeanDefinitionRegistry registry, Class<?> type) {
        if (registry instanceof ListableBeanFactory listable
                && listable.getBeanNamesForType(type, true, false).length > 0) {
            log.debug("{} is already a bean: not creating a plugin proxy", type.getName());
            return;
        }
        WasmPlugin annotation = Objects.requireNonNull(type.getAnnotation(WasmPlugin.class));
        RootBeanDefinition definition = new RootBeanDefinition(WasmPluginFactoryBean.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(1, annotation.value());
        definition.setTargetType(
                ResolvableType.forClassWithGenerics(WasmPluginFactoryBean.class, type));
        definition.setAttribute(
                org.springframework.beans.factory.FactoryBean.OBJECT_TYPE_ATTRIBUTE, type);
        String beanName = type.getName();
        if (!registry.containsBeanDefinition(beanName)) {
            registry.registerBeanDefinition(beanName, definition);
        }
    }
}
