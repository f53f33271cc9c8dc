/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the README's quickstart compiling and true. */
class ReadmeQuickstartTest {
    private static final Logger log = LoggerFactory.getLogger(ReadmeQuickstartTest.class);
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE =
            Path.of("src/test/java/io/github/wasmbox/sandbox/ReadmeQuickstartTest.java");

    @Test
    void theQuickstartRuns() throws Exception {
        Path wasm = Path.of("..", "plugins-rust", "dist", "echo.wasm");
        String digest = ModuleLoader.sha256(Files.readAllBytes(wasm));
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        ((ch.qos.logback.classic.Logger) log).addAppender(logged);

        quickstart(wasm, digest);

        assertThat(logged.list)
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.getFormattedMessage())
                                        .matches("hello used [1-9][0-9]* fuel"));
    }

    private static void quickstart(Path wasm, String digest) {
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            PluginPolicy policy =
                    PluginPolicy.builder()
                            .limits(
                                    Limits.builder()
                                            .fuel(5_000_000)
                                            .maxMemoryBytes(4 << 20)
                                            .timeout(Duration.ofSeconds(1))
                                            .build())
                            .build();
            Plugin echo = runtime.load("echo", PluginSource.path(wasm).sha256(digest), policy);
            CallResult result = echo.invoke("echo", "hello".getBytes(UTF_8));
            log.info("{} used {} fuel", result.outputAsString(), result.fuelConsumed());
        }
    }

    @Test
    void theReadmeShowsExactlyThisCode() throws Exception {
        String source = squash(Files.readString(THIS_SOURCE));
        for (String snippet : javaBlocks(Files.readString(README))) {
            assertThat(source).as("README snippet kept in this test").contains(squash(snippet));
        }
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertThat(blocks).isNotEmpty();
        return blocks;
    }

    /** Formatting may differ between the README and the formatted source; tokens may not. */
    static String squash(String code) {
        return code.replaceAll("\\s+", "");
    }
}
