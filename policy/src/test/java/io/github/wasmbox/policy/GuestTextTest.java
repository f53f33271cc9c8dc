/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuestTextTest {

    @Test
    void controlCharactersBackslashesSeparatorsAndBidiControlsAreEscaped() {
        String hostile = "a\r\nb\t\u001b[31mc\\d\u0000\u007f\u009b\u2028\u2029\u202e\u2066\u061c";

        String escaped = GuestText.escape(hostile, 1_000);

        assertThat(escaped)
                .isEqualTo(
                        "a\\r\\nb\\t\\u001b[31mc\\\\d\\u0000\\u007f\\u009b\\u2028\\u2029\\u202e"
                                + "\\u2066\\u061c");
    }

    @Test
    void plainTextAndPairedSurrogatesPassUnchangedButLoneSurrogatesAreEscaped() {
        String plain = "wasmbox:kv/get é 😀";

        assertThat(GuestText.escape(plain, 1_000)).isSameAs(plain);
        assertThat(GuestText.escape("x\ud83dy\ude00", 1_000)).isEqualTo("x\\ud83dy\\ude00");
    }

    @Test
    void aLongStringIsCutAtTheCapAndSaysHowMuchWasLeftOff() {
        String name = "n".repeat(100_000);

        assertThat(GuestText.escape(name, 10)).isEqualTo("nnnnnnnnnn…[99990 more chars]");
        // A surrogate pair straddling the cap is left off whole, not split.
        assertThat(GuestText.escape("ab😀", 3)).isEqualTo("ab…[2 more chars]");
    }

    @Test
    void bytesAreCutAtACharacterBoundaryBeforeDecoding() {
        byte[] utf8 = "éé\n".getBytes(StandardCharsets.UTF_8);

        assertThat(GuestText.escape(utf8, 3)).isEqualTo("é…[3 more bytes]");
        assertThat(GuestText.escape(utf8, 4)).isEqualTo("éé…[1 more bytes]");
        assertThat(GuestText.escape(utf8, 99)).isEqualTo("éé\\n");
        // A malformed run of continuation bytes is cut at the cap, not walked back to nothing.
        byte[] continuations = new byte[100];
        java.util.Arrays.fill(continuations, (byte) 0x80);
        assertThat(GuestText.escape(continuations, 10))
                .startsWith("\ufffd")
                .endsWith("[93 more bytes]");
    }

    @Test
    void theTailKeepsTheLastBytesStrippedAndEscaped() {
        byte[] stderr =
                "noise\nmore noise\npanicked: \u001b]0;x\n".getBytes(StandardCharsets.UTF_8);

        assertThat(GuestText.tail(stderr, 16)).isEqualTo("…panicked: \\u001b]0;x");
        assertThat(GuestText.tail(" ok \n".getBytes(StandardCharsets.UTF_8), 100)).isEqualTo("ok");
    }

    @Test
    void aNegativeCapIsRefused() {
        assertThatThrownBy(() -> GuestText.escape("x", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void escapingTenMebibytesOfControlBytesAllocatesInProportionToTheCapNotTheInput() {
        byte[] nuls = new byte[10 << 20];
        String chars = new String(new char[10 << 20]);
        GuestText.escape(nuls, 4_096); // loads the class and its table outside the measurement

        long bytesStart = allocated();
        String fromBytes = GuestText.escape(nuls, 4_096);
        long bytesAllocated = allocated() - bytesStart;
        long charsStart = allocated();
        String fromChars = GuestText.escape(chars, 4_096);
        long charsAllocated = allocated() - charsStart;

        assertThat(fromBytes).startsWith("\\u0000").endsWith("…[10481664 more bytes]");
        assertThat(fromChars).endsWith("…[10481664 more chars]");
        // 4 096 units escape to 24 KiB of text; the input is 10 MiB (20 MiB as a String).
        assertThat(bytesAllocated).isLessThan(512 << 10);
        assertThat(charsAllocated).isLessThan(512 << 10);
    }

    @Test
    void auditFindingsAndTheManifestShowHostileNamesEscapedAndCapped() {
        String hostile = "evil\r\n2026-12-02 INFO forged line \u001b[2J" + "x".repeat(100_000);
        PluginPolicy policy = PluginPolicy.builder().build();
        byte[] manifest =
                ("{\"abi\":1,\"name\":\""
                                + "\\u001b".repeat(10)
                                + "\",\"capabilities\":[\"m/"
                                + "y".repeat(1 << 20)
                                + "\"]}")
                        .getBytes(StandardCharsets.UTF_8);

        AuditReport report =
                PolicyAudit.audit(
                        List.of(new ImportRef("wasmbox:kv", hostile)),
                        Optional.of(PluginManifest.parse(manifest)),
                        policy,
                        Set.of("wasmbox"),
                        Set.of());

        assertThat(report.findings()).hasSize(3);
        for (AuditFinding finding : report.findings()) {
            assertThat(finding.message()).doesNotContain("\r", "\n", "\u001b").hasSizeLessThan(800);
            assertThat(finding.subject()).doesNotContain("\r", "\n", "\u001b").hasSizeLessThan(300);
        }
        assertThat(report.toText().lines())
                .hasSize(5)
                .allSatisfy(line -> assertThat(line).doesNotContain("\u001b").hasSizeLessThan(800));
        assertThat(report.toText()).contains("evil\\r\\n2026-12-02 INFO forged line \\u001b[2J");
        assertThat(PluginManifest.parse(manifest).toString())
                .doesNotContain("\u001b")
                .hasSizeLessThan(1_000);
    }

    @Test
    void aManifestErrorQuotesAMebibyteValueCapped() {
        char[] value = new char[1 << 20];
        Arrays.fill(value, 'z');
        byte[] manifest =
                ("{\"abi\":1,\"capabilities\":[\"\\r\\n" + new String(value) + "\"]}")
                        .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> PluginManifest.parse(manifest))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capabilities[0] must name one function")
                .hasMessageContaining("\\r\\nzzz")
                .hasMessageNotContaining("\n")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
    }

    @Test
    void theReportListsAHundredFindingsAndCountsTheRest() {
        List<ImportRef> imports =
                java.util.stream.IntStream.range(0, 150)
                        .mapToObj(i -> new ImportRef("wasmbox:kv", "f" + i))
                        .toList();

        AuditReport report =
                PolicyAudit.audit(
                        imports,
                        Optional.empty(),
                        PluginPolicy.builder().build(),
                        Set.of(),
                        Set.of());

        assertThat(report.findings()).hasSize(300);
        assertThat(report.toText())
                .contains("… 200 more findings\n")
                .satisfies(text -> assertThat(text.lines()).hasSize(AuditReport.TEXT_FINDINGS + 3));
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }
}
