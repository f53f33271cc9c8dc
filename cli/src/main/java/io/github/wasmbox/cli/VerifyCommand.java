/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasmbox verify FILE --signature SIG --public-key KEY}: the runtime's own signature check
 * ({@link TrustedKeys#verify}), without loading the plugin.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Checks a plugin's detached Ed25519 signature against a public key (PEM, or 64 hex"
                    + " digits) exactly as the runtime does: exit 0 when it verifies, 1 when not."
        })
final class VerifyCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Option(
            names = "--signature",
            required = true,
            paramLabel = "SIG",
            description = "The 64-byte signature file.")
    Path signature;

    @Option(
            names = "--public-key",
            required = true,
            paramLabel = "KEY",
            description = "The public key: a PEM 'PUBLIC KEY' file, or a file of 64 hex digits.")
    Path publicKey;

    @Override
    public Integer call() {
        PluginFile plugin = PluginFile.read(file);
        byte[] sig = PluginFile.readBytes(signature);
        TrustedKeys keys;
        try {
            keys =
                    TrustedKeys.parse(
                            new String(PluginFile.readBytes(publicKey), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new InputException(publicKey + ": " + e.getMessage(), e);
        }
        boolean verified = keys.verify(plugin.bytes, sig);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(
                file
                        + (verified
                                ? ": the signature verifies under "
                                : ": the signature does NOT verify under ")
                        + publicKey);
        stdout.flush();
        return verified ? 0 : WasmboxCommand.FAILED;
    }
}
