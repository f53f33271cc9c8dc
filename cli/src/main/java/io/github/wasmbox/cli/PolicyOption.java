/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFileException;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.policy.PolicySet;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --policy FILE [--plugin NAME]}: the host's policy file, read exactly as the host reads it
 * (docs/policy.md). A single policy applies as it is; a policy set needs {@code --plugin} to pick
 * the plugin's merged policy.
 */
final class PolicyOption {
    @Option(
            names = "--policy",
            paramLabel = "POLICY",
            description =
                    "The host's policy file (.yaml, .yml or .json): a single policy, or a policy"
                            + " set with --plugin.")
    @Nullable Path file;

    @Option(
            names = "--plugin",
            paramLabel = "NAME",
            description =
                    "The plugin's name: its entry in a policy set, and the name it loads under"
                            + " (default: the file name without .wasm).")
    @Nullable String plugin;

    /** The plugin name: {@code --plugin}, else {@code fallback}. */
    String name(String fallback) {
        return plugin != null ? plugin : fallback;
    }

    /** The policy the options name, or {@code otherwise} without {@code --policy}. */
    PluginPolicy policy(PluginPolicy otherwise) {
        if (file == null) {
            return otherwise;
        }
        try {
            if (plugin == null) {
                return readSingle(file);
            }
            PolicySet set = PolicyFiles.readSet(file);
            PluginPolicy policy = set.plugins().get(plugin);
            if (policy == null) {
                throw new InputException(
                        file
                                + " names no plugin '"
                                + plugin
                                + "'; it names "
                                + (set.plugins().isEmpty()
                                        ? "none"
                                        : String.join(", ", set.plugins().keySet())));
            }
            return policy;
        } catch (PolicyFileException | IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new InputException(
                    file
                            + (e.getCause() instanceof NoSuchFileException
                                    ? ": no such file"
                                    : ": cannot be read: " + e.getCause().getMessage()),
                    e);
        }
    }

    /**
     * Reads a single policy; a file that is a policy set instead gets a message that asks for
     * {@code --plugin}.
     */
    private static PluginPolicy readSingle(Path file) {
        try {
            return PolicyFiles.readPolicy(file);
        } catch (PolicyFileException single) {
            PolicySet set;
            try {
                set = PolicyFiles.readSet(file);
            } catch (PolicyFileException notASetEither) {
                throw single;
            }
            throw new InputException(
                    file
                            + " is a policy set; pick a plugin's policy with --plugin (it names "
                            + (set.plugins().isEmpty()
                                    ? "no plugin"
                                    : String.join(", ", set.plugins().keySet()))
                            + ")");
        }
    }
}
