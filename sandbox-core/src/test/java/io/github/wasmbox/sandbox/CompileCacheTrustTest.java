/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the persistent compile cache trusts: a directory and entries only the process's user can
 * have written, each entry bound to its module and its whole content. The attacker here is a second
 * local user who can write files the cache might read; the victim is a pinned plugin.
 */
class CompileCacheTrustTest {
    private static final String PINNED_SHA256 = sha256(Fixtures.wasm("echo"));

    @Test
    void aDirectoryOwnedByAnotherUserIsRefused(@TempDir Path temp) throws IOException {
        Path planted = Files.createDirectory(temp.resolve("compiled"));
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxr-xr-x"));
        chownToNobody(planted);

        assertThatThrownBy(() -> PluginRuntime.builder().compileCacheDirectory(planted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(planted.toString())
                .hasMessageContaining("owned by")
                .hasMessageContaining("compileCacheDirectory");
    }

    @Test
    void anEntryOwnedByAnotherUserIsIgnoredAndReplaced(@TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        callPinned(cache);
        Path entry = entry(cache);
        chownToNobody(entry);

        assertThat(pinnedLoadHit(cache)).as("the foreign entry is not used").isFalse();
        assertThat(Files.getOwner(entry)).isEqualTo(Files.getOwner(cache));
        assertThat(pinnedLoadHit(cache)).as("its replacement is").isTrue();
    }

    /**
     * The attacker computes the pinned module's entry name and puts their own compiled classes
     * there: either their whole entry, or the pinned entry with its classes part swapped for
     * theirs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"whole entry", "classes part"})
    void anotherModulesCompiledClassesAreNotRunForThePinnedPlugin(
            String swapped, @TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        Path attackers = temp.resolve("attackers");
        assertThat(callPinned(cache)).isEqualTo("mine");
        assertThat(call(attackers, Fixtures.source("impostor"))).isEqualTo("bad input");
        byte[] pinned = Files.readAllBytes(entry(cache));
        byte[] impostor = Files.readAllBytes(entry(attackers));
        byte[] planted =
                swapped.equals("whole entry")
                        ? impostor
                        : concat(
                                Arrays.copyOf(pinned, jarStart(pinned)),
                                Arrays.copyOfRange(impostor, jarStart(impostor), impostor.length));
        Files.write(entry(cache), planted);

        assertThat(callPinned(cache)).as("the planted classes are not run").isEqualTo("mine");
        assertThat(pinnedLoadHit(cache)).as("the planted entry was replaced").isTrue();
    }

    /** The jar's central directory is not read when its classes load; the entry's MAC covers it. */
    @Test
    void aBitFlipAnywhereInTheClassesIsAMiss(@TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        callPinned(cache);
        byte[] entry = Files.readAllBytes(entry(cache));
        int centralDirectory = indexOf(entry, new byte[] {'P', 'K', 1, 2}, jarStart(entry));
        entry[centralDirectory + 46] ^= 0x01; // the first entry name's first character
        Files.write(entry(cache), entry);

        assertThat(pinnedLoadHit(cache)).isFalse();
        assertThat(pinnedLoadHit(cache)).as("the replacement is used").isTrue();
        assertThat(callPinned(cache)).isEqualTo("mine");
    }

    @Test
    void aSymlinkedEntryIsNotFollowedAndIsReplaced(@TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        callPinned(cache);
        Path entry = entry(cache);
        Path elsewhere = Files.move(entry, temp.resolve("elsewhere"));
        byte[] target = Files.readAllBytes(elsewhere);
        Files.createSymbolicLink(entry, elsewhere);

        assertThat(pinnedLoadHit(cache)).as("the link is not followed").isFalse();
        assertThat(Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readAllBytes(elsewhere))
                .as("the link's target is untouched")
                .isEqualTo(target);
        assertThat(pinnedLoadHit(cache)).isTrue();
    }

    /** Reading it whole would throw OutOfMemoryError (past the largest array), on every load. */
    @Test
    void aSparseTwoGibibyteEntryIsAMissAndLaterLoadsWork(@TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        callPinned(cache);
        try (RandomAccessFile file = new RandomAccessFile(entry(cache).toFile(), "rw")) {
            file.setLength(2L << 30);
        }

        assertThat(pinnedLoadHit(cache)).isFalse();
        assertThat(Files.size(entry(cache))).isLessThan(1 << 20);
        assertThat(pinnedLoadHit(cache)).isTrue();
        assertThat(callPinned(cache)).isEqualTo("mine");
    }

    /**
     * Whoever can write a parent can rename the cache directory away and put theirs in its place.
     */
    @Test
    void aParentOthersCanWriteWithoutTheStickyBitIsRefused(@TempDir Path temp) throws IOException {
        Path parent = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxr-x"));
        Path cache = parent.resolve("compiled");

        assertThatThrownBy(() -> PluginRuntime.builder().compileCacheDirectory(cache))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parent.toString())
                .hasMessageContaining("sticky")
                .hasMessageContaining("compileCacheDirectory");
    }

    @Test
    void aParentOwnedByAnotherUserIsRefused(@TempDir Path temp) throws IOException {
        Path parent = Files.createDirectory(temp.resolve("theirs"));
        Path cache = Files.createDirectory(parent.resolve("compiled"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwx------"));
        chownToNobody(parent);

        assertThatThrownBy(() -> PluginRuntime.builder().compileCacheDirectory(cache))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parent.toString())
                .hasMessageContaining("owned by");
    }

    /** Like /tmp: others can create names in it, but not rename or delete this process's. */
    @Test
    void aStickyParentOthersCanWriteIsAccepted(@TempDir Path temp) throws IOException {
        Path parent = Files.createDirectory(temp.resolve("tmp"));
        Files.setAttribute(parent, "unix:mode", 01777);
        Path cache = parent.resolve("compiled");

        assertThat(callPinned(cache)).isEqualTo("mine");
        assertThat(pinnedLoadHit(cache)).isTrue();
    }

    @Test
    void aDirectoryThatIsASymbolicLinkIsRefused(@TempDir Path temp) throws IOException {
        Path real = Files.createDirectory(temp.resolve("real"));
        Path link = Files.createSymbolicLink(temp.resolve("compiled"), real);

        assertThatThrownBy(() -> PluginRuntime.builder().compileCacheDirectory(link))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void entriesAndTheKeyAreWrittenOwnerOnly(@TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        callPinned(cache);
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.toList())
                    .hasSize(2)
                    .allSatisfy(
                            file ->
                                    assertThat(Files.getPosixFilePermissions(file))
                                            .isEqualTo(
                                                    PosixFilePermissions.fromString("rw-------")));
        }
    }

    /** A key others could read lets them sign entries; it is replaced, and old entries miss. */
    @ParameterizedTest
    @ValueSource(strings = {"readable by others", "foreign owner", "symbolic link"})
    void aKeyOthersCouldKnowIsReplaced(String exposure, @TempDir Path temp) throws IOException {
        Path cache = temp.resolve("compiled");
        callPinned(cache);
        Path key = key(cache);
        byte[] old = Files.readAllBytes(key);
        switch (exposure) {
            case "readable by others" ->
                    Files.setPosixFilePermissions(
                            key, PosixFilePermissions.fromString("rw-r--r--"));
            case "foreign owner" -> chownToNobody(key);
            default -> {
                Path copy = Files.copy(key, temp.resolve("copy"));
                Files.delete(key);
                Files.createSymbolicLink(key, copy);
            }
        }

        assertThat(pinnedLoadHit(cache)).as("entries signed with the exposed key miss").isFalse();
        assertThat(Files.isRegularFile(key, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readAllBytes(key)).isNotEqualTo(old);
        assertThat(Files.getPosixFilePermissions(key))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(pinnedLoadHit(cache)).isTrue();
    }

    private static String callPinned(Path cache) {
        return call(cache, pinned());
    }

    private static PluginSource pinned() {
        return Fixtures.source("echo").sha256(PINNED_SHA256);
    }

    private static String call(Path cache, PluginSource source) {
        try (PluginRuntime runtime = PluginRuntime.builder().compileCacheDirectory(cache).build()) {
            Plugin plugin = runtime.load("echo", source, Fixtures.relaxed());
            return new String(plugin.invoke("echo", "mine".getBytes(UTF_8)).output(), UTF_8);
        }
    }

    private static boolean pinnedLoadHit(Path cache) {
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
            runtime.load("echo", pinned(), Fixtures.relaxed());
        }
        return loads.get(0).cacheHit();
    }

    private static void chownToNobody(Path path) throws IOException {
        assumeTrue(
                Files.getOwner(path).getName().equals("root"),
                "giving a file to another user needs root");
        UserPrincipal nobody =
                path.getFileSystem()
                        .getUserPrincipalLookupService()
                        .lookupPrincipalByName("nobody");
        Files.setOwner(path, nobody);
    }

    private static Path entry(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> entries =
                    files.filter(f -> f.getFileName().toString().endsWith(".compiled")).toList();
            assertThat(entries).hasSize(1);
            return entries.get(0);
        }
    }

    private static Path key(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> others =
                    files.filter(f -> !f.getFileName().toString().endsWith(".compiled")).toList();
            assertThat(others).hasSize(1);
            return others.get(0);
        }
    }

    /** Where the compiled classes (a jar) start: the first local file header. */
    private static int jarStart(byte[] entry) {
        return indexOf(entry, new byte[] {'P', 'K', 3, 4}, 0);
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("no " + HexFormat.of().formatHex(pattern));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
