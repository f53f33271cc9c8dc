/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three worked examples of docs/policy.md: the docs quote these files verbatim. */
class WorkedExamplesTest {
    private static final Path EXAMPLES = Path.of("src", "test", "resources", "examples");
    private static final Set<String> ALWAYS = Set.of("wasmbox", "wasi_snapshot_preview1");

    @ParameterizedTest
    @ValueSource(strings = {"pure-function.yaml", "kv-and-log.yaml", "one-http-api.yaml"})
    void theGuideQuotesTheExampleVerbatim(String example) throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "policy.md"));
        Matcher block =
                Pattern.compile(
                                "<!-- example: "
                                        + Pattern.quote(example)
                                        + " -->\n```yaml\n(.*?)```",
                                Pattern.DOTALL)
                        .matcher(guide);

        assertThat(block.find()).as("docs/policy.md quotes " + example).isTrue();
        assertThat(block.group(1)).isEqualTo(Files.readString(EXAMPLES.resolve(example)));
    }

    @Test
    void pureFunctionGrantsNothingAndSetsEveryQuota() {
        PluginPolicy tax = read("pure-function.yaml").policyFor("tax");

        assertThat(tax.hostFunctionGrants()).isEmpty();
        assertThat(tax.env()).isEmpty();
        assertThat(tax.outbound()).isEmpty();
        assertThat(tax.trapOnDenial()).isTrue();
        assertThat(tax.limits().fuel()).isEqualTo(5_000_000);
        assertThat(tax.limits().maxMemoryBytes()).isEqualTo(2L << 20);
        assertThat(tax.limits().timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(
                        audit(
                                        tax,
                                        "wasmbox/input_length",
                                        "wasmbox/input_read",
                                        "wasmbox/output_write")
                                .findings())
                .isEmpty();
        assertThat(audit(tax, "wasmbox:log/write").errors())
                .extracting(AuditFinding::kind)
                .containsExactly(AuditFinding.Kind.UNGRANTED_IMPORT);
    }

    @Test
    void kvAndLogShareOnlyWhatTheyExtend() {
        PolicySet set = read("kv-and-log.yaml");
        PluginPolicy discount = set.policyFor("discount");
        PluginPolicy loyalty = set.policyFor("loyalty");

        assertThat(discount.allowsHostFunction("wasmbox:log", "write")).isTrue();
        assertThat(discount.allowsHostFunction("wasmbox:kv", "get")).isTrue();
        assertThat(discount.allowsHostFunction("wasmbox:kv", "put")).isFalse();
        assertThat(discount.keyValueNamespaces())
                .containsExactly(Map.entry("discounts", KeyValueAccess.READ));
        assertThat(discount.limits().timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(discount.limits().maxMemoryBytes()).isEqualTo(16L << 20);
        assertThat(loyalty.allowsHostFunction("wasmbox:kv", "put")).isTrue();
        assertThat(loyalty.keyValueNamespaces())
                .containsExactly(Map.entry("loyalty-points", KeyValueAccess.READ_WRITE));
        assertThat(loyalty.limits().timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(set.policyFor("other").hostFunctionGrants()).isEmpty();
        assertThat(
                        audit(discount, "wasmbox:log/write", "wasmbox:kv/get", "wasmbox:kv/list")
                                .findings())
                .isEmpty();
    }

    @Test
    void oneHttpApiReachesExactlyThatOrigin() throws Exception {
        PluginPolicy fx = read("one-http-api.yaml").policyFor("fx-rates");
        InetAddress publicAddress = InetAddress.getByName("203.0.113.10");

        assertThat(fx.allowsOutbound(URI.create("https://api.rates.example/latest?base=EUR")))
                .isTrue();
        assertThat(fx.allowsAddress(URI.create("https://api.rates.example/latest"), publicAddress))
                .isTrue();
        assertThat(fx.allowsOutbound(URI.create("http://api.rates.example/latest"))).isFalse();
        assertThat(fx.allowsOutbound(URI.create("https://api.rates.example:8443/"))).isFalse();
        assertThat(fx.allowsOutbound(URI.create("https://eu.api.rates.example/"))).isFalse();
        assertThat(fx.allowsOutbound(URI.create("https://api.rates.example.evil.net/"))).isFalse();
        assertThat(
                        fx.allowsAddress(
                                URI.create("https://api.rates.example/"),
                                InetAddress.getByName("169.254.169.254")))
                .isFalse();
        assertThat(fx.env())
                .containsExactly(EnvGrant.fromHost("RATES_API_KEY", "FX_RATES_API_KEY"));
        assertThat(fx.env().get(0).resolve(Map.of("FX_RATES_API_KEY", "k-123")::get))
                .isEqualTo("k-123");
        assertThat(fx.limits().maxHostResultBytes()).isEqualTo(256 << 10);
        assertThat(
                        audit(
                                        fx,
                                        "wasmbox:http/request",
                                        "wasmbox:log/write",
                                        "wasi_snapshot_preview1/environ_get")
                                .findings())
                .isEmpty();
    }

    @Test
    void theJavaExampleReadsAFileAndBuildsTheSameGrantsInline() {
        PluginPolicy[] policies = javaExample(EXAMPLES.resolve("kv-and-log.yaml"));
        PluginPolicy fromFile = policies[0];
        PluginPolicy inline = policies[1];

        for (PluginPolicy policy : policies) {
            assertThat(policy.allowsHostFunction("wasmbox:kv", "get")).isTrue();
            assertThat(policy.allowsHostFunction("wasmbox:kv", "put")).isFalse();
            assertThat(policy.keyValueNamespaces())
                    .containsExactly(Map.entry("discounts", KeyValueAccess.READ));
            assertThat(policy.limits().timeout()).isEqualTo(Duration.ofMillis(100));
        }
        assertThat(fromFile.allowsHostFunction("wasmbox:log", "write")).isTrue();
        assertThat(inline.allowsHostFunction("wasmbox:log", "write")).isFalse();
    }

    /** The Java block at the top of docs/policy.md; {@code file} is the page's plugins.yaml. */
    private static PluginPolicy[] javaExample(Path file) {
        PolicySet policies = PolicyFiles.readSet(file);
        PluginPolicy discount = policies.policyFor("discount");

        PluginPolicy inline =
                PluginPolicy.builder()
                        .limits(Limits.builder().timeout(Duration.ofMillis(100)).build())
                        .allowHostFunction("wasmbox:kv/get")
                        .allowKeyValue("discounts", KeyValueAccess.READ)
                        .build();
        return new PluginPolicy[] {discount, inline};
    }

    private static PolicySet read(String example) {
        return PolicyFiles.readSet(EXAMPLES.resolve(example));
    }

    private static AuditReport audit(PluginPolicy policy, String... imports) {
        List<ImportRef> refs = Stream.of(imports).map(ImportRef::parse).toList();
        Set<ImportRef> provided =
                Stream.of(
                                "wasmbox/input_length",
                                "wasmbox/input_read",
                                "wasmbox/output_write",
                                "wasi_snapshot_preview1/environ_get",
                                "wasmbox:log/write",
                                "wasmbox:kv/get",
                                "wasmbox:kv/list",
                                "wasmbox:kv/put",
                                "wasmbox:kv/delete",
                                "wasmbox:http/request")
                        .map(ImportRef::parse)
                        .collect(Collectors.toSet());
        return PolicyAudit.audit(refs, Optional.empty(), policy, ALWAYS, provided);
    }
}
