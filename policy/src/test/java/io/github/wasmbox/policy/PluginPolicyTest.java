/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginPolicyTest {

    @Test
    void denyAllGrantsNothing() {
        PluginPolicy policy = PluginPolicy.denyAll();

        assertThat(policy.limits()).isEqualTo(Limits.defaults());
        assertThat(policy.hostFunctionGrants()).isEmpty();
        assertThat(policy.allowsHostFunction("wasmbox:log", "write")).isFalse();
        assertThat(policy.env()).isEmpty();
        assertThat(policy.args()).isEmpty();
        assertThat(policy.stdin()).isEmpty();
        assertThat(policy.preopens()).isEmpty();
        assertThat(policy.clock()).isEqualTo(ClockPolicy.system());
        assertThat(policy.random()).isEqualTo(RandomPolicy.secure());
        assertThat(policy.outbound()).isEmpty();
        assertThat(policy.allowsOutbound(URI.create("https://example.com/"))).isFalse();
        assertThat(policy.keyValueNamespaces()).isEmpty();
        assertThat(policy.config()).isEmpty();
        assertThat(policy.features()).isEmpty();
        assertThat(policy.trapOnDenial()).isFalse();
        assertThat(policy.strictManifest()).isTrue();
        assertThat(PluginPolicy.builder().build()).isEqualTo(policy);
    }

    @Test
    void builderRecordsEveryGrant() {
        PreopenGrant data =
                PreopenGrant.inMemory("/data")
                        .file("rates.json", "{}".getBytes(StandardCharsets.UTF_8))
                        .build();
        PluginPolicy policy =
                PluginPolicy.builder()
                        .allowHostFunction("wasmbox:kv", "get")
                        .allowHostFunction("wasmbox:log/*")
                        .allowEnv("REGION", "eu-west-1")
                        .passHostEnv("TZ")
                        .passHostEnv("API_KEY", "DISCOUNT_API_KEY")
                        .args("--fast", "-v")
                        .stdin(new byte[] {1, 2, 3})
                        .preopen(data)
                        .clock(ClockPolicy.fixed(Instant.EPOCH))
                        .random(RandomPolicy.seeded(42))
                        .allowOutboundHost("https://rates.example.com")
                        .allowKeyValue("discounts", KeyValueAccess.READ)
                        .config("currency", "EUR")
                        .enable(WasmFeature.SIMD)
                        .trapOnDenial(true)
                        .strictManifest(false)
                        .build();

        assertThat(policy.hostFunctionGrants())
                .extracting(HostFunctionGrant::toString)
                .containsExactly("wasmbox:kv/get", "wasmbox:log/*");
        assertThat(policy.allowsHostFunction("wasmbox:kv", "get")).isTrue();
        assertThat(policy.allowsHostFunction("wasmbox:kv", "put")).isFalse();
        assertThat(policy.allowsHostFunction("wasmbox:log", "write")).isTrue();
        assertThat(policy.env())
                .extracting(EnvGrant::toString)
                .containsExactly("REGION=<literal>", "TZ=$TZ", "API_KEY=$DISCOUNT_API_KEY");
        Map<String, String> host = Map.of("DISCOUNT_API_KEY", "secret");
        assertThat(policy.env())
                .extracting(grant -> grant.resolve(host::get))
                .containsExactly("eu-west-1", null, "secret");
        assertThat(policy.args()).containsExactly("--fast", "-v");
        assertThat(policy.stdin()).containsExactly(1, 2, 3);
        assertThat(policy.preopens()).containsExactly(data);
        assertThat(policy.clock().fixedInstant()).contains(Instant.EPOCH);
        assertThat(policy.random().seed()).hasValue(42);
        assertThat(policy.allowsOutbound(URI.create("https://rates.example.com/v1"))).isTrue();
        assertThat(policy.keyValueNamespaces())
                .containsExactly(Map.entry("discounts", KeyValueAccess.READ));
        assertThat(policy.config()).containsExactly(Map.entry("currency", "EUR"));
        assertThat(policy.features()).containsExactly(WasmFeature.SIMD);
        assertThat(policy.trapOnDenial()).isTrue();
        assertThat(policy.strictManifest()).isFalse();
        assertThat(policy.toBuilder().build()).isEqualTo(policy).hasSameHashCodeAs(policy);
        assertThat(policy.toString())
                .contains("wasmbox:kv/get", "REGION=<literal>", "currency")
                .doesNotContain("eu-west-1", "EUR");
    }

    @Test
    void laterKeyedGrantsReplaceEarlierOnes() {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .allowEnv("REGION", "eu")
                        .allowEnv("REGION", "us")
                        .allowKeyValue("ns", KeyValueAccess.READ_WRITE)
                        .allowKeyValue("ns", KeyValueAccess.READ)
                        .config("k", "1")
                        .config("k", "2")
                        .preopen(PreopenGrant.inMemory("/d").build())
                        .preopen(PreopenGrant.inMemory("/d").readOnly(false).build())
                        .allowHostFunction("wasmbox:kv/get")
                        .allowHostFunction("wasmbox:kv", "get")
                        .allowHostFunction(HostFunctionGrant.parse("wasmbox:kv/get"))
                        .build();

        assertThat(policy.env()).containsExactly(EnvGrant.literal("REGION", "us"));
        assertThat(policy.keyValueNamespaces())
                .containsExactly(Map.entry("ns", KeyValueAccess.READ));
        assertThat(policy.config()).containsExactly(Map.entry("k", "2"));
        assertThat(policy.preopens())
                .singleElement()
                .extracting(PreopenGrant::readOnly)
                .isEqualTo(false);
        assertThat(policy.hostFunctionGrants()).hasSize(1);
    }

    @Test
    void stdinIsCopiedInAndOut() {
        byte[] content = {1, 2};
        PluginPolicy policy = PluginPolicy.builder().stdin(content).build();
        content[0] = 9;
        policy.stdin()[1] = 9;

        assertThat(policy.stdin()).containsExactly(1, 2);
    }

    @Test
    void untrustedRefusesToBuildUntilEveryQuotaIsSet() {
        assertThatThrownBy(() -> PluginPolicy.untrusted().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "an untrusted policy must set every quota explicitly; missing: fuel,"
                                + " maxMemoryBytes, maxTableElements, timeout, maxOutputBytes,"
                                + " maxOpenFiles, maxBytesWritten");
        Limits partial = Limits.builder().fuel(1_000_000).timeout(Duration.ofMillis(50)).build();
        assertThatThrownBy(() -> PluginPolicy.untrusted().limits(partial).build())
                .hasMessage(
                        "an untrusted policy must set every quota explicitly; missing:"
                                + " maxMemoryBytes, maxTableElements, maxOutputBytes,"
                                + " maxOpenFiles, maxBytesWritten");

        Limits complete =
                partial.toBuilder()
                        .maxMemoryBytes(1 << 20)
                        .maxTableElements(100)
                        .maxOutputBytes(4096)
                        .maxOpenFiles(0)
                        .maxBytesWritten(0)
                        .build();
        PluginPolicy policy = PluginPolicy.untrusted().limits(complete).build();

        assertThat(policy.limits()).isEqualTo(complete);
        assertThat(policy.trapOnDenial()).isTrue();
        assertThat(policy.strictManifest()).isTrue();
        assertThat(policy.hostFunctionGrants()).isEmpty();
    }

    @Test
    void trustedRelaxesLimitsButGrantsNothing() {
        PluginPolicy policy = PluginPolicy.trusted().build();

        assertThat(policy.limits().fuel()).isEqualTo(1_000_000_000);
        assertThat(policy.limits().maxMemoryBytes()).isEqualTo(256L << 20);
        assertThat(policy.limits().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.limits().maxOutputBytes()).isEqualTo(16 << 20);
        assertThat(policy.limits().maxOpenFiles()).isEqualTo(64);
        assertThat(policy.strictManifest()).isFalse();
        assertThat(policy.hostFunctionGrants()).isEmpty();
        assertThat(policy.outbound()).isEmpty();
    }

    @Test
    void misuseThrowsJdkExceptionsNamingTheField() {
        PluginPolicy.Builder builder = PluginPolicy.builder();

        assertThatThrownBy(() -> builder.limits(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("limits");
        assertThatThrownBy(() -> builder.allowKeyValue(" ", KeyValueAccess.READ))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key-value namespace must not be blank");
        assertThatThrownBy(() -> builder.config("", "v"))
                .hasMessage("config key must not be blank");
        assertThatThrownBy(() -> builder.allowEnv("A=B", "v"))
                .hasMessage("env name must be non-empty without '=' or NUL but was 'A=B'");
        assertThatThrownBy(() -> builder.passHostEnv("A", ""))
                .hasMessage("env host variable must be non-empty without '=' or NUL but was ''");
        assertThatThrownBy(() -> builder.allowEnv("A", "x\0y"))
                .hasMessage("env value of A must not contain NUL");
        assertThatThrownBy(() -> builder.allowHostFunction("wasmbox:kv"))
                .hasMessage(
                        "host function grant must be 'module/function' (function may be a glob"
                                + " such as '*') but was 'wasmbox:kv'");
        assertThatThrownBy(() -> builder.allowOutboundHost("ftp://example.com"))
                .hasMessage(
                        "outbound pattern 'ftp://example.com' has scheme 'ftp': use http or https");
    }

    @Test
    void clockAndRandomPolicies() {
        assertThat(ClockPolicy.system().mode()).isEqualTo(ClockPolicy.Mode.SYSTEM);
        assertThat(ClockPolicy.system().resolution()).isZero();
        assertThat(ClockPolicy.system().fixedInstant()).isEmpty();
        ClockPolicy coarse = ClockPolicy.coarsened(Duration.ofMillis(100));
        assertThat(coarse.mode()).isEqualTo(ClockPolicy.Mode.COARSENED);
        assertThat(coarse.resolution()).isEqualTo(Duration.ofMillis(100));
        assertThat(coarse).hasToString("coarsened(100ms)");
        assertThat(ClockPolicy.fixed(Instant.EPOCH)).hasToString("fixed(1970-01-01T00:00:00Z)");
        assertThatThrownBy(() -> ClockPolicy.coarsened(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("clock resolution must be positive but was 0ms");

        assertThat(RandomPolicy.secure().isSeeded()).isFalse();
        assertThat(RandomPolicy.secure().seed()).isEmpty();
        assertThat(RandomPolicy.seeded(7).isSeeded()).isTrue();
        assertThat(RandomPolicy.seeded(7))
                .isEqualTo(RandomPolicy.seeded(7))
                .hasToString("seeded(7)");
    }

    @Test
    void preopenGrantsValidatePathsAndQuotas() {
        PreopenGrant dir =
                PreopenGrant.directory("/srv/data", Path.of("/var/lib/app"))
                        .readOnly(false)
                        .maxBytes(10)
                        .maxFiles(1)
                        .build();
        assertThat(dir.hostDirectory()).contains(Path.of("/var/lib/app"));
        assertThat(dir.files()).isEmpty();
        assertThat(dir.readOnly()).isFalse();
        assertThat(dir).hasToString("/srv/data <- /var/lib/app (read-write, max 10B, 1 files)");

        byte[] content = {1};
        PreopenGrant memory = PreopenGrant.inMemory("/").file("a/b.txt", content).build();
        content[0] = 2;
        memory.files().get("a/b.txt")[0] = 3;
        assertThat(memory.files().get("a/b.txt")).containsExactly(1);
        assertThat(memory.readOnly()).isTrue();
        assertThat(memory.maxBytes()).isEqualTo(1 << 20);
        assertThat(memory.maxFiles()).isEqualTo(64);

        assertThatThrownBy(() -> PreopenGrant.inMemory("data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "preopen guestPath must be absolute and normalized (like /data), without"
                                + " '.', '..', '//' or a trailing '/', but was 'data'");
        assertThatThrownBy(() -> PreopenGrant.inMemory("/data/../etc"))
                .hasMessageEndingWith("but was '/data/../etc'");
        assertThatThrownBy(() -> PreopenGrant.inMemory("/data").file("../x", content))
                .hasMessage(
                        "preopen file path must be relative and normalized (like conf/app.json)"
                                + " but was '../x'");
        assertThatThrownBy(() -> PreopenGrant.directory("/d", Path.of("/tmp")).file("x", content))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("preopen /d is backed by a host directory; it takes no files");
        assertThatThrownBy(() -> PreopenGrant.inMemory("/d").maxBytes(-1))
                .hasMessage("preopen maxBytes must be at least 0 but was -1");
        assertThatThrownBy(() -> PreopenGrant.inMemory("/d").maxFiles(-1))
                .hasMessage("preopen maxFiles must be at least 0 but was -1");
        assertThatThrownBy(
                        () ->
                                PreopenGrant.inMemory("/d")
                                        .file("a", content)
                                        .file("b", content)
                                        .maxFiles(1)
                                        .build())
                .hasMessage("preopen /d holds 2 files but maxFiles is 1");
        assertThatThrownBy(
                        () ->
                                PreopenGrant.inMemory("/d")
                                        .file("a", new byte[3])
                                        .maxBytes(2)
                                        .build())
                .hasMessage("preopen /d holds 3 bytes but maxBytes is 2");
    }
}
