/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.docs;

import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.spring.PluginCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TenantPolicies {

    @Bean
    PluginCustomizer tenantNamespace(@Value("${checkout.tenant}") String tenant) {
        return PluginCustomizer.forPlugin(
                "discount",
                policy -> policy.allowKeyValue("tenant-" + tenant, KeyValueAccess.READ));
    }
}
