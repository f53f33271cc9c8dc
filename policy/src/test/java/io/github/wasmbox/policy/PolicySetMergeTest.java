/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.policy.PolicyFiles.Format;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySetMergeTest {
    private static final String FILE =
            String.join(
                    "\n",
                    "defaults:",
                    "  limits: {timeout: 100ms, fuel: 1000}",
                    "  trap-on-denial: true",
                    "bases:",
                    "  logging:",
                    "    limits: {fuel: 2000, max-log: 1KB}",
                    "    grants:",
                    "      host-functions: ['wasmbox:log/write']",
                    "      env: {REGION: eu}",
                    "      key-value: {rates: read-write}",
                    "  kv-reader:",
                    "    extends: logging",
                    "    strict-manifest: false",
                    "    grants:",
                    "      host-functions: ['wasmbox:kv/get']",
                    "      key-value: {rates: read}",
                    "plugins:",
                    "  discount:",
                    "    extends: kv-reader",
                    "    limits: {max-memory: 1MB}",
                    "    grants:",
                    "      env: {REGION: us}",
                    "      config: {currency: EUR}",
                    "  standalone:",
                    "    limits: {max-memory: 2MB}",
                    "    grants:",
                    "      config: {mode: fast}",
                    "  logging:",
                    "    extends: logging",
                    "    trap-on-denial: false");

    private final PolicySet set = PolicyFiles.parseSet(FILE, Format.YAML);

    @Test
    void limitsInheritFieldByFieldFromDefaultsThroughBasesToThePlugin() {
        Limits limits = set.policyFor("discount").limits();

        assertThat(limits.timeout()).isEqualTo(Duration.ofMillis(100)); // defaults
        assertThat(limits.fuel()).isEqualTo(2000); // base logging overrides defaults
        assertThat(limits.maxLogBytes()).isEqualTo(1024); // base logging
        assertThat(limits.maxMemoryBytes()).isEqualTo(1L << 20); // the plugin itself
        assertThat(limits.maxOutputBytes()).isEqualTo(Limits.defaults().maxOutputBytes());
    }

    @Test
    void aPluginGetsItsBasesGrantsOnlyBecauseItExtendsThem() {
        PluginPolicy discount = set.policyFor("discount");

        assertThat(discount.hostFunctionGrants())
                .extracting(HostFunctionGrant::toString)
                .containsExactly("wasmbox:log/write", "wasmbox:kv/get");
        assertThat(discount.config()).containsExactly(Map.entry("currency", "EUR"));
    }

    @Test
    void theMoreSpecificKeyedGrantReplacesTheInheritedOne() {
        PluginPolicy discount = set.policyFor("discount");

        assertThat(discount.env()).containsExactly(EnvGrant.literal("REGION", "us"));
        assertThat(discount.keyValueNamespaces())
                .containsExactly(Map.entry("rates", KeyValueAccess.READ));
    }

    @Test
    void withoutExtendsAPluginInheritsOnlyTheDefaults() {
        PluginPolicy standalone = set.policyFor("standalone");

        assertThat(standalone.hostFunctionGrants()).isEmpty();
        assertThat(standalone.env()).isEmpty();
        assertThat(standalone.keyValueNamespaces()).isEmpty();
        assertThat(standalone.config()).containsExactly(Map.entry("mode", "fast"));
        assertThat(standalone.limits().fuel()).isEqualTo(1000);
        assertThat(standalone.limits().maxLogBytes()).isEqualTo(Limits.defaults().maxLogBytes());
        assertThat(standalone.trapOnDenial()).isTrue();
        assertThat(standalone.strictManifest()).isTrue();
    }

    @Test
    void settingsInheritLikeLimits() {
        assertThat(set.policyFor("discount").trapOnDenial()).isTrue();
        assertThat(set.policyFor("discount").strictManifest()).isFalse();
        assertThat(set.policyFor("logging").trapOnDenial()).isFalse();
    }

    @Test
    void pluginsAndBasesHaveSeparateNames() {
        assertThat(set.policyFor("logging").hostFunctionGrants())
                .extracting(HostFunctionGrant::toString)
                .containsExactly("wasmbox:log/write");
    }

    @Test
    void anUnnamedPluginGetsTheDefaultsAndNoGrants() {
        PluginPolicy unknown = set.policyFor("unknown");

        assertThat(unknown).isEqualTo(set.defaults());
        assertThat(unknown.hostFunctionGrants()).isEmpty();
        assertThat(unknown.limits().timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(unknown.trapOnDenial()).isTrue();
        assertThat(set.plugins()).containsOnlyKeys("discount", "standalone", "logging");
    }

    @Test
    void presetsInheritAndUntrustedQuotasMaySitAnywhereInTheChain() {
        PolicySet presets =
                PolicyFiles.parseSet(
                        String.join(
                                "\n",
                                "defaults:",
                                "  limits: {timeout: 10ms, max-output: 1KB}",
                                "bases:",
                                "  vendors:",
                                "    preset: untrusted",
                                "    limits: {fuel: 10, max-memory: 1MB, max-table-elements: 10}",
                                "  relaxed:",
                                "    preset: trusted",
                                "plugins:",
                                "  vendor:",
                                "    extends: vendors",
                                "    limits: {max-open-files: 0, max-bytes-written: 0}",
                                "  in-house:",
                                "    extends: relaxed"),
                        Format.YAML);

        PluginPolicy vendor = presets.policyFor("vendor");
        assertThat(vendor.trapOnDenial()).isTrue();
        assertThat(vendor.limits().fuel()).isEqualTo(10);
        assertThat(vendor.limits().timeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(vendor.limits().maxOpenFiles()).isZero();

        PluginPolicy inHouse = presets.policyFor("in-house");
        assertThat(inHouse.limits().fuel()).isEqualTo(1_000_000_000); // trusted
        assertThat(inHouse.limits().timeout()).isEqualTo(Duration.ofMillis(10)); // defaults win
        assertThat(inHouse.strictManifest()).isFalse();
        assertThat(inHouse.trapOnDenial()).isFalse();
        assertThat(presets.defaults().trapOnDenial()).isFalse();
    }
}
