/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The result of a {@link PolicyAudit}: every finding, errors first, and the limits the plugin will
 * run under. Renders as text (one line per finding) and as JSON.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditReport {
    /** The findings {@link #toText()} lists one per line. */
    public static final int TEXT_FINDINGS = 100;

    private final List<AuditFinding> findings;
    private final Limits effectiveLimits;

    AuditReport(List<AuditFinding> findings, Limits effectiveLimits) {
        List<AuditFinding> ordered = new ArrayList<>(findings);
        ordered.sort((a, b) -> a.severity().compareTo(b.severity()));
        this.findings = List.copyOf(ordered);
        this.effectiveLimits = effectiveLimits;
    }

    /** Returns every finding, errors before warnings, each group in the order found. */
    public List<AuditFinding> findings() {
        return findings;
    }

    /** Returns the findings that stop the load. */
    public List<AuditFinding> errors() {
        return withSeverity(AuditFinding.Severity.ERROR);
    }

    /** Returns the findings that do not stop the load. */
    public List<AuditFinding> warnings() {
        return withSeverity(AuditFinding.Severity.WARNING);
    }

    private List<AuditFinding> withSeverity(AuditFinding.Severity severity) {
        return findings.stream()
                .filter(finding -> finding.severity() == severity)
                .collect(Collectors.toUnmodifiableList());
    }

    /** Returns whether the module must not load. */
    public boolean hasErrors() {
        return !errors().isEmpty();
    }

    /** Returns the limits the plugin runs under. */
    public Limits effectiveLimits() {
        return effectiveLimits;
    }

    /**
     * Returns a summary line, one line per finding ({@code error: …} or {@code warning: …}; the
     * first {@value #TEXT_FINDINGS}, then a line that counts the rest) and a last line with the
     * effective limits in policy-file syntax. Names the module controls are escaped and capped by
     * {@link GuestText}.
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(count(errors().size(), "error"))
                .append(", ")
                .append(count(warnings().size(), "warning"))
                .append('\n');
        // A module can import a hundred thousand names; the text stays a readable size.
        for (AuditFinding finding : findings.subList(0, Math.min(findings.size(), TEXT_FINDINGS))) {
            text.append(finding).append('\n');
        }
        if (findings.size() > TEXT_FINDINGS) {
            text.append("… ")
                    .append(count(findings.size() - TEXT_FINDINGS, "more finding"))
                    .append('\n');
        }
        text.append("limits: ");
        LimitField[] fields = LimitField.values();
        for (int i = 0; i < fields.length; i++) {
            text.append(i == 0 ? "" : ", ")
                    .append(fields[i].fileKey())
                    .append(' ')
                    .append(limitText(fields[i]));
        }
        return text.append('\n').toString();
    }

    /**
     * Returns the report as a JSON object: {@code errors} and {@code warnings} (counts), {@code
     * findings} (each with {@code severity}, {@code kind}, {@code subject}, {@code message}) and
     * {@code limits} keyed as in a policy file.
     */
    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("errors", errors().size());
        root.put("warnings", warnings().size());
        ArrayNode list = root.putArray("findings");
        for (AuditFinding finding : findings) {
            list.addObject()
                    .put("severity", finding.severity().label())
                    .put("kind", finding.kind().label())
                    .put("subject", finding.subject())
                    .put("message", finding.message());
        }
        ObjectNode limits = root.putObject("limits");
        for (LimitField field : LimitField.values()) {
            Object value = effectiveLimits.value(field);
            if (value instanceof Long) {
                limits.put(field.fileKey(), (Long) value);
            } else {
                limits.put(field.fileKey(), limitText(field));
            }
        }
        return Json.MAPPER.writeValueAsString(root);
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private String limitText(LimitField field) {
        Object value = effectiveLimits.value(field);
        if (value instanceof Duration) {
            return Units.formatDuration((Duration) value);
        }
        if (value instanceof StateMode) {
            return value.toString().toLowerCase(Locale.ROOT);
        }
        return field.kind() == LimitField.Kind.BYTES
                ? Units.formatSize((Long) value)
                : value.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /** Built on first use: a load that never renders a report as JSON does not pay for a mapper. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }
}
