/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import java.util.function.Supplier;

/** What {@code push} and {@code pull} share beyond their options. */
final class Registries {
    private Registries() {}

    /**
     * Runs registry work whose only {@link IllegalArgumentException} is a malformed reference or a
     * tag-less push: the user's input, so exit code 2. A refusal ({@code OciException}) is a failed
     * check and stays one.
     */
    static <T> T userInput(Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    /**
     * {@code reference} (tag or digest form, already accepted by the registry) at {@code digest}.
     */
    static String pin(String reference, String digest) {
        String name = reference.strip();
        if (name.startsWith("oci://")) {
            name = name.substring("oci://".length());
        }
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        } else {
            int colon = name.indexOf(':', name.indexOf('/'));
            name = name.substring(0, colon);
        }
        return name + "@" + digest;
    }
}
