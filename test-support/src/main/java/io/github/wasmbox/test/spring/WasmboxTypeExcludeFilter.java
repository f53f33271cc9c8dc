/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring;

import io.github.wasmbox.host.HostModule;
import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.sandbox.PluginListener;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import io.github.wasmbox.spring.PluginCustomizer;
import io.github.wasmbox.spring.PluginDecorator;
import java.util.Set;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/**
 * The components that {@link WasmboxTest} keeps from the application's component scan: those the
 * starter links into the runtime or the registry. Stateless; Spring creates one per test context.
 */
final class WasmboxTypeExcludeFilter
        extends StandardAnnotationCustomizableTypeExcludeFilter<WasmboxTest> {
    private static final Set<Class<?>> WASMBOX_COMPONENTS =
            Set.of(
                    HostModule.class,
                    HostFunctionProvider.class,
                    KeyValueStore.class,
                    PluginListener.class,
                    PluginCustomizer.class,
                    PluginDecorator.class);

    WasmboxTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
    }

    @Override
    protected Set<Class<?>> getKnownIncludes() {
        return WASMBOX_COMPONENTS;
    }
}
