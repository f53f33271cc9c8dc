package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The persistent compile cache of {@link PluginRuntime.Builder#compileCacheDirectory}. */
class CompileCacheTest {

    @Test
    void aSecondRuntimeLoadsTheCompiledClassesFromTheDirectory(@TempDir Path temp)
            throws IOException {
        Path cache = temp.resolve("compiled");
        try (PluginRuntime runtime = PluginRuntime.builder().compileCacheDirectory(cache).build()) {
            Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
            assertThat(echo.call("echo", "one".getBytes(UTF_8))).asString(UTF_8).isEqualTo("one");
        }
        List<Path> entries = jars(cache);
        assertThat(entries).hasSize(1);
        try (PluginRuntime runtime = PluginRuntime.builder().compileCacheDirectory(cache).build()) {
            Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
            assertThat(echo.call("echo", "two".getBytes(UTF_8))).asString(UTF_8).isEqualTo("two");
        }
        assertThat(jars(cache)).isEqualTo(entries);
    }

    @Test
    void aDamagedEntryIsReplacedByACompile(@TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        try (PluginRuntime runtime = PluginRuntime.builder().compileCacheDirectory(cache).build()) {
            runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
        }
        Path entry = jars(cache).get(0);
        Files.write(entry, "not a jar".getBytes(UTF_8));
        try (PluginRuntime runtime = PluginRuntime.builder().compileCacheDirectory(cache).build()) {
            Plugin echo = runtime.load("echo", Fixtures.source("echo"), Fixtures.relaxed());
            assertThat(echo.call("echo", "ok".getBytes(UTF_8))).asString(UTF_8).isEqualTo("ok");
        }
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

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
