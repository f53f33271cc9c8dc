/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md and docs/*.md is the text of a test source of some
 * module (src/test/java), up to whitespace, so that it compiles and runs in the build: an example
 * that drifts from the API fails here, naming the page and line. Which test runs a block is that
 * page's own doc test; this one only makes sure none is left out.
 */
class DocsJavaBlocksTest {
    private static final Path ROOT = WasmboxExtensionTest.ROOT.toAbsolutePath().normalize();
    private static final Pattern JAVA_BLOCK =
            Pattern.compile("^```java\n(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void everyJavaBlockIsATestSource() throws IOException {
        List<String> sources = new ArrayList<>();
        for (Path source : files(ROOT, "**/src/test/java/**.java")) {
            sources.add(squash(Files.readString(source)));
        }
        List<Path> pages = new ArrayList<>(files(ROOT.resolve("docs"), "docs/*.md"));
        pages.add(ROOT.resolve("README.md"));

        List<String> uncovered = new ArrayList<>();
        int blocks = 0;
        for (Path page : pages) {
            String text = Files.readString(page);
            Matcher block = JAVA_BLOCK.matcher(text);
            while (block.find()) {
                blocks++;
                String snippet = squash(block.group(1));
                if (sources.stream().noneMatch(source -> source.contains(snippet))) {
                    uncovered.add(ROOT.relativize(page) + ":" + line(text, block.start()));
                }
            }
        }

        assertThat(blocks).as("java blocks found").isGreaterThan(10);
        assertThat(uncovered)
                .as(
                        "java blocks that no test source contains: put each in the test that runs"
                                + " that page's examples")
                .isEmpty();
    }

    /**
     * Files under {@code dir} whose path from the root {@code glob} matches, outside build output.
     */
    private static List<Path> files(Path dir, String glob) throws IOException {
        PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(
                dir,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                        String name = String.valueOf(d.getFileName());
                        return name.equals("target") || name.startsWith(".")
                                ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                        if (matcher.matches(ROOT.relativize(file))) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        found.sort(null);
        return found;
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    /** Formatting may differ between a page and the formatted source; tokens may not. */
    private static String squash(String code) {
        return code.replaceAll("\\s+", "");
    }
}
