/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasmbox sign FILE --key KEY}: the detached Ed25519 signature a host checks with {@code
 * PluginSource.signature(...)}: the 64 raw bytes over the module as delivered, as {@code openssl
 * pkeyutl -sign -rawin} writes it.
 */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Signs a plugin with an Ed25519 private key (PKCS#8 PEM, from keygen or openssl"
                    + " genpkey -algorithm ed25519) and writes the 64-byte signature to FILE.sig."
        })
final class SignCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "The private key.")
    Path key;

    @Option(names = "--out", paramLabel = "SIG", description = "Where to write it (FILE.sig).")
    @Nullable Path out;

    @Override
    public Integer call() throws GeneralSecurityException {
        PluginFile plugin = PluginFile.read(file);
        byte[] signature = sign(plugin.bytes, key);
        Path target = out != null ? out : Path.of(file + ".sig");
        try {
            Files.write(target, signature);
        } catch (IOException e) {
            throw new InputException("cannot write " + target + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(target);
        stdout.flush();
        return 0;
    }

    /** The detached Ed25519 signature over {@code bytes} with the PKCS#8 PEM key in {@code key}. */
    static byte[] sign(byte[] bytes, Path key) throws GeneralSecurityException {
        byte[] der =
                KeygenCommand.Pem.decode(
                        new String(PluginFile.readBytes(key), StandardCharsets.US_ASCII),
                        "PRIVATE KEY",
                        key);
        PrivateKey privateKey;
        try {
            privateKey =
                    KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InputException(key + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(privateKey);
        signer.update(bytes);
        return signer.sign();
    }
}
