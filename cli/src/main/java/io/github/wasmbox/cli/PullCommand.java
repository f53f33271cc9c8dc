/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.oci.OciException;
import io.github.wasmbox.oci.OciModule;
import io.github.wasmbox.oci.OciRegistry;
import io.github.wasmbox.oci.SigstoreKeys;
import io.github.wasmbox.sandbox.ModuleDescription;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wasmbox pull REFERENCE [--out FILE] [--public-key KEY]…}: every check of {@link
 * OciRegistry#pull} (a key verifies detached Ed25519 signatures and sigstore bundles), then the
 * module is written to a file (complete or not at all) and its digests printed for pinning.
 */
@Command(
        name = "pull",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Pulls a plugin from an OCI registry by tag or digest, checks the manifest and the"
                    + " module against their digests (and, with --public-key, its signature"
                    + " referrer), writes it to a file and prints the digests to pin.",
            "Exit 1 when a check fails; nothing is written then."
        })
final class PullCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "REFERENCE",
            description =
                    "host[:port]/repository:tag or host[:port]/repository@sha256:<digest>,"
                            + " optionally prefixed with oci://.")
    String reference;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Where to write the module (default: the repository's last name .wasm).")
    @Nullable Path out;

    @Option(
            names = "--public-key",
            paramLabel = "KEY",
            description =
                    "A vendor's public key: Ed25519 (PEM, or 64 hex digits) or ECDSA P-256"
                            + " (PEM, as cosign.pub); repeatable. A signature referrer (a detached"
                            + " Ed25519 signature or a sigstore bundle) must then verify under one"
                            + " of them.")
    List<Path> publicKeys = new ArrayList<>();

    @Option(
            names = "--lock-file",
            paramLabel = "FILE",
            description =
                    "Resolve the tag through this lock file and record it there the first time,"
                            + " as the runtime's OciRegistry does.")
    @Nullable Path lockFile;

    @Mixin RegistryOptions registryOptions;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        List<String> keys = publicKeys();
        OciRegistry.Builder builder =
                registryOptions
                        .builder()
                        .trustedKeys(trustedKeys(keys))
                        .sigstoreKeys(sigstoreKeys(keys))
                        // Writing a file loads nothing; the signature is what a key asks for.
                        .require(keys.isEmpty() ? PinRequirement.NONE : PinRequirement.SIGNATURE);
        if (lockFile != null) {
            builder.lockFile(lockFile);
        }
        OciModule module = Registries.userInput(() -> builder.build().pull(reference));
        byte[] bytes = module.bytes();
        try {
            ModuleDescription.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new OciException(
                    module.reference() + " holds no usable WebAssembly module: " + e.getMessage(),
                    e);
        }
        Path target = out != null ? out : Path.of(defaultFileName(module));
        write(target, bytes);
        String pin = Registries.pin(reference, module.digest());
        PrintWriter stdout = spec.commandLine().getOut();
        String sha256 = PluginFile.sha256(bytes);
        if (json) {
            ObjectNode root = Json.object();
            root.put("reference", module.reference());
            root.put("digest", module.digest());
            root.put("sha256", sha256);
            root.put("signed", module.signed());
            root.put("pin", pin);
            root.put("file", target.toString());
            Json.print(stdout, root);
        } else {
            stdout.println("pulled     " + module.reference());
            stdout.println("digest     " + module.digest());
            stdout.println("sha256     " + sha256);
            stdout.println(
                    "signature  "
                            + (module.signed()
                                    ? "verified under a --public-key"
                                    : "not checked (give --public-key to require one)"));
            stdout.println("pin        " + pin);
            stdout.println("wrote      " + target);
            stdout.flush();
        }
        return 0;
    }

    private List<String> publicKeys() {
        List<String> encoded = new ArrayList<>();
        for (Path key : publicKeys) {
            encoded.add(new String(PluginFile.readBytes(key), StandardCharsets.US_ASCII));
        }
        return encoded;
    }

    /** Every key verifies sigstore bundles; ECDSA P-256 and Ed25519 are both accepted there. */
    private SigstoreKeys sigstoreKeys(List<String> encoded) {
        try {
            return SigstoreKeys.parse(encoded.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new InputException("--public-key: " + e.getMessage(), e);
        }
    }

    /** The Ed25519 keys among them also verify detached signatures. */
    private static TrustedKeys trustedKeys(List<String> encoded) {
        List<String> ed25519 = new ArrayList<>();
        for (String key : encoded) {
            try {
                TrustedKeys.parse(key);
                ed25519.add(key);
            } catch (IllegalArgumentException e) {
                // an ECDSA key: it verifies sigstore bundles only
            }
        }
        return TrustedKeys.parse(ed25519.toArray(String[]::new));
    }

    private static String defaultFileName(OciModule module) {
        String name = Registries.pin(module.reference(), module.digest());
        name = name.substring(0, name.indexOf('@'));
        return name.substring(name.lastIndexOf('/') + 1) + ".wasm";
    }

    /** Writes beside the target and moves into place, so a failure leaves no partial module. */
    private static void write(Path target, byte[] bytes) {
        Path absolute = target.toAbsolutePath();
        try {
            Path temporary =
                    Files.createTempFile(absolute.getParent(), ".wasmbox-pull-", ".partial");
            try {
                Files.write(temporary, bytes);
                Files.move(
                        temporary,
                        absolute,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new InputException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
