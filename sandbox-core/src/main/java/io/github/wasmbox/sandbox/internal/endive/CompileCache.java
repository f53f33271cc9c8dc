/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.endive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent store of one module's {@link GeneratedClasses compiled classes}: when a directory
 * is configured, it keeps them there so that a restarted JVM loads the classes instead of
 * rewriting, parsing, validating and compiling the module again.
 *
 * <p>An entry holds the compiled classes and the module's {@link
 * io.github.wasmbox.sandbox.internal.wasm.ModuleSkeleton skeleton}, which is all an instance needs
 * besides them. It is keyed by the caller's module key (which covers the original bytes and
 * everything the compiled form depends on) <em>and</em> the engine options (Endive version,
 * interpreter fallback, rewrite version, this format's version), hashed into the file name.
 *
 * <p><strong>The directory holds JVM bytecode that the runtime loads and runs</strong>, so the
 * cache uses only what this process's user wrote there, for this module:
 *
 * <ul>
 *   <li>the directory must not be a symbolic link, must be owned by the process's user and writable
 *       by nobody else, and every directory above it (symbolic links resolved) must be owned by
 *       root or that user and writable by nobody else unless sticky (like {@code /tmp}); otherwise
 *       it is refused. It is checked when configured and again at every compile, which then uses
 *       its resolved path;
 *   <li>an entry is used only if it is a regular file (never followed through a link) owned by the
 *       process's user, writable by nobody else, at most {@link #MAX_ENTRY_BYTES}, and carries a
 *       valid HMAC-SHA256 over its name's key and its whole content, made with the installation's
 *       secret key. Anything else (including any failure while reading it) is a miss: the entry is
 *       deleted, and the compile that follows writes a new one;
 *   <li>the secret key is a random 256-bit key in the directory's {@value #KEY_FILE}, owner-only;
 *       one that is not a regular file owned by the process's user, that others can access, or that
 *       has the wrong size is replaced by a new one (existing entries then miss).
 * </ul>
 *
 * Entries and the key are written owner-only ({@code 0600}) to a temporary file and moved into
 * place atomically. On file systems without Unix attributes (Windows), owners and modes are left to
 * the platform's ACLs; links are still refused and entries still authenticated.
 *
 * <p>One instance per compile; confined to the compiling thread.
 */
final class CompileCache {
    /**
     * The largest entry written or read: reading allocates at most this. A module at the default
     * maxModuleBytes (32 MiB) compiles to far less.
     */
    static final int MAX_ENTRY_BYTES = 256 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);

    /**
     * Part of every entry's key. 5: the classes as {@link GeneratedClasses#toJar()} writes them,
     * after wasmbox's rewrite (4 held Endive's own jar; a Chicory entry must never be loaded
     * either, and the engine name and version in the key say so too).
     */
    private static final int FORMAT_VERSION = 5;

    private static final int MAGIC = 0x5742_4343; // "WBCC"
    private static final int HEADER_BYTES = 8; // magic, skeleton length
    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final String KEY_FILE = "compile-cache.key";
    private static final int KEY_BYTES = 32;

    private final byte[] entryKey;
    private final @Nullable Directory directory;
    private final @Nullable Path file;
    private byte @Nullable [] skeleton;
    private byte @Nullable [] classes;

    /**
     * Checks {@code directory} again (see the class comment); if it no longer passes, this compile
     * goes without it, with a warning.
     *
     * @param moduleKey identifies the module and its rewrites; equal keys must mean equal compiled
     *     forms
     */
    CompileCache(@Nullable Path directory, String engineOptions, String moduleKey) {
        this.entryKey =
                ("wasmbox-compile-cache-v" + FORMAT_VERSION + "|" + engineOptions + "|" + moduleKey)
                        .getBytes(UTF_8);
        Directory checked = null;
        if (directory != null) {
            try {
                checked = Directory.open(directory);
            } catch (IllegalArgumentException e) {
                LOG.warn("{} Compiling without the compile cache.", e.getMessage());
            }
        }
        this.directory = checked;
        this.file =
                checked == null ? null : checked.path().resolve(sha256Hex(entryKey) + ".compiled");
    }

    /**
     * Creates the cache directory owner-only, or checks an existing one, and creates its secret key
     * if needed.
     *
     * @throws IllegalArgumentException if it cannot be created, or it or a directory above it could
     *     be changed by another user
     */
    static void prepare(Path directory) {
        Directory.open(directory);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Reads this module's entry. When it is present and authentic, returns its skeleton, and {@link
     * #classes()} returns its classes; otherwise deletes it.
     */
    byte @Nullable [] readSkeleton() {
        if (file == null || directory == null) {
            return null;
        }
        try {
            byte[] entry;
            try {
                entry = readOwnFile(file, MAX_ENTRY_BYTES, Stat.GROUP_OR_OTHERS_WRITE);
            } catch (NoSuchFileException e) {
                return null;
            }
            int macAt = entry.length - MAC_BYTES;
            if (macAt < HEADER_BYTES) {
                throw new IOException("cut short");
            }
            Mac mac = entryMac(directory.key());
            mac.update(entry, 0, macAt);
            if (!MessageDigest.isEqual(
                    mac.doFinal(), Arrays.copyOfRange(entry, macAt, entry.length))) {
                throw new IOException(
                        "it fails its MAC (not written by this installation for this module)");
            }
            ByteBuffer content = ByteBuffer.wrap(entry, 0, macAt);
            int length = content.getInt() == MAGIC ? content.getInt() : -1;
            if (length < 0 || length > content.remaining()) {
                throw new IOException("not a compile cache entry of this version");
            }
            byte[] read = new byte[length];
            content.get(read);
            classes = new byte[content.remaining()];
            content.get(classes);
            return read;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // Even a bounded allocation can fail on a small heap: a miss either way, never a load
            // failure that the next load would repeat.
            LOG.warn("compile cache entry {} is not used: {}; compiling", file, e.toString());
            evict();
            return null;
        }
    }

    /** A MAC over an entry of this module, its name's key already added. */
    private Mac entryMac(SecretKey key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            // The entry's name is a hash of entryKey: binding it makes a renamed entry a miss.
            mac.update(ByteBuffer.allocate(4).putInt(entryKey.length).array());
            mac.update(entryKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + MAC_ALGORITHM, e);
        }
    }

    /** Makes {@link #store} persist {@code skeleton} with the classes. */
    void persistWith(byte[] skeleton) {
        this.skeleton = skeleton;
    }

    /**
     * Persists the compiled classes with the skeleton given to {@link #persistWith}, when a
     * directory is configured; a failure to write costs a compile next time and is only logged.
     */
    void store(GeneratedClasses compiled) {
        if (file == null || directory == null || skeleton == null) {
            return;
        }
        byte[] classes = compiled.toJar();
        long size = (long) HEADER_BYTES + skeleton.length + classes.length + MAC_BYTES;
        if (size > MAX_ENTRY_BYTES) {
            LOG.warn(
                    "compiled module of {} bytes exceeds the compile cache's {}-byte entry bound;"
                            + " not cached",
                    size,
                    MAX_ENTRY_BYTES);
            return;
        }
        byte[] header =
                ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(skeleton.length).array();
        byte[] body = new byte[HEADER_BYTES + skeleton.length];
        System.arraycopy(header, 0, body, 0, HEADER_BYTES);
        System.arraycopy(skeleton, 0, body, HEADER_BYTES, skeleton.length);
        Mac mac = entryMac(directory.key());
        mac.update(body);
        mac.update(classes);
        try {
            // Replaces an entry that could not be used; of concurrent writers, the last move wins.
            writeAtomically(file, body, classes, mac.doFinal());
        } catch (IOException e) {
            // A cache that cannot be written costs a compile next time, nothing more.
            LOG.warn("cannot write compile cache entry {}: {}", file, e.toString());
        }
    }

    /** The entry's compiled classes, after {@link #readSkeleton()} found it; else null. */
    byte @Nullable [] classes() {
        return classes;
    }

    /** Forgets a directory entry that could not be used, so that the next load compiles. */
    void evict() {
        classes = null;
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("cannot delete compile cache entry", e);
            }
        }
    }

    /**
     * Reads {@code file}, which must be a regular file owned by this process's user whose mode has
     * none of the {@code forbidden} bits, without following a link and allocating at most {@code
     * bound} bytes.
     *
     * @throws NoSuchFileException if there is no such file
     */
    private static byte[] readOwnFile(Path file, int bound, int forbidden) throws IOException {
        Stat stat = Stat.of(file);
        if (!stat.type().isRegularFile()) {
            throw new IOException("not a regular file");
        }
        if (!stat.ownedByThisUser()) {
            throw new IOException("owned by another user");
        }
        if (stat.has(forbidden)) {
            throw new IOException(
                    "other users have access to it (mode "
                            + Integer.toOctalString(stat.mode() & 0777)
                            + ")");
        }
        // Only this user and root can change the checked directory, so the file is still the one
        // checked; NOFOLLOW_LINKS keeps it so should a link have been put there anyway.
        try (SeekableByteChannel channel =
                Files.newByteChannel(file, StandardOpenOption.READ, NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > bound) {
                throw new IOException(size + " bytes, over the bound of " + bound);
            }
            ByteBuffer content = ByteBuffer.allocate((int) size);
            while (content.hasRemaining()) {
                if (channel.read(content) < 0) {
                    throw new IOException("cut short while reading");
                }
            }
            return content.array();
        }
    }

    /** Writes {@code target} owner-only, whole or not at all. */
    private static void writeAtomically(Path target, byte[]... parts) throws IOException {
        Path temporary =
                Files.createTempFile(
                        target.getParent(),
                        ".compile-cache-",
                        ".tmp",
                        permissions(target, "rw-------"));
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                for (byte[] part : parts) {
                    out.write(part);
                }
            }
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** {@code permissions} as a creation attribute where the file system has them. */
    private static FileAttribute<?>[] permissions(Path path, String permissions) {
        return Stat.unix(path)
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    /** A cache directory that passed the checks of the class comment, and its secret key. */
    private record Directory(Path path, SecretKey key) {

        @Override
        public String toString() {
            return path.toString(); // never the key, nor its hash
        }

        /**
         * @throws IllegalArgumentException naming the setting, if the directory cannot be created
         *     or another user could change it
         */
        static Directory open(Path configured) {
            Path absolute = configured.toAbsolutePath();
            try {
                if (!Files.exists(absolute, NOFOLLOW_LINKS)) {
                    Files.createDirectories(absolute, permissions(absolute, "rwx------"));
                }
                // Checked after creating, so a link another user raced into place is refused too.
                if (Files.isSymbolicLink(absolute)) {
                    throw refused(
                            configured,
                            "is a symbolic link, which whoever owns the directory it is in can"
                                    + " point elsewhere",
                            "Point compileCacheDirectory at the directory itself");
                }
                Path real = absolute.toRealPath();
                Stat stat = Stat.of(real);
                if (!stat.type().isDirectory()) {
                    throw refused(
                            configured,
                            "is not a directory",
                            "Point compileCacheDirectory at a directory");
                }
                if (!stat.ownedByThisUser()) {
                    throw refused(
                            configured,
                            "is owned by "
                                    + Files.getOwner(real, NOFOLLOW_LINKS).getName()
                                    + ", not by the user this process runs as",
                            "Let the application's user create it, or point"
                                    + " compileCacheDirectory at a directory that user owns");
                }
                if (stat.has(Stat.GROUP_OR_OTHERS_WRITE)) {
                    throw refused(
                            configured,
                            "is writable by other users",
                            "Make it writable by the application's user only (chmod go-w)");
                }
                for (Path above = real.getParent(); above != null; above = above.getParent()) {
                    Stat parent = Stat.of(above);
                    if (!parent.ownedByRootOrThisUser()) {
                        throw refused(
                                configured,
                                "is inside "
                                        + above
                                        + ", owned by "
                                        + Files.getOwner(above, NOFOLLOW_LINKS).getName()
                                        + ", who could rename it away and put another in its"
                                        + " place",
                                "Point compileCacheDirectory at a directory whose parents are"
                                        + " owned by root or the application's user");
                    }
                    if (parent.has(Stat.GROUP_OR_OTHERS_WRITE) && !parent.has(Stat.STICKY)) {
                        throw refused(
                                configured,
                                "is inside "
                                        + above
                                        + ", which other users can write and which is not"
                                        + " sticky, so they could rename it away and put another"
                                        + " in its place",
                                "Make "
                                        + above
                                        + " writable by its owner only (chmod go-w) or sticky"
                                        + " (chmod +t), or point compileCacheDirectory elsewhere");
                    }
                }
                return new Directory(real, new SecretKeySpec(key(real), MAC_ALGORITHM));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot use the compile cache directory "
                                + configured
                                + " (compileCacheDirectory): "
                                + e,
                        e);
            }
        }

        private static IllegalArgumentException refused(
                Path directory, String problem, String remedy) {
            return new IllegalArgumentException(
                    "compile cache directory "
                            + directory
                            + " (compileCacheDirectory) "
                            + problem
                            + "; it holds code the JVM runs. "
                            + remedy
                            + ".");
        }

        /** The directory's secret key, created if missing and replaced if others could know it. */
        private static byte[] key(Path directory) throws IOException {
            Path file = directory.resolve(KEY_FILE);
            try {
                byte[] key = readOwnFile(file, KEY_BYTES, Stat.GROUP_OR_OTHERS_ANY);
                if (key.length == KEY_BYTES) {
                    return key;
                }
                throw new IOException("cut short");
            } catch (NoSuchFileException e) {
                // first use of the directory
            } catch (IOException e) {
                LOG.warn(
                        "compile cache key {} is not used ({}); replacing it (existing entries"
                                + " will be compiled again)",
                        file,
                        e.getMessage());
            }
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            // Two processes creating it at once: the last move wins, and the other's entries miss.
            writeAtomically(file, key);
            return key;
        }
    }

    /** A path's type, owner and mode, read without following a final symbolic link. */
    private record Stat(BasicFileAttributes type, boolean unix, long uid, int mode) {
        static final int GROUP_OR_OTHERS_WRITE = 0022;
        static final int GROUP_OR_OTHERS_ANY = 0077;
        static final int STICKY = 01000;

        static Stat of(Path path) throws IOException {
            BasicFileAttributes type =
                    Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
            if (!unix(path)) {
                return new Stat(type, false, -1, 0);
            }
            Map<String, Object> unix = Files.readAttributes(path, "unix:uid,mode", NOFOLLOW_LINKS);
            return new Stat(
                    type,
                    true,
                    Integer.toUnsignedLong((Integer) unix.get("uid")),
                    (Integer) unix.get("mode"));
        }

        static boolean unix(Path path) {
            return path.getFileSystem().supportedFileAttributeViews().contains("unix");
        }

        boolean ownedByThisUser() {
            return !unix || uid == ProcessUser.UID;
        }

        boolean ownedByRootOrThisUser() {
            return !unix || uid == 0 || uid == ProcessUser.UID;
        }

        /** Whether the mode has any of {@code bits} (never, without Unix attributes). */
        boolean has(int bits) {
            return (mode & bits) != 0;
        }
    }

    /** The user this process runs as, who owns the files it creates. */
    private static final class ProcessUser {
        static final long UID = new UnixSystem().getUid();
    }
}
