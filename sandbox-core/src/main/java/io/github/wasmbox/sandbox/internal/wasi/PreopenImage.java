/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import io.github.wasmbox.policy.PreopenGrant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of one preopen grant, taken once when the plugin loads and mounted into a fresh
 * in-memory file system for every instance. Taking it once means a host directory that changes
 * later (or a symlink planted in it later) cannot reach a running plugin.
 *
 * <p>Host directories are read without following links. A symlink is accepted only when it is
 * relative, resolves to a regular file inside the granted directory both lexically and on the real
 * file system; it is then copied as that file's content. Absolute symlinks, symlinks that leave the
 * directory, directory symlinks, special files and names Windows reserves fail the load. Content
 * counts against {@link PreopenGrant#maxBytes()} and entries (files and directories) against {@link
 * PreopenGrant#maxFiles()} while reading, so a huge directory is never read in full.
 *
 * <p>Immutable and thread-safe.
 */
public final class PreopenImage {
    private static final int MAX_DEPTH = 64;

    private final String guestPath;
    private final boolean readOnly;
    private final long maxBytes;
    private final int maxFiles;
    private final List<String> directories;
    private final Map<String, byte[]> files;

    private PreopenImage(PreopenGrant grant, List<String> directories, Map<String, byte[]> files) {
        this.guestPath = grant.guestPath();
        this.readOnly = grant.readOnly();
        this.maxBytes = grant.maxBytes();
        this.maxFiles = grant.maxFiles();
        this.directories = List.copyOf(directories);
        this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * Takes the content of a grant.
     *
     * @throws PreopenException if the content breaks a rule above or cannot be read
     */
    public static PreopenImage of(PreopenGrant grant) {
        if (grant.hostDirectory().isEmpty()) {
            Map<String, byte[]> files = grant.files();
            List<String> directories = new ArrayList<>();
            for (String path : files.keySet()) {
                if (!GuestNames.creatable(path)) {
                    throw new PreopenException(
                            "preopen "
                                    + grant.guestPath()
                                    + ": file name '"
                                    + path
                                    + "' is reserved or contains a forbidden character");
                }
                for (int slash = path.indexOf('/');
                        slash > 0;
                        slash = path.indexOf('/', slash + 1)) {
                    String parent = path.substring(0, slash);
                    if (!directories.contains(parent)) {
                        directories.add(parent);
                    }
                }
            }
            if (files.size() + directories.size() > grant.maxFiles()) {
                throw new PreopenException(
                        "preopen "
                                + grant.guestPath()
                                + " holds "
                                + (files.size() + directories.size())
                                + " entries (files and directories) but maxFiles is "
                                + grant.maxFiles());
            }
            return new PreopenImage(grant, directories, files);
        }
        return copy(grant, grant.hostDirectory().get());
    }

    private static PreopenImage copy(PreopenGrant grant, Path hostDirectory) {
        String where = "preopen " + grant.guestPath() + " (" + hostDirectory + ")";
        Path root;
        try {
            root = hostDirectory.toRealPath();
        } catch (IOException e) {
            throw new PreopenException(where + ": the host directory cannot be read: " + e, e);
        }
        if (!Files.isDirectory(root)) {
            throw new PreopenException(where + ": not a directory");
        }
        List<String> directories = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        long[] bytes = {0};
        try {
            Files.walkFileTree(
                    root,
                    EnumSet.noneOf(FileVisitOption.class),
                    MAX_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            if (!dir.equals(root)) {
                                String relative = relative(root, dir, where);
                                directories.add(relative);
                                checkCount(directories.size() + files.size(), grant, where);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            String relative = relative(root, file, where);
                            Path source = file;
                            if (attrs.isSymbolicLink()) {
                                source = checkLink(root, file, relative, where);
                            } else if (!attrs.isRegularFile()) {
                                throw new PreopenException(
                                        where + ": '" + relative + "' is not a regular file");
                            }
                            checkCount(directories.size() + files.size() + 1, grant, where);
                            byte[] content =
                                    readBounded(source, grant.maxBytes() - bytes[0], where);
                            bytes[0] += content.length;
                            files.put(relative, content);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            throw new PreopenException(
                                    where + ": cannot read '" + file + "': " + e, e);
                        }
                    });
        } catch (IOException e) {
            throw new PreopenException(where + ": cannot be read: " + e, e);
        }
        return new PreopenImage(grant, directories, files);
    }

    private static String relative(Path root, Path path, String where) {
        String relative = root.relativize(path).toString().replace('\\', '/');
        if (!GuestNames.creatable(relative)) {
            throw new PreopenException(
                    where
                            + ": the name '"
                            + relative
                            + "' is reserved on Windows or contains a forbidden character");
        }
        return relative;
    }

    private static Path checkLink(Path root, Path link, String relative, String where)
            throws IOException {
        Path target = Files.readSymbolicLink(link);
        String text = target.toString().replace('\\', '/');
        if (target.isAbsolute() || text.startsWith("/")) {
            throw new PreopenException(
                    where
                            + ": '"
                            + relative
                            + "' is an absolute symlink (to "
                            + target
                            + "); only relative links inside the directory are served");
        }
        int depth = relative.split("/").length - 1;
        if (!GuestNames.staysInside(text, depth)) {
            throw new PreopenException(
                    where
                            + ": the symlink '"
                            + relative
                            + "' points outside the directory (to "
                            + target
                            + ")");
        }
        Path real = link.toRealPath();
        if (!real.startsWith(root)) {
            throw new PreopenException(
                    where + ": the symlink '" + relative + "' resolves outside the directory");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new PreopenException(
                    where
                            + ": the symlink '"
                            + relative
                            + "' does not lead to a regular file; directory links are not served");
        }
        return real;
    }

    private static void checkCount(int entries, PreopenGrant grant, String where) {
        if (entries > grant.maxFiles()) {
            throw new PreopenException(
                    where
                            + " holds more than maxFiles = "
                            + grant.maxFiles()
                            + " entries (files and directories); raise maxFiles or grant less");
        }
    }

    private static byte[] readBounded(Path file, long remaining, String where) throws IOException {
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, remaining));
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            // One byte past the remaining budget tells "exactly full" from "too big" without
            // reading the rest of a huge file.
            byte[] content = in.readNBytes(limit + 1);
            if (content.length > limit) {
                throw new PreopenException(
                        where + " holds more than maxBytes; raise maxBytes or grant less");
            }
            return content;
        }
    }

    /** The absolute path where the guest sees this directory. */
    public String guestPath() {
        return guestPath;
    }

    /** Whether every mutation is refused. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The most bytes the mounted directory may hold. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The most entries (files and directories) the mounted directory may hold. */
    public int maxFiles() {
        return maxFiles;
    }

    /** Directories to create, parents first, relative to the root. */
    List<String> directories() {
        return directories;
    }

    /** File contents keyed by path relative to the root; shared, never to be modified. */
    Map<String, byte[]> files() {
        return files;
    }
}
