/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.oci.OciRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wasmbox push FILE REFERENCE [--key KEY | --signature SIG]}: publishes a module as the CNCF
 * Wasm OCI artifact and its detached Ed25519 signature as a referrer of the pushed manifest, as
 * {@link OciRegistry#push} and {@link OciRegistry#pushSignature} do.
 */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Pushes a plugin to an OCI registry as the CNCF Wasm artifact (one application/wasm"
                    + " layer) under REFERENCE's tag, and its Ed25519 signature as a referrer of"
                    + " the manifest digest. Prints the digest to pin."
        })
final class PushCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Parameters(
            index = "1",
            paramLabel = "REFERENCE",
            description = "host[:port]/repository:tag, optionally prefixed with oci://.")
    String reference;

    /** At most one way to sign. */
    static final class Signing {
        @Option(
                names = "--key",
                paramLabel = "KEY",
                description = "Sign with this Ed25519 private key (PKCS#8 PEM, from keygen).")
        @Nullable Path key;

        @Option(
                names = "--signature",
                paramLabel = "SIG",
                description = "Push this 64-byte detached signature (from sign).")
        @Nullable Path signature;
    }

    @ArgGroup(exclusive = true)
    @Nullable Signing signing;

    @Mixin RegistryOptions registryOptions;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() throws GeneralSecurityException {
        PluginFile plugin = PluginFile.read(file);
        byte @Nullable [] signature = null;
        if (signing != null && signing.key != null) {
            signature = SignCommand.sign(plugin.bytes, signing.key);
        } else if (signing != null && signing.signature != null) {
            signature = PluginFile.readBytes(signing.signature);
            if (signature.length != 64) {
                throw new InputException(
                        signing.signature
                                + " has "
                                + signature.length
                                + " bytes; an Ed25519 signature has 64 (wasmbox sign writes it)");
            }
        }
        OciRegistry registry = registryOptions.builder().build();
        String digest = Registries.userInput(() -> registry.push(reference, plugin.bytes));
        String pin = Registries.pin(reference, digest);
        if (signature != null) {
            // Signed by digest, not by tag: the tag could move between the two pushes.
            byte[] detached = signature;
            Registries.userInput(
                    () -> {
                        registry.pushSignature(pin, detached);
                        return null;
                    });
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.object();
            root.put("reference", reference);
            root.put("digest", digest);
            root.put("sha256", plugin.sha256);
            root.put("signed", signature != null);
            root.put("pin", pin);
            Json.print(out, root);
        } else {
            out.println("pushed     " + reference);
            out.println("digest     " + digest);
            out.println("sha256     " + plugin.sha256);
            out.println(
                    "signature  "
                            + (signature != null
                                    ? "pushed as a referrer of the digest"
                                    : "none (push --key KEY signs it)"));
            out.println("pin        " + pin);
            out.flush();
        }
        return 0;
    }
}
