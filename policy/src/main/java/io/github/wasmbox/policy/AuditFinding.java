/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * One finding of a {@link PolicyAudit}: how serious it is, what kind, the grant or import it is
 * about, and a one-line message that says what to change.
 *
 * <p>Immutable and thread-safe.
 *
 * @param severity whether the finding stops the load
 * @param kind what was found
 * @param subject the import, capability or grant concerned, such as {@code wasmbox:kv/put}
 * @param message what is wrong and what to change
 */
public record AuditFinding(Severity severity, Kind kind, String subject, String message) {
    /** Whether a finding stops the load. */
    public enum Severity {
        /** The module must not load. */
        ERROR,
        /** The module loads; the policy grants more than it needs or the manifest disagrees. */
        WARNING;

        /** Returns the lower-case name used in text and JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an audit found. */
    public enum Kind {
        /** The module imports a host function that the policy does not grant. */
        UNGRANTED_IMPORT,
        /** The module imports something that no host module provides. */
        UNPROVIDED_IMPORT,
        /** The manifest requests a capability that the policy does not grant. */
        UNGRANTED_REQUEST,
        /** A grant that the module cannot use, because it imports nothing that needs it. */
        UNUSED_GRANT,
        /** A grant wider than what the module uses. */
        BROAD_GRANT;

        /** Returns the kebab-case name used in text and JSON, such as {@code unused-grant}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Checks that no component is null. */
    public AuditFinding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    /** Returns {@code severity: message}, the line {@link AuditReport#toText()} prints. */
    @Override
    public String toString() {
        return severity.label() + ": " + message;
    }
}
