/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.proxy;

import io.github.wasmbox.spring.PluginRegistry;
import java.lang.reflect.Proxy;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartFactoryBean;

/**
 * Creates the proxy of one {@link io.github.wasmbox.spring.WasmPlugin} interface, and declares the
 * exports it calls to the {@link PluginRegistry} ({@link PluginRegistry#requireFunctions}), so that
 * a method whose export the loaded module lacks fails start-up, whether or not a bean uses the
 * proxy yet. The proxy looks the plugin up in the registry on every call, which is how it follows
 * reloads. Used by the bean factory only; the proxy it returns is thread-safe.
 *
 * @param <T> the interface
 */
public final class WasmPluginFactoryBean<T> implements SmartFactoryBean<T>, BeanFactoryAware {
    private final Class<T> type;
    private final String pluginName;
    private @Nullable BeanFactory beanFactory;

    public WasmPluginFactoryBean(Class<T> type, String pluginName) {
        this.type = Objects.requireNonNull(type, "type");
        this.pluginName = Objects.requireNonNull(pluginName, "pluginName");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public T getObject() {
        BeanFactory factory = Objects.requireNonNull(beanFactory, "beanFactory");
        PluginRegistry registry = factory.getBean(PluginRegistry.class);
        PluginInvocationHandler handler = new PluginInvocationHandler(type, pluginName, registry);
        registry.requireFunctions(pluginName, type.getName(), handler.functions());
        return type.cast(
                Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public Class<T> getObjectType() {
        return type;
    }

    /** Created with the other singletons, so that its exports are checked even if none uses it. */
    @Override
    public boolean isEagerInit() {
        return true;
    }
}
