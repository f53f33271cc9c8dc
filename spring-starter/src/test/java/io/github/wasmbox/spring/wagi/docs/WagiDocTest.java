/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.wagi.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of docs/wagi.md is the source of {@link ReceiptController}, which {@code
 * WagiRoutesTest} runs over real HTTP.
 */
class WagiDocTest {
    private static final Path PAGE = Path.of("..", "docs", "wagi.md");
    private static final Path SOURCE =
            Path.of("src/test/java/io/github/wasmbox/spring/wagi/docs/ReceiptController.java");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfThePageIsTheTestedController() throws IOException {
        String source = normalized(Files.readString(SOURCE));
        Matcher block = JAVA_BLOCK.matcher(Files.readString(PAGE));
        int blocks = 0;
        while (block.find()) {
            blocks++;
            assertThat(source)
                    .as("docs/wagi.md block %d", blocks)
                    .contains(normalized(block.group(1)));
        }
        assertThat(blocks).isPositive();
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
