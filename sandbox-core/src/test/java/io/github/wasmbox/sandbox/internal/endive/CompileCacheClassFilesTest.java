/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The class-file reader behind the huge-method warning. */
class CompileCacheClassFilesTest {

    @Test
    void readsTheBytecodeLengthOfEveryMethod() throws IOException {
        byte[] classFile;
        try (InputStream in = FlatMemory.class.getResourceAsStream("FlatMemory.class")) {
            classFile = in.readAllBytes();
        }
        Map<String, Integer> sizes = new HashMap<>();
        CompileCache.ClassFiles.methodCodeSizes(classFile, sizes::put);
        assertThat(sizes).containsKeys("grow", "readInt", "write", "<init>", "<clinit>");
        assertThat(sizes.get("grow")).isBetween(10, CompileCache.HUGE_METHOD_LIMIT);
    }

    @Test
    void noClassesSeenMeansNoHugeMethods() {
        assertThat(new CompileCache(null, "test", "").hugeMethods()).isEmpty();
    }
}
