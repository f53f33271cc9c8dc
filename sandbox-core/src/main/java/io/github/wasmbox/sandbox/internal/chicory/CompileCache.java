package io.github.wasmbox.sandbox.internal.chicory;

import com.dylibso.chicory.compiler.Cache;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Cache} handed to Chicory's compiler for one module. It sees the compiled classes (as
 * the jar Chicory stores or loads), so the caller can check them for methods too large for
 * HotSpot's JIT, and, when a directory is configured, persists them there so that a restarted JVM
 * loads the classes instead of rewriting, parsing, validating and compiling the module again.
 *
 * <p>An entry holds the compiled classes and the module's {@link
 * io.github.wasmbox.sandbox.internal.wasm.ModuleSkeleton skeleton}, which is all an instance needs
 * besides them. It is keyed by the caller's module key (which covers the original bytes and
 * everything the compiled form depends on) <em>and</em> the engine options (Chicory version,
 * interpreter fallback, this format's version), hashed into the file name; the key Chicory passes
 * is ignored, since a skeleton's digest differs from its module's. Files are written to a temporary
 * name and moved into place atomically; a truncated entry, or one whose skeleton fails its CRC, is
 * a miss. <strong>The directory holds JVM bytecode that the runtime loads and runs: it must be
 * writable only by the application's user</strong> (it is created owner-only, and a group- or
 * world-writable directory is rejected).
 *
 * <p>One instance per compile; confined to the compiling thread.
 */
final class CompileCache implements Cache {
    /** HotSpot does not JIT-compile methods with more bytecode than this (-XX:HugeMethodLimit). */
    static final int HUGE_METHOD_LIMIT = 8_000;

    private static final Logger LOG = LoggerFactory.getLogger(CompileCache.class);
    private static final int FORMAT_VERSION = 2;
    private static final int MAGIC = 0x5742_4343; // "WBCC"
    private static final int HEADER_BYTES = 16; // magic, skeleton CRC-32, skeleton length

    private final @Nullable Path file;
    private byte @Nullable [] skeleton;
    private byte @Nullable [] classes;
    private boolean hit;

    /**
     * @param moduleKey identifies the module and its rewrites; equal keys must mean equal compiled
     *     forms
     */
    CompileCache(@Nullable Path directory, String engineOptions, String moduleKey) {
        this.file =
                directory == null
                        ? null
                        : directory.resolve(
                                sha256Hex(
                                                "wasmbox-compile-cache-v"
                                                        + FORMAT_VERSION
                                                        + "|"
                                                        + engineOptions
                                                        + "|"
                                                        + moduleKey)
                                        + ".compiled");
    }

    /**
     * Creates the cache directory owner-only, or checks an existing one.
     *
     * @throws IllegalArgumentException if it cannot be created or is writable by others
     */
    static void prepare(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                try {
                    Files.createDirectories(
                            directory,
                            PosixFilePermissions.asFileAttribute(
                                    PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(directory);
                }
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
                if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IllegalArgumentException(
                            "compile cache directory "
                                    + directory
                                    + " is writable by other users; it holds code the JVM runs."
                                    + " Make it writable by the application's user only"
                                    + " (chmod go-w).");
                }
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: rely on the platform's ACLs.
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot create the compile cache directory " + directory + ": " + e, e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Reads this module's entry. When it is present and intact, returns its skeleton, and Chicory's
     * {@link #get} will return its classes.
     */
    byte @Nullable [] readSkeleton() {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            ByteBuffer entry = ByteBuffer.wrap(Files.readAllBytes(file));
            if (entry.remaining() < HEADER_BYTES || entry.getInt() != MAGIC) {
                throw new IOException("not a compile cache entry");
            }
            long checksum = entry.getLong();
            int length = entry.getInt();
            if (length < 0 || length > entry.remaining()) {
                throw new IOException("cut short");
            }
            byte[] read = new byte[length];
            entry.get(read);
            CRC32 crc = new CRC32();
            crc.update(read);
            if (crc.getValue() != checksum) {
                throw new IOException("the skeleton fails its checksum");
            }
            classes = new byte[entry.remaining()];
            entry.get(classes);
            hit = true;
            return read;
        } catch (IOException | RuntimeException e) {
            LOG.debug("compile cache entry {} is unreadable; compiling", file, e);
            return null;
        }
    }

    /** Makes {@link #putIfAbsent} persist {@code skeleton} with the classes Chicory stores. */
    void persistWith(byte[] skeleton) {
        this.skeleton = skeleton;
    }

    @Override
    public byte @Nullable [] get(String chicoryKey) {
        return hit ? classes : null;
    }

    @Override
    public void putIfAbsent(String chicoryKey, byte[] data) {
        classes = data;
        if (file == null || skeleton == null) {
            return;
        }
        Path temporary = null;
        try {
            // Replaces an entry that could not be used; concurrent writers write the same bytes.
            temporary = Files.createTempFile(file.getParent(), ".compile-", ".tmp");
            CRC32 crc = new CRC32();
            crc.update(skeleton);
            try (DataOutputStream out =
                    new DataOutputStream(
                            new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                out.writeInt(MAGIC);
                out.writeLong(crc.getValue());
                out.writeInt(skeleton.length);
                out.write(skeleton);
                out.write(data);
            }
            try {
                Files.move(
                        temporary,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            // A cache that cannot be written costs a compile next time, nothing more.
            LOG.warn("cannot write compile cache entry {}: {}", file, e.toString());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    /** Whether the compiled classes came from the directory. */
    boolean hit() {
        return hit;
    }

    /** The compiled classes as a jar, once Chicory has stored or loaded them; else empty. */
    byte[] classes() {
        return classes == null ? new byte[0] : classes;
    }

    /** Forgets a directory entry that could not be loaded, so that the next load compiles. */
    void evict() {
        hit = false;
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
     * The methods of the compiled classes whose bytecode exceeds {@link #HUGE_METHOD_LIMIT}, as
     * {@code methodName=size}; empty if the classes were not seen.
     */
    List<HugeMethod> hugeMethods() {
        List<HugeMethod> huge = new ArrayList<>();
        if (classes == null) {
            return huge;
        }
        try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(classes))) {
            JarEntry entry;
            while ((entry = jar.getNextJarEntry()) != null) {
                if (entry.getName().endsWith(".class")) {
                    ClassFiles.methodCodeSizes(
                            jar.readAllBytes(),
                            (method, size) -> {
                                if (size > HUGE_METHOD_LIMIT) {
                                    huge.add(new HugeMethod(method, size));
                                }
                            });
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot inspect the compiled classes", e);
        }
        return huge;
    }

    /** A generated JVM method over HotSpot's JIT limit. */
    record HugeMethod(String method, int bytecodeBytes) {}

    /** Just enough of the class-file format to read each method's bytecode length. */
    static final class ClassFiles {
        private ClassFiles() {}

        /** Receives a method's name and code length. */
        interface MethodSizes {
            void accept(String method, int codeLength);
        }

        static void methodCodeSizes(byte[] classFile, MethodSizes sink) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file");
            }
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: // Utf8
                        utf8[i] = in.readUTF();
                        break;
                    case 3: // Integer
                    case 4: // Float
                    case 9: // Fieldref
                    case 10: // Methodref
                    case 11: // InterfaceMethodref
                    case 12: // NameAndType
                    case 17: // Dynamic
                    case 18: // InvokeDynamic
                        in.skipBytes(4);
                        break;
                    case 5: // Long
                    case 6: // Double
                        in.skipBytes(8);
                        i++;
                        break;
                    case 7: // Class
                    case 8: // String
                    case 16: // MethodType
                    case 19: // Module
                    case 20: // Package
                        in.skipBytes(2);
                        break;
                    case 15: // MethodHandle
                        in.skipBytes(3);
                        break;
                    default:
                        throw new IOException("unknown constant pool tag " + tag);
                }
            }
            in.skipBytes(6); // access, this, super
            in.skipBytes(2 * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipBytes(6);
                skipAttributes(in);
            }
            int methods = in.readUnsignedShort();
            for (int i = 0; i < methods; i++) {
                in.skipBytes(2);
                String name = utf8[in.readUnsignedShort()];
                in.skipBytes(2);
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if ("Code".equals(attribute)) {
                        in.skipBytes(4); // max_stack, max_locals
                        int codeLength = in.readInt();
                        sink.accept(name, codeLength);
                        in.skipBytes(length - 8);
                    } else {
                        in.skipBytes(length);
                    }
                }
            }
        }

        private static void skipAttributes(DataInputStream in) throws IOException {
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                in.skipBytes(2);
                in.skipBytes(in.readInt());
            }
        }
    }
}
