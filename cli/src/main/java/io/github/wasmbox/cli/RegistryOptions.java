/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.oci.OciRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How {@code push} and {@code pull} reach a registry: transport, credentials and time bound. */
final class RegistryOptions {
    @Option(
            names = "--plain-http",
            description =
                    "Talk plain HTTP instead of HTTPS: only for a registry on 127.0.0.1 in"
                            + " development and tests.")
    boolean plainHttp;

    @Option(
            names = "--docker-config",
            paramLabel = "FILE",
            description =
                    "The Docker config.json with the registry credentials"
                            + " (default ~/.docker/config.json, as docker login leaves it).")
    @Nullable Path dockerConfig;

    @Option(
            names = "--registry-timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long the whole exchange with the registry may take (default 30).")
    int timeoutSeconds;

    /** A registry builder with these options applied. */
    OciRegistry.Builder builder() {
        if (timeoutSeconds <= 0) {
            throw new InputException(
                    "--registry-timeout must be a positive number of seconds, got "
                            + timeoutSeconds);
        }
        OciRegistry.Builder builder =
                OciRegistry.builder()
                        .plainHttp(plainHttp)
                        .timeout(Duration.ofSeconds(timeoutSeconds));
        if (dockerConfig != null) {
            builder.dockerConfig(dockerConfig);
        }
        return builder;
    }
}
