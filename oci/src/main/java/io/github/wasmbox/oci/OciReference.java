/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code host[:port]/repository:tag} or {@code host[:port]/repository@sha256:…}. The
 * registry host is required (no implicit Docker Hub) and so is a tag or a digest (no implicit
 * {@code latest}): what is pulled must be what the configuration says. Immutable.
 *
 * @param registry the registry's {@code host[:port]}, lowercase
 * @param repository the repository within it
 * @param tag the tag, or null when the reference names a digest
 * @param digest the manifest digest ({@code sha256:…}), or null when it names a tag
 */
public record OciReference(
        String registry, String repository, @Nullable String tag, @Nullable String digest) {

    private static final Pattern FORM =
            Pattern.compile(
                    "(?<registry>[^/]+)/(?<repository>[^:@]+)(?::(?<tag>[^:@/]+))?(?:@(?<digest>.+))?");
    private static final Pattern REPOSITORY =
            Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /**
     * Parses {@code reference}, optionally prefixed with {@code oci://}.
     *
     * @throws IllegalArgumentException saying what to change, if it is malformed
     */
    public static OciReference parse(String reference) {
        String text = reference.strip();
        if (text.startsWith("oci://")) {
            text = text.substring("oci://".length());
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw invalid(reference, "expected host[:port]/repository:tag or …@sha256:<digest>");
        }
        String registry = m.group("registry").toLowerCase(Locale.ROOT);
        if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
            throw invalid(
                    reference,
                    "'"
                            + registry
                            + "' is not a registry host; name the registry first, e.g."
                            + " registry.example.com/"
                            + m.group("registry")
                            + "/…");
        }
        String repository = m.group("repository");
        if (!REPOSITORY.matcher(repository).matches()) {
            throw invalid(
                    reference,
                    "repository '"
                            + repository
                            + "' must be lowercase letters and digits separated by '/', '.', '_'"
                            + " or '-'");
        }
        String tag = m.group("tag");
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw invalid(reference, "tag '" + tag + "' is not a valid OCI tag");
        }
        String digest = m.group("digest");
        if (digest != null && !Digests.isSha256(digest)) {
            throw invalid(
                    reference,
                    "digest '" + digest + "' must be sha256:<64 lowercase hexadecimal digits>");
        }
        if (tag == null && digest == null) {
            throw invalid(
                    reference,
                    "add a tag (" + text + ":1.0.0) or a digest (" + text + "@sha256:…)");
        }
        return new OciReference(registry, repository, digest != null ? null : tag, digest);
    }

    private static IllegalArgumentException invalid(String reference, String why) {
        return new IllegalArgumentException("invalid OCI reference '" + reference + "': " + why);
    }

    /** The same repository at {@code digest}. */
    OciReference at(String digest) {
        return new OciReference(registry, repository, null, digest);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (digest != null ? "@" + digest : ":" + tag);
    }
}
