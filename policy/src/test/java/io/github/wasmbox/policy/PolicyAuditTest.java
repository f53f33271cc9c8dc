/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PolicyAuditTest {
    private static final Set<String> ALWAYS = Set.of("wasmbox", "wasi_snapshot_preview1");
    private static final Set<ImportRef> PROVIDED =
            Set.of(
                    ref("wasmbox/input_length"),
                    ref("wasmbox/input_read"),
                    ref("wasmbox/output_write"),
                    ref("wasi_snapshot_preview1/fd_write"),
                    ref("wasi_snapshot_preview1/environ_get"),
                    ref("wasi_snapshot_preview1/path_open"),
                    ref("wasmbox:log/write"),
                    ref("wasmbox:log/flush"),
                    ref("wasmbox:kv/get"),
                    ref("wasmbox:kv/put"),
                    ref("wasmbox:kv/delete"),
                    ref("wasmbox:kv/list"),
                    ref("wasmbox:http/request"),
                    ref("wasmbox:config/get"));

    @Test
    void aModuleThatImportsExactlyWhatIsGrantedIsClean() {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .allowHostFunction("wasmbox:kv/get")
                        .allowHostFunction("wasmbox:log/write")
                        .allowKeyValue("rates", KeyValueAccess.READ)
                        .build();

        AuditReport report =
                audit(
                        policy,
                        Optional.of(manifest("wasmbox:kv/get", "wasmbox:log/write")),
                        "wasmbox/input_read",
                        "wasmbox/output_write",
                        "wasi_snapshot_preview1/fd_write",
                        "wasmbox:kv/get",
                        "wasmbox:log/write");

        assertThat(report.findings()).isEmpty();
        assertThat(report.hasErrors()).isFalse();
        assertThat(report.effectiveLimits()).isEqualTo(policy.limits());
        assertThat(report.toText())
                .startsWith("0 errors, 0 warnings\nlimits: fuel 50000000, instantiation-fuel");
    }

    @Test
    void anOverImportingModuleGetsOneErrorPerViolation() {
        PluginPolicy policy = PluginPolicy.builder().allowHostFunction("wasmbox:kv/get").build();

        AuditReport report =
                audit(
                        policy,
                        Optional.empty(),
                        "wasmbox:kv/get",
                        "wasmbox:kv/put",
                        "wasmbox:http/request",
                        "env/abort",
                        "wasi_snapshot_preview1/sock_accept",
                        "wasmbox:kv/put");

        assertThat(report.hasErrors()).isTrue();
        assertThat(report.errors())
                .extracting(AuditFinding::kind, AuditFinding::subject)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                AuditFinding.Kind.UNGRANTED_IMPORT, "wasmbox:kv/put"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditFinding.Kind.UNGRANTED_IMPORT, "wasmbox:http/request"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditFinding.Kind.UNGRANTED_IMPORT, "env/abort"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditFinding.Kind.UNPROVIDED_IMPORT, "env/abort"),
                        org.assertj.core.groups.Tuple.tuple(
                                AuditFinding.Kind.UNPROVIDED_IMPORT,
                                "wasi_snapshot_preview1/sock_accept"));
        assertThat(report.errors().get(0).message())
                .isEqualTo(
                        "import wasmbox:kv/put is not granted; add 'wasmbox:kv/put' to"
                                + " grants.host-functions or remove the import");
        assertThat(report.errors().get(3).message())
                .isEqualTo(
                        "import env/abort is provided by no host module; register a host module"
                                + " that provides it or rebuild the plugin without it");
    }

    @Test
    void anUnderUsingModuleGetsLeastPrivilegeWarnings() {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .allowHostFunction("wasmbox:log/*")
                        .allowHostFunction("wasmbox:kv/*")
                        .allowHostFunction("wasmbox:config/get")
                        .allowKeyValue("rates", KeyValueAccess.READ_WRITE)
                        .allowOutboundHost("https://rates.example.com")
                        .config("currency", "EUR")
                        .allowEnv("REGION", "eu")
                        .args("--fast")
                        .stdin(new byte[] {1})
                        .preopen(PreopenGrant.inMemory("/data").build())
                        .build();

        AuditReport report = audit(policy, Optional.empty(), "wasmbox:log/write", "wasmbox:kv/get");

        assertThat(report.hasErrors()).isFalse();
        assertThat(report.warnings())
                .extracting(AuditFinding::toString)
                .containsExactly(
                        "warning: grant wasmbox:log/* also covers flush, which the module does not"
                                + " import; narrow it to wasmbox:log/write",
                        "warning: grant wasmbox:kv/* also covers delete, list, put, which the"
                                + " module does not import; narrow it to wasmbox:kv/get",
                        "warning: grant wasmbox:config/get covers no import of the module; remove"
                                + " it",
                        "warning: key-value namespace 'rates' is granted read-write but the module"
                                + " imports neither wasmbox:kv/put nor wasmbox:kv/delete; grant"
                                + " read",
                        "warning: outbound https://rates.example.com is granted but the module"
                                + " imports no wasmbox:http function; remove it",
                        "warning: config 'currency' is exposed but the module does not import"
                                + " wasmbox:config/get; remove it",
                        "warning: env REGION is granted but the module does not import"
                                + " wasi_snapshot_preview1/environ_get; remove it",
                        "warning: args are granted but the module does not import"
                                + " wasi_snapshot_preview1/args_get; remove them",
                        "warning: stdin is granted but the module does not import"
                                + " wasi_snapshot_preview1/fd_read; remove it",
                        "warning: preopen /data is granted but the module does not import"
                                + " wasi_snapshot_preview1/path_open; remove it");
        assertThat(report.warnings())
                .extracting(AuditFinding::kind)
                .containsExactly(
                        AuditFinding.Kind.BROAD_GRANT,
                        AuditFinding.Kind.BROAD_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT,
                        AuditFinding.Kind.BROAD_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT,
                        AuditFinding.Kind.UNUSED_GRANT);
    }

    @Test
    void manifestRequestsThatAreNotGrantedAreErrorsOrWarningsPerPolicy() {
        PluginManifest manifest =
                manifest(
                        "wasmbox:kv/get",
                        "wasmbox:http/request",
                        "wasi_snapshot_preview1/fd_write");
        PluginPolicy strict = PluginPolicy.builder().allowHostFunction("wasmbox:kv/get").build();

        AuditReport strictReport = audit(strict, Optional.of(manifest), "wasmbox:kv/get");
        AuditReport lenientReport =
                audit(
                        strict.toBuilder().strictManifest(false).build(),
                        Optional.of(manifest),
                        "wasmbox:kv/get");

        assertThat(strictReport.errors())
                .extracting(AuditFinding::toString)
                .containsExactly(
                        "error: the manifest requests wasmbox:http/request, which is not granted;"
                                + " add 'wasmbox:http/request' to grants.host-functions or drop"
                                + " it from the manifest");
        assertThat(lenientReport.hasErrors()).isFalse();
        assertThat(lenientReport.warnings())
                .extracting(AuditFinding::kind)
                .containsExactly(AuditFinding.Kind.UNGRANTED_REQUEST);
    }

    @Test
    void anAlwaysProvidedModuleProvidesWhatIsListedOrEverythingWhenNothingIs() {
        Set<ImportRef> provided = Set.of(ref("wasmbox/input_read"));

        AuditReport report =
                PolicyAudit.audit(
                        List.of(
                                ref("wasmbox/input_read"),
                                ref("wasmbox/input_raed"),
                                ref("wasi_snapshot_preview1/fd_write")),
                        Optional.empty(),
                        PluginPolicy.denyAll(),
                        ALWAYS,
                        provided);

        assertThat(report.errors())
                .extracting(AuditFinding::toString)
                .containsExactly(
                        "error: import wasmbox/input_raed is provided by no host module; register"
                                + " a host module that provides it or rebuild the plugin without"
                                + " it");
    }

    @Test
    void withoutAManifestTheImportsAloneDecide() {
        PluginPolicy policy =
                PluginPolicy.builder().allowHostFunction("wasmbox:http/request").build();

        AuditReport report = audit(policy, Optional.empty(), "wasmbox:http/request");

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void rendersTextAndJson() {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .limits(Limits.builder().timeout(Duration.ofMillis(100)).build())
                        .allowHostFunction("wasmbox:config/get")
                        .build();

        AuditReport report = audit(policy, Optional.empty(), "wasmbox:kv/get");

        assertThat(report.toText())
                .isEqualTo(
                        "1 error, 1 warning\n"
                                + "error: import wasmbox:kv/get is not granted; add"
                                + " 'wasmbox:kv/get' to grants.host-functions or remove the"
                                + " import\n"
                                + "warning: grant wasmbox:config/get covers no import of the"
                                + " module; remove it\n"
                                + "limits: fuel 50000000, instantiation-fuel 10000000, max-memory"
                                + " 16MiB, max-table-elements 10000, timeout 100ms, stack-size"
                                + " 1MiB, max-input 1MiB, max-output 1MiB, max-log 64KiB,"
                                + " max-host-result 1MiB, max-stdout 64KiB, max-stderr 64KiB,"
                                + " max-open-files 16, max-bytes-written 1MiB, pool-size 4,"
                                + " acquire-timeout 1s, quarantine-after 5, state-mode"
                                + " pristine\n");
        JsonNode json = JsonMapper.builder().build().readTree(report.toJson());
        assertThat(json.get("errors").intValue()).isEqualTo(1);
        assertThat(json.get("warnings").intValue()).isEqualTo(1);
        assertThat(json.get("findings").get(0).get("severity").stringValue()).isEqualTo("error");
        assertThat(json.get("findings").get(0).get("kind").stringValue())
                .isEqualTo("ungranted-import");
        assertThat(json.get("findings").get(0).get("subject").stringValue())
                .isEqualTo("wasmbox:kv/get");
        assertThat(json.get("findings").get(1).get("kind").stringValue()).isEqualTo("unused-grant");
        assertThat(json.get("limits").get("max-memory").longValue()).isEqualTo(16L << 20);
        assertThat(json.get("limits").get("timeout").stringValue()).isEqualTo("100ms");
        // the limits section is itself a valid policy-file limits section
        String limitsAsPolicy = "{\"limits\": " + json.get("limits") + "}";
        assertThat(PolicyFiles.parsePolicy(limitsAsPolicy, PolicyFiles.Format.JSON).limits())
                .isEqualTo(policy.limits());
    }

    private static AuditReport audit(
            PluginPolicy policy, Optional<PluginManifest> manifest, String... imports) {
        return PolicyAudit.audit(
                List.of(imports).stream().map(PolicyAuditTest::ref).toList(),
                manifest,
                policy,
                ALWAYS,
                PROVIDED);
    }

    private static PluginManifest manifest(String... capabilities) {
        StringBuilder json = new StringBuilder("{\"abi\": 1, \"capabilities\": [");
        for (int i = 0; i < capabilities.length; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(capabilities[i]).append('"');
        }
        return PluginManifest.parse(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ImportRef ref(String text) {
        return ImportRef.parse(text);
    }
}
