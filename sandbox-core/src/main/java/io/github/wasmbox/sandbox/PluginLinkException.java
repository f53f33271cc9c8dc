/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.AuditReport;
import java.util.List;

/**
 * The module imports something the policy does not grant or the host does not provide. The
 * exception lists every violation at once, so one round of policy edits fixes them all.
 */
public class PluginLinkException extends PluginLoadException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;
    // Not serialized: a report is for the process that ran the audit.
    private final transient AuditReport auditReport;

    public PluginLinkException(
            String pluginName, List<String> violations, String report, AuditReport auditReport) {
        super(
                pluginName,
                null,
                "plugin '"
                        + pluginName
                        + "' cannot be linked: "
                        + violations.size()
                        + " violation(s)\n"
                        + report,
                null);
        this.violations = List.copyOf(violations);
        this.auditReport = auditReport;
    }

    /** One human-readable line per violation. */
    public List<String> violations() {
        return violations;
    }

    /**
     * The policy audit of the module: its errors (also among {@link #violations()}), the grants the
     * module does not use and the limits it would have run under. A tool that checks a module
     * against a policy shows both.
     */
    public AuditReport auditReport() {
        return auditReport;
    }
}
