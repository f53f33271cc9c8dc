/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.policy;
import static io.github.wasmbox.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.cli.Cli.Run;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AuditCommandTest {

    @Test
    void aMissingGrantFailsAndIsNamed() {
        Run run =
                run(
                        "audit",
                        dist("discount-rules"),
                        "--policy",
                        policy("discount-rules-without-kv.yaml"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("as plugin 'discount-rules'")
                .contains(": refused")
                .contains("error: import wasmbox:kv/get is not granted")
                .contains("error: import wasmbox:kv/put is not granted")
                .contains("limits: ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonListsViolationsAndFindings() {
        JsonNode audit =
                run(
                                "audit",
                                "--json",
                                dist("discount-rules"),
                                "--policy",
                                policy("discount-rules-without-kv.yaml"))
                        .json();

        assertThat(audit.get("loads").asBoolean()).isFalse();
        assertThat(audit.get("plugin").asString()).isEqualTo("discount-rules");
        assertThat(audit.get("violations").valueStream().map(JsonNode::asString))
                .anyMatch(v -> v.startsWith("import wasmbox:kv/get is not granted"));
        assertThat(audit.get("findings"))
                .anySatisfy(
                        f -> {
                            assertThat(f.get("severity").asString()).isEqualTo("error");
                            assertThat(f.get("subject").asString()).isEqualTo("wasmbox:kv/get");
                        });
        assertThat(audit.get("limits").get("timeout").asString()).isEqualTo("10s");
    }

    @Test
    void unusedGrantsAreReportedOnAModuleThatLoads() {
        Run run =
                run(
                        "audit",
                        "--json",
                        dist("discount-rules"),
                        "--policy",
                        policy("discount-rules.yaml"));

        assertThat(run.exitCode()).isZero();
        JsonNode audit = run.json();
        assertThat(audit.get("loads").asBoolean()).isTrue();
        assertThat(audit.get("violations")).isEmpty();
        assertThat(audit.get("findings"))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.get("severity").asString()).isEqualTo("warning");
                            assertThat(f.get("kind").asString()).isEqualTo("unused-grant");
                            assertThat(f.get("subject").asString())
                                    .isEqualTo("wasmbox:http/request");
                        });
        assertThat(
                        run(
                                        "audit",
                                        dist("discount-rules"),
                                        "--policy",
                                        policy("discount-rules.yaml"))
                                .out())
                .contains(": loads\n0 errors, 1 warning\nwarning: grant wasmbox:http/request");
    }

    @Test
    void aPolicySetNeedsThePluginsName() {
        Run picked =
                run(
                        "audit",
                        dist("discount-rules"),
                        "--policy",
                        policy("set.yaml"),
                        "--plugin",
                        "discount-rules");
        Run unpicked = run("audit", dist("discount-rules"), "--policy", policy("set.yaml"));
        Run unknown =
                run(
                        "audit",
                        dist("discount-rules"),
                        "--policy",
                        policy("set.yaml"),
                        "--plugin",
                        "tax");

        assertThat(picked.exitCode()).isZero();
        assertThat(unpicked.exitCode()).isEqualTo(2);
        assertThat(unpicked.err())
                .isEqualTo(
                        "wasmbox audit: "
                                + policy("set.yaml")
                                + " is a policy set; pick a plugin's policy with --plugin (it"
                                + " names discount-rules, echo)\n");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("names no plugin 'tax'; it names discount-rules, echo");
    }

    @Test
    void aBadPolicyIsAnInputError() {
        Run typo = run("audit", dist("echo"), "--policy", policy("typo.yaml"));
        Run missing = run("audit", dist("echo"), "--policy", "absent.yaml");
        Run extension = run("audit", dist("echo"), "--policy", dist("echo"));
        Run none = run("audit", dist("echo"));

        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err())
                .startsWith("wasmbox audit: " + policy("typo.yaml") + ": ")
                .contains("fuell")
                .contains("fuel");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("wasmbox audit: absent.yaml: no such file\n");
        assertThat(extension.exitCode()).isEqualTo(2);
        assertThat(extension.err()).contains("must end in .yaml, .yml or .json");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required option: '--policy=POLICY'");
        for (Run run : new Run[] {typo, missing, extension, none}) {
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
