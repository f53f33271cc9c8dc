/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wasmbox keygen --out NAME}: an Ed25519 key pair in the PEM forms {@code openssl} uses:
 * {@code NAME.key} (PKCS#8, owner-only) for {@code sign} and {@code NAME.pub} (X.509) for the
 * host's trusted keys.
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Writes a new Ed25519 key pair: NAME.key (private, owner-only, for sign) and NAME.pub"
                    + " (public, for the host's trusted keys). Never overwrites a file."
        })
final class KeygenCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "NAME",
            description = "Path and name of the key files, without extension.")
    Path out;

    @Override
    public Integer call() throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path privateKey = Path.of(out + ".key");
        Path publicKey = Path.of(out + ".pub");
        if (Files.exists(privateKey) || Files.exists(publicKey)) {
            throw new InputException(
                    privateKey + " or " + publicKey + " exists; keygen never overwrites a key");
        }
        try {
            // Created owner-only: the private key is never readable by others, not even briefly.
            Files.createFile(
                    privateKey,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(
                    privateKey, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(
                    publicKey,
                    Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()),
                    StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new InputException(privateKey + " exists; keygen never overwrites a key", e);
        } catch (IOException e) {
            throw new InputException("cannot write " + privateKey + ": " + e.getMessage(), e);
        }
        byte[] spki = pair.getPublic().getEncoded();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("private key " + privateKey + " (keep it secret)");
        stdout.println("public key  " + publicKey);
        // The last 32 bytes of the SubjectPublicKeyInfo are the raw key, the hex form
        // TrustedKeys.parse also takes.
        stdout.println(
                "raw public key " + HexFormat.of().formatHex(spki, spki.length - 32, spki.length));
        stdout.flush();
        return 0;
    }

    /** PEM armour: base64 in 64-character lines between BEGIN and END lines. */
    static final class Pem {
        private Pem() {}

        static String encode(String type, byte[] der) {
            return "-----BEGIN "
                    + type
                    + "-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                    + "\n-----END "
                    + type
                    + "-----\n";
        }

        /** The DER inside a PEM block of {@code type}. */
        static byte[] decode(String text, String type, Path file) {
            String begin = "-----BEGIN " + type + "-----";
            String end = "-----END " + type + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new InputException(file + " holds no PEM '" + type + "' block");
            }
            try {
                return Base64.getMimeDecoder()
                        .decode(text.substring(from + begin.length(), to).strip());
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ": the PEM block is not valid base64", e);
            }
        }
    }
}
