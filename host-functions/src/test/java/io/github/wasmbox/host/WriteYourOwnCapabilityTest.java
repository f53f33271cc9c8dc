/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The example of {@code docs/host-functions.md}, kept compiling and working. */
class WriteYourOwnCapabilityTest {

    // --- example: begin ---
    public record Price(String sku, long cents) {}

    @HostModule("acme:pricing")
    public final class PricingCapability {
        private final Map<String, Map<String, Long>> pricesByTenant;

        public PricingCapability(Map<String, Map<String, Long>> pricesByTenant) {
            this.pricesByTenant = Map.copyOf(pricesByTenant);
        }

        /** Imported as {@code acme:pricing/price_of(sku_ptr, sku_len) -> i32}. */
        @HostFunction
        public Optional<Price> priceOf(CallContext context, String sku) {
            String tenant = context.attributes().get("tenant");
            if (tenant == null) {
                throw CapabilityException.denied("pricing without a tenant");
            }
            Long cents = pricesByTenant.getOrDefault(tenant, Map.of()).get(sku);
            return Optional.ofNullable(cents).map(c -> new Price(sku, c));
        }
    }

    // --- example: end ---

    @Test
    void theExampleBindsAndAnswers() {
        HostFunctionProvider provider =
                HostModules.of(new PricingCapability(Map.of("acme", Map.of("A-1", 1999L))));
        HostFunctionDefinition priceOf = provider.hostFunctions().get(0);
        assertThat(priceOf.qualifiedName()).isEqualTo("acme:pricing/price_of");
        assertThat(priceOf.params()).containsExactly(WasmType.I32, WasmType.I32);
        assertThat(priceOf.results()).containsExactly(WasmType.I32);

        FakeHostCall call =
                new FakeHostCall(
                        TestPolicy.policy().build(),
                        new CallContext("checkout", "quote", 9, Map.of("tenant", "acme")));
        assertThat(priceOf.handler().apply(call, call.string("A-1"))[0]).isPositive();
        assertThat(call.pendingText()).isEqualTo("{\"sku\":\"A-1\",\"cents\":1999}");
        assertThat(priceOf.handler().apply(call, call.string("B-2"))).containsExactly(-2);

        FakeHostCall anonymous =
                new FakeHostCall(
                        TestPolicy.policy().build(),
                        new CallContext("checkout", "quote", 10, Map.of()));
        assertThat(priceOf.handler().apply(anonymous, anonymous.string("A-1"))).containsExactly(-1);
    }
}
