/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The persistent compile cache of {@link PluginRuntime.Builder#compileCacheDirectory}. */
class CompileCacheTest {

    @Test
    void aSecondRuntimeLoadsTheCompiledModuleFromTheDirectory(@TempDir Path temp)
            throws IOException {
        Path cache = temp.resolve("compiled");
        CallResult first = loadAndCall(cache, "one");
        List<Path> written = entries(cache);
        assertThat(written).hasSize(1);
        byte[] entry = Files.readAllBytes(written.get(0));

        CallResult second = loadAndCall(cache, "one");

        assertThat(second.output()).isEqualTo(first.output());
        assertThat(second.fuelConsumed()).isEqualTo(first.fuelConsumed());
        assertThat(entries(cache)).isEqualTo(written);
        assertThat(Files.readAllBytes(written.get(0))).isEqualTo(entry);
    }

    @Test
    void aHitIsReportedAsOne(@TempDir Path temp) {
        Path cache = temp.resolve("compiled");
        assertThat(loadEvent(cache).cacheHit()).isFalse();
        assertThat(loadEvent(cache).cacheHit()).isTrue();
    }

    /**
     * Damage in the header, a skeleton length past the end (which must not be allocated), damage in
     * the skeleton, the classes or the MAC, or a cut file.
     */
    @ParameterizedTest
    @ValueSource(strings = {"header", "length", "skeleton", "classes", "mac", "cut"})
    void aDamagedEntryIsReplacedByACompile(String damage, @TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        CallResult intact = loadAndCall(cache, "ok");
        Path entry = entries(cache).get(0);
        byte[] good = Files.readAllBytes(entry);
        byte[] damaged = good.clone();
        switch (damage) {
            case "header" -> damaged[0] ^= 0x5A;
            case "length" -> damaged[4] = 0x7F;
            case "skeleton" -> damaged[20] ^= 0x5A;
            case "classes" -> damaged[good.length * 3 / 4] ^= 0x5A;
            case "mac" -> damaged[good.length - 1] ^= 0x01;
            default -> damaged = Arrays.copyOf(good, good.length / 2);
        }
        Files.write(entry, damaged);

        assertThat(loadEvent(cache).cacheHit()).as("the damaged entry is not used").isFalse();
        // That load replaced the entry (its jar's timestamps differ, so compare by use).
        assertThat(loadEvent(cache).cacheHit()).as("the replacement is used").isTrue();
        CallResult fromReplacement = loadAndCall(cache, "ok");

        assertThat(fromReplacement.output()).isEqualTo(intact.output());
        assertThat(fromReplacement.fuelConsumed()).isEqualTo(intact.fuelConsumed());
    }

    private static CallResult loadAndCall(Path cache, String input) {
        try (PluginRuntime runtime = PluginRuntime.builder().compileCacheDirectory(cache).build()) {
            Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
            return echo.invoke("echo", input.getBytes(UTF_8));
        }
    }

    private static PluginEvents.Loaded loadEvent(Path cache) {
        List<PluginEvents.Loaded> loads = new ArrayList<>();
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .compileCacheDirectory(cache)
                        .listener(
                                new PluginListener() {
                                    @Override
                                    public void onLoaded(PluginEvents.Loaded event) {
                                        loads.add(event);
                                    }
                                })
                        .build()) {
            runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        }
        return loads.get(0);
    }

    @Test
    void aDirectoryOthersCanWriteIsRejected(@TempDir Path temp) throws IOException {
        Path shared = Files.createDirectory(temp.resolve("shared"));
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system
        }
        assertThatThrownBy(() -> PluginRuntime.builder().compileCacheDirectory(shared))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writable by other users");
    }

    private static List<Path> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".compiled")).sorted().toList();
        }
    }
}
