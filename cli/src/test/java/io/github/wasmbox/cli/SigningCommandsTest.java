/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import static io.github.wasmbox.cli.Cli.dist;
import static io.github.wasmbox.cli.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.cli.Cli.Run;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, sign and verify, and a runtime that requires signatures accepting the result. */
class SigningCommandsTest {

    @Test
    void aSignedPluginLoadsWhereSignaturesAreRequired(@TempDir Path dir) throws Exception {
        Path wasm = Files.copy(Path.of(dist("echo")), dir.resolve("echo.wasm"));
        String vendor = dir.resolve("vendor").toString();

        Run keygen = run("keygen", "--out", vendor);
        Run sign = run("sign", wasm.toString(), "--key", vendor + ".key");
        Run verify =
                run(
                        "verify",
                        wasm.toString(),
                        "--signature",
                        wasm + ".sig",
                        "--public-key",
                        vendor + ".pub");

        assertThat(keygen.exitCode()).isZero();
        assertThat(keygen.out()).containsPattern("raw public key [0-9a-f]{64}\n");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(Path.of(vendor + ".key"))))
                .isEqualTo("rw-------");
        assertThat(sign.exitCode()).isZero();
        assertThat(Files.size(Path.of(wasm + ".sig"))).isEqualTo(64);
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("the signature verifies");

        TrustedKeys trusted = TrustedKeys.parse(Files.readString(Path.of(vendor + ".pub")));
        try (PluginRuntime runtime =
                PluginRuntime.builder()
                        .trustedKeys(trusted)
                        .require(PinRequirement.SIGNATURE)
                        .build()) {
            PluginSource signed =
                    PluginSource.path(wasm).signature(Files.readAllBytes(Path.of(wasm + ".sig")));
            assertThat(runtime.load("echo", signed, PluginPolicy.denyAll()).functions())
                    .contains("echo");
        }
    }

    @Test
    void anotherKeysSignatureDoesNotVerify(@TempDir Path dir) {
        String wasm = dist("echo");
        String signer = dir.resolve("signer").toString();
        String other = dir.resolve("other").toString();
        run("keygen", "--out", signer);
        run("keygen", "--out", other);
        String sig = dir.resolve("echo.sig").toString();
        run("sign", wasm, "--key", signer + ".key", "--out", sig);

        Run verify = run("verify", wasm, "--signature", sig, "--public-key", other + ".pub");

        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("does NOT verify");
    }

    @Test
    void badKeysAndExistingFilesAreInputErrors(@TempDir Path dir) throws Exception {
        String key = dir.resolve("k").toString();
        assertThat(run("keygen", "--out", key).exitCode()).isZero();

        Run again = run("keygen", "--out", key);
        Run publicAsPrivate = run("sign", dist("echo"), "--key", key + ".pub");
        Run notAKey =
                run(
                        "verify",
                        dist("echo"),
                        "--signature",
                        dist("echo"),
                        "--public-key",
                        Files.writeString(dir.resolve("junk.pub"), "junk").toString());

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("keygen never overwrites a key");
        assertThat(publicAsPrivate.exitCode()).isEqualTo(2);
        assertThat(publicAsPrivate.err()).contains("holds no PEM 'PRIVATE KEY' block");
        assertThat(notAKey.exitCode()).isEqualTo(2);
        assertThat(notAKey.err()).contains("junk.pub: a trusted key must be");
        for (Run run : new Run[] {again, publicAsPrivate, notAKey}) {
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }
}
