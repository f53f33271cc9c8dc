/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static io.github.wasmbox.sandbox.GeneratedModules.name;
import static io.github.wasmbox.sandbox.GeneratedModules.section;
import static io.github.wasmbox.sandbox.GeneratedModules.u32;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.wasmbox.policy.PluginPolicy;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Guest-controlled text — import names, the manifest, stdout — reaches exception messages and log
 * lines escaped and capped, however hostile: CR/LF that would forge log lines, terminal escapes,
 * names of 100 kB and a manifest of 1 MiB.
 */
class GuestTextSinksTest {
    /** A name that would start a forged log line and clear the operator's terminal. */
    private static final String FORGING =
            "get\r\n2026-12-02 09:00:00 INFO  [main] all plugins verified\u001b[2J\u001b]0;owned\u0007";

    private static final String HUGE = "h".repeat(100_000);

    private final PluginRuntime runtime = PluginRuntime.builder().build();
    private final List<Runnable> detach = new ArrayList<>();

    @AfterEach
    void close() {
        detach.forEach(Runnable::run);
        runtime.close();
    }

    @Test
    void hostileImportNamesAndAMebibyteManifestReachTheLinkErrorEscapedAndCapped() {
        byte[] module =
                module(
                        List.of(
                                new Import("wasmbox:kv", FORGING, 0),
                                new Import("wasmbox:kv", HUGE, 0),
                                new Import(FORGING, HUGE, 1)),
                        manifest("m/" + FORGING));

        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "hostile", PluginSource.bytes(module), Fixtures.relaxed()))
                .isInstanceOfSatisfying(
                        PluginLinkException.class,
                        e -> {
                            assertThat(e.violations())
                                    .hasSize(6)
                                    .allSatisfy(GuestTextSinksTest::safe);
                            assertThat(e.getMessage())
                                    .contains("get\\r\\n2026-12-02 09:00:00 INFO")
                                    .contains("\\u001b[2J")
                                    .contains("…[99811 more chars]")
                                    .hasSizeLessThan(20_000);
                            assertThat(e.getMessage().lines()).allSatisfy(GuestTextSinksTest::safe);
                        });
        assertHostServes();
    }

    @Test
    void aLoadedModulesAuditWarningIsLoggedEscapedAndCapped() {
        ListAppender<ILoggingEvent> logged = capture(ModuleLoader.class.getName());
        byte[] module = module(List.of(), manifest("wasmbox:kv/" + FORGING + HUGE));

        PluginPolicy lenient = Fixtures.relaxed().toBuilder().strictManifest(false).build();

        Plugin plugin = runtime.load("requester", PluginSource.bytes(module), lenient);

        assertThat(logged.list)
                .singleElement()
                .satisfies(
                        event -> {
                            assertThat(event.getLevel()).isEqualTo(Level.WARN);
                            String line = event.getFormattedMessage();
                            assertThat(line)
                                    .contains("\\u001b]0;owned\\u0007")
                                    .hasSizeLessThan(2_000);
                            // The only line breaks are the report's own.
                            assertThat(line.lines()).allSatisfy(GuestTextSinksTest::safe);
                            assertThat(line.lines().skip(3).findFirst().orElseThrow())
                                    .startsWith("limits: ");
                        });
        assertThat(logged.list.get(0).getFormattedMessage())
                .endsWith(plugin.auditReport().toText());
    }

    @Test
    void aManifestThatDoesNotParseIsQuotedCapped() {
        byte[] manifest =
                ("{\"abi\":1,\"capabilities\":[\""
                                + "\\r\\n\\u001b[31m"
                                + "c".repeat((1 << 20) - 100)
                                + "\"]}")
                        .getBytes(UTF_8);

        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "unreadable",
                                        PluginSource.bytes(module(List.of(), manifest)),
                                        Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("unreadable wasmbox.manifest")
                .hasMessageContaining("\\r\\n\\u001b[31mccc")
                .satisfies(
                        e -> {
                            safe(e.getMessage());
                            assertThat(e.getMessage()).hasSizeLessThan(1_000);
                        });
    }

    @Test
    void aHostileExportNameIsQuotedEscapedAndCapped() {
        byte[] module =
                module(
                        List.of(),
                        List.of("__wasmbox_" + FORGING + HUGE.substring(200)),
                        "{\"abi\":1}".getBytes(UTF_8));

        assertThatThrownBy(
                        () ->
                                runtime.load(
                                        "exporter", PluginSource.bytes(module), Fixtures.relaxed()))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("export __wasmbox_get\\r\\n2026-12-02")
                .satisfies(
                        e -> {
                            safe(e.getMessage());
                            assertThat(e.getMessage()).hasSizeLessThan(3_000);
                        });
    }

    @Test
    void aMebibyteOfNulsOnStdoutSucceedsAndIsLoggedCapped() {
        ListAppender<ILoggingEvent> logged = capture("wasmbox.plugin.nuls");
        Plugin plugin =
                runtime.load(
                        "nuls",
                        Fixtures.source("nul_stdout"),
                        Fixtures.limits(l -> l.maxStdoutBytes(1 << 20)));

        CallResult result = plugin.invoke("nuls", new byte[0]);

        assertThat(result.stdout()).hasSize(1 << 20);
        assertThat(logged.list)
                .singleElement()
                .satisfies(
                        event -> {
                            String line = event.getFormattedMessage();
                            assertThat(line)
                                    .startsWith("stdout: \\u0000\\u0000")
                                    .endsWith(
                                            "…["
                                                    + ((1 << 20) - PluginVersion.LOGGED_BYTES)
                                                    + " more bytes]")
                                    .hasSizeLessThanOrEqualTo(6 * PluginVersion.LOGGED_BYTES + 40);
                        });
    }

    /** Holds no raw control character, and no forged log line starts in it. */
    private static void safe(String text) {
        assertThat(text.chars()).noneMatch(c -> Character.isISOControl(c));
        assertThat(text).doesNotStartWith("2026-12-02");
    }

    private void assertHostServes() {
        Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        assertThat(echo.call("echo", "still here".getBytes(UTF_8)))
                .asString(UTF_8)
                .isEqualTo("still here");
    }

    private ListAppender<ILoggingEvent> capture(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        detach.add(
                () -> {
                    logger.detachAppender(appender);
                    logger.setLevel(level);
                });
        return appender;
    }

    /** A manifest of about 1 MiB that requests {@code capability} among ungranted padding. */
    private static byte[] manifest(String capability) {
        StringBuilder json = new StringBuilder("{\"abi\":1,\"name\":\"");
        json.append("\\u001b[31m\\r\\n")
                .append("n".repeat(100_000))
                .append("\",\"capabilities\":[\"");
        json.append(
                capability
                        .replace("\r", "\\r")
                        .replace("\n", "\\n")
                        .replace("\u001b", "\\u001b")
                        .replace("\u0007", "\\u0007"));
        json.append("\"],\"padding\":\"").append("p".repeat((1 << 20) - json.length() - 100));
        return json.append("\"}").toString().getBytes(UTF_8);
    }

    /** An import of a function of type {@code [] -> []} (kind 0) or of a table (kind 1). */
    private record Import(String module, String name, int kind) {}

    private static byte[] module(List<Import> imports, byte[] manifest) {
        return module(imports, List.of(), manifest);
    }

    /**
     * A module with the given imports, a memory exported under each of {@code exports}, and a
     * {@code wasmbox.manifest} custom section.
     */
    private static byte[] module(List<Import> imports, List<String> exports, byte[] manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, new byte[] {1, 0x60, 0, 0});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u32(body, imports.size());
        for (Import i : imports) {
            name(body, i.module());
            name(body, i.name());
            body.write(i.kind());
            if (i.kind() == 0) {
                body.write(0);
            } else {
                body.writeBytes(new byte[] {0x70, 0, 0});
            }
        }
        section(out, 2, body.toByteArray());
        if (!exports.isEmpty()) {
            section(out, 5, new byte[] {1, 0, 1});
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            u32(exported, exports.size());
            for (String export : exports) {
                name(exported, export);
                exported.writeBytes(new byte[] {2, 0});
            }
            section(out, 7, exported.toByteArray());
        }
        ByteArrayOutputStream custom = new ByteArrayOutputStream();
        name(custom, "wasmbox.manifest");
        custom.writeBytes(manifest);
        section(out, 0, custom.toByteArray());
        return out.toByteArray();
    }
}
