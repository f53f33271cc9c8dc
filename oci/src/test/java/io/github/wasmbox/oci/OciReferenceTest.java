/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OciReferenceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void tagsAndDigestsParse() {
        assertThat(OciReference.parse("oci://127.0.0.1:5000/acme/discount:1.4.0"))
                .isEqualTo(new OciReference("127.0.0.1:5000", "acme/discount", "1.4.0", null));
        assertThat(OciReference.parse("registry.example.com/discount@" + DIGEST))
                .isEqualTo(new OciReference("registry.example.com", "discount", null, DIGEST));
        // Docker's form with both: the digest decides, the tag is only a label.
        assertThat(OciReference.parse("localhost/acme/discount:1@" + DIGEST).toString())
                .isEqualTo("localhost/acme/discount@" + DIGEST);
    }

    @Test
    void whatWouldBeGuessedIsRefused() {
        assertThatThrownBy(() -> OciReference.parse("acme/discount:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'acme' is not a registry host");
        assertThatThrownBy(() -> OciReference.parse("registry.example.com/acme/discount"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add a tag (registry.example.com/acme/discount:1.0.0)");
        assertThatThrownBy(() -> OciReference.parse("registry.example.com/Acme/discount:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repository 'Acme/discount' must be lowercase");
        assertThatThrownBy(() -> OciReference.parse("registry.example.com/acme@sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be sha256:<64 lowercase hexadecimal digits>");
        assertThatThrownBy(() -> OciReference.parse("registry.example.com/acme:-bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag '-bad' is not a valid OCI tag");
    }
}
