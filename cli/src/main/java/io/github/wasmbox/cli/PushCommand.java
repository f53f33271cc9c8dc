/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.oci.OciRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
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
 * {@code wasmbox push FILE REFERENCE [--key KEY | --signature SIG] [--sigstore-key KEY]}: publishes
 * a module as the CNCF Wasm OCI artifact, its detached Ed25519 signature and a sigstore bundle as
 * referrers of the pushed manifest, as {@link OciRegistry#push}, {@link OciRegistry#pushSignature}
 * and {@link OciRegistry#pushSigstoreBundle} do.
 */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Pushes a plugin to an OCI registry as the CNCF Wasm artifact (one application/wasm"
                    + " layer) under REFERENCE's tag, and its Ed25519 signature as a referrer of"
                    + " the manifest digest (and, with --sigstore-key, a sigstore bundle). Prints"
                    + " the digest to pin."
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

    @Option(
            names = "--sigstore-key",
            paramLabel = "KEY",
            description =
                    "Also push a sigstore bundle (v0.3) signed with this private key, ECDSA P-256 or"
                            + " Ed25519 in PKCS#8 PEM (openssl genpkey -algorithm EC -pkeyopt"
                            + " ec_paramgen_curve:P-256); beside --key/--signature or instead.")
    @Nullable Path sigstoreKey;

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
        // Read before anything is pushed, so that a bad key pushes nothing.
        PrivateKey bundleKey = sigstoreKey == null ? null : sigstorePrivateKey(sigstoreKey);
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
        if (bundleKey != null) {
            Registries.userInput(
                    () -> {
                        registry.pushSigstoreBundle(pin, plugin.bytes, bundleKey);
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
            root.put("sigstoreBundle", bundleKey != null);
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
            if (bundleKey != null) {
                out.println("sigstore   bundle pushed as a referrer of the digest");
            }
            out.println("pin        " + pin);
            out.flush();
        }
        return 0;
    }

    /**
     * The PKCS#8 PEM private key for a sigstore bundle: ECDSA P-256 or Ed25519. Names the formats
     * it does not read and how to convert them.
     */
    static PrivateKey sigstorePrivateKey(Path key) {
        String text = new String(PluginFile.readBytes(key), StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----")) {
            throw new InputException(
                    key
                            + " is cosign's encrypted key format, which wasmbox does not read; make"
                            + " a PKCS#8 key with openssl genpkey -algorithm EC -pkeyopt"
                            + " ec_paramgen_curve:P-256 -out vendor-ec.key, and its public key with"
                            + " openssl pkey -in vendor-ec.key -pubout -out vendor-ec.pub");
        }
        if (text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new InputException(
                    key
                            + " is a SEC1 'EC PRIVATE KEY'; convert it to PKCS#8 with openssl pkcs8"
                            + " -topk8 -nocrypt -in "
                            + key
                            + " -out "
                            + key
                            + ".p8");
        }
        byte[] der = KeygenCommand.Pem.decode(text, "PRIVATE KEY", key);
        for (String algorithm : List.of("EC", "Ed25519")) {
            try {
                PrivateKey parsed =
                        KeyFactory.getInstance(algorithm)
                                .generatePrivate(new PKCS8EncodedKeySpec(der));
                if (parsed instanceof ECPrivateKey ec
                        && ec.getParams().getOrder().bitLength() != 256) {
                    throw new InputException(
                            key
                                    + " is an ECDSA key on a "
                                    + ec.getParams().getOrder().bitLength()
                                    + "-bit curve; a sigstore key is ECDSA P-256 or Ed25519");
                }
                return parsed;
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new InputException(
                key + " is neither an ECDSA P-256 nor an Ed25519 private key (PKCS#8 PEM)");
    }
}
