package io.github.wasmbox.spring.proxy;

import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.spring.PluginRegistry;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

/**
 * Creates the proxy of one {@link io.github.wasmbox.spring.WasmPlugin} interface. When the plugin
 * is loaded at that moment, every method's export must exist, so a typo fails start-up. The proxy
 * looks the plugin up in the {@link PluginRegistry} on every call, which is how it follows reloads.
 * Used by the bean factory only; the proxy it returns is thread-safe.
 *
 * @param <T> the interface
 */
public final class WasmPluginFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {
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
        PluginInvocationHandler handler =
                new PluginInvocationHandler(
                        type, pluginName, registry, factory.getBean(PayloadCodec.class));
        registry.plugin(pluginName)
                .ifPresent(
                        plugin -> {
                            Set<String> missing = new TreeSet<>(handler.functions());
                            missing.removeAll(plugin.functions());
                            if (!missing.isEmpty()) {
                                throw new IllegalStateException(
                                        type.getName()
                                                + " calls "
                                                + missing
                                                + ", which plugin '"
                                                + pluginName
                                                + "' does not export (it exports "
                                                + new TreeSet<>(plugin.functions())
                                                + "): fix the method names or their"
                                                + " @PluginFunction");
                            }
                        });
        return type.cast(
                Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public Class<T> getObjectType() {
        return type;
    }
}
