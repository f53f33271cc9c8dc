/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static io.github.wasmbox.policy.AuditFinding.Kind.BROAD_GRANT;
import static io.github.wasmbox.policy.AuditFinding.Kind.UNGRANTED_IMPORT;
import static io.github.wasmbox.policy.AuditFinding.Kind.UNGRANTED_REQUEST;
import static io.github.wasmbox.policy.AuditFinding.Kind.UNPROVIDED_IMPORT;
import static io.github.wasmbox.policy.AuditFinding.Kind.UNUSED_GRANT;
import static io.github.wasmbox.policy.AuditFinding.Severity.ERROR;
import static io.github.wasmbox.policy.AuditFinding.Severity.WARNING;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The load-time least-privilege audit: compares what a module imports, and what its manifest
 * requests, with what its policy grants and what the host provides. It reports
 *
 * <ul>
 *   <li>imports of capability functions the policy does not grant (errors);
 *   <li>imports that no host module provides (errors; one finding per import, which says whether a
 *       grant is missing too);
 *   <li>manifest requests the policy does not grant (errors when {@link
 *       PluginPolicy#strictManifest()}, otherwise warnings);
 *   <li>grants the module cannot use or that are wider than what it imports (warnings);
 *   <li>the effective limits.
 * </ul>
 *
 * <p>The audit reports every finding at once. It knows nothing of the Wasm runtime: the caller
 * passes the imports as {@link ImportRef}s. Stateless and thread-safe.
 */
public final class PolicyAudit {
    static final String WASI = "wasi_snapshot_preview1";
    static final String KV = "wasmbox:kv";
    static final String HTTP = "wasmbox:http";
    static final String CONFIG = "wasmbox:config";

    private PolicyAudit() {}

    /**
     * Audits a module against its policy.
     *
     * @param imports every import of the module
     * @param manifest the module's {@code wasmbox.manifest}, if it has one
     * @param policy the plugin's policy
     * @param alwaysProvidedModules import modules linked for every plugin without a grant, such as
     *     {@code wasmbox} and {@code wasi_snapshot_preview1}
     * @param hostProvided every import the host can satisfy. An always-provided module whose
     *     functions are listed here provides exactly those; one with none listed counts as
     *     providing every import of it
     */
    public static AuditReport audit(
            List<ImportRef> imports,
            Optional<PluginManifest> manifest,
            PluginPolicy policy,
            Set<String> alwaysProvidedModules,
            Set<ImportRef> hostProvided) {
        Objects.requireNonNull(imports, "imports");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(alwaysProvidedModules, "alwaysProvidedModules");
        Objects.requireNonNull(hostProvided, "hostProvided");
        List<AuditFinding> findings = new ArrayList<>();
        for (ImportRef ref : new LinkedHashSet<>(imports)) {
            String shown = shown(ref);
            boolean needsGrant = !alwaysProvidedModules.contains(ref.module());
            if (needsGrant && !policy.allowsHostFunction(ref.module(), ref.name())) {
                findings.add(
                        new AuditFinding(
                                ERROR,
                                UNGRANTED_IMPORT,
                                shown,
                                "import "
                                        + shown
                                        + " is not granted; add '"
                                        + shown
                                        + "' to grants.host-functions or remove the import"));
            }
            if (!isProvided(ref, alwaysProvidedModules, hostProvided)) {
                findings.add(
                        new AuditFinding(
                                ERROR,
                                UNPROVIDED_IMPORT,
                                shown,
                                "import "
                                        + shown
                                        + " is provided by no host module; register a host"
                                        + " module that provides it or rebuild the plugin"
                                        + " without it"));
            }
        }
        manifest.ifPresent(m -> auditRequests(m, policy, alwaysProvidedModules, findings));
        auditHostFunctionGrants(imports, policy, hostProvided, findings);
        auditResourceGrants(imports, policy, findings);
        return new AuditReport(findings, policy.limits());
    }

    /** An import or request as messages show it: the module controls both parts. */
    private static String shown(ImportRef ref) {
        return GuestText.escape(ref.toString(), GuestText.MAX_NAME_CHARS);
    }

    /**
     * An always-provided module counts as provided in full unless {@code hostProvided} lists some
     * of its functions, in which case those are all it provides.
     */
    private static boolean isProvided(
            ImportRef ref, Set<String> alwaysProvidedModules, Set<ImportRef> hostProvided) {
        if (hostProvided.contains(ref)) {
            return true;
        }
        return alwaysProvidedModules.contains(ref.module())
                && hostProvided.stream().noneMatch(other -> other.module().equals(ref.module()));
    }

    private static void auditRequests(
            PluginManifest manifest,
            PluginPolicy policy,
            Set<String> alwaysProvidedModules,
            List<AuditFinding> findings) {
        // A manifest may repeat a request; one finding each is enough.
        for (ImportRef request : new LinkedHashSet<>(manifest.capabilities())) {
            if (!alwaysProvidedModules.contains(request.module())
                    && !policy.allowsHostFunction(request.module(), request.name())) {
                String shown = shown(request);
                findings.add(
                        new AuditFinding(
                                policy.strictManifest() ? ERROR : WARNING,
                                UNGRANTED_REQUEST,
                                shown,
                                "the manifest requests "
                                        + shown
                                        + ", which is not granted; add '"
                                        + shown
                                        + "' to grants.host-functions or drop it from the"
                                        + " manifest"));
            }
        }
    }

    private static void auditHostFunctionGrants(
            List<ImportRef> imports,
            PluginPolicy policy,
            Set<ImportRef> hostProvided,
            List<AuditFinding> findings) {
        for (HostFunctionGrant grant : policy.hostFunctionGrants()) {
            Set<String> used = namesCovered(grant, imports);
            if (used.isEmpty()) {
                findings.add(
                        new AuditFinding(
                                WARNING,
                                UNUSED_GRANT,
                                grant.toString(),
                                "grant " + grant + " covers no import of the module; remove it"));
                continue;
            }
            Set<String> provided = namesCovered(grant, hostProvided);
            provided.removeAll(used);
            if (!provided.isEmpty()) {
                findings.add(
                        new AuditFinding(
                                WARNING,
                                BROAD_GRANT,
                                grant.toString(),
                                "grant "
                                        + grant
                                        + " also covers "
                                        + String.join(", ", provided)
                                        + ", which the module does not import; narrow it to "
                                        + used.stream()
                                                .map(
                                                        name ->
                                                                shown(
                                                                        new ImportRef(
                                                                                grant.module(),
                                                                                name)))
                                                .collect(Collectors.joining(", "))));
            }
        }
    }

    private static Set<String> namesCovered(HostFunctionGrant grant, Collection<ImportRef> refs) {
        Set<String> names = new TreeSet<>();
        for (ImportRef ref : refs) {
            if (grant.matches(ref.module(), ref.name())) {
                names.add(ref.name());
            }
        }
        return names;
    }

    /** Warns about grants of resources that no imported function can reach. */
    private static void auditResourceGrants(
            List<ImportRef> imports, PluginPolicy policy, List<AuditFinding> findings) {
        boolean importsKv = imports.stream().anyMatch(ref -> ref.module().equals(KV));
        boolean writesKv =
                imports.contains(new ImportRef(KV, "put"))
                        || imports.contains(new ImportRef(KV, "delete"));
        for (Map.Entry<String, KeyValueAccess> namespace : policy.keyValueNamespaces().entrySet()) {
            String subject = "key-value " + namespace.getKey();
            if (!importsKv) {
                findings.add(
                        unused(
                                subject,
                                "key-value namespace '"
                                        + namespace.getKey()
                                        + "' is granted but the module imports no "
                                        + KV
                                        + " function; remove it"));
            } else if (namespace.getValue().allowsWrite() && !writesKv) {
                findings.add(
                        new AuditFinding(
                                WARNING,
                                BROAD_GRANT,
                                subject,
                                "key-value namespace '"
                                        + namespace.getKey()
                                        + "' is granted read-write but the module imports"
                                        + " neither wasmbox:kv/put nor wasmbox:kv/delete; grant"
                                        + " read"));
            }
        }
        if (imports.stream().noneMatch(ref -> ref.module().equals(HTTP))) {
            for (OutboundGrant grant : policy.outbound()) {
                findings.add(
                        unused(
                                "outbound " + grant,
                                "outbound "
                                        + grant
                                        + " is granted but the module imports no "
                                        + HTTP
                                        + " function; remove it"));
            }
        }
        if (!imports.contains(new ImportRef(CONFIG, "get"))) {
            for (String key : policy.config().keySet()) {
                findings.add(
                        unused(
                                "config " + key,
                                "config '"
                                        + key
                                        + "' is exposed but the module does not import "
                                        + CONFIG
                                        + "/get; remove it"));
            }
        }
        if (!imports.contains(new ImportRef(WASI, "environ_get"))) {
            for (EnvGrant env : policy.env()) {
                findings.add(
                        unused(
                                "env " + env.name(),
                                "env "
                                        + env.name()
                                        + " is granted but the module does not import "
                                        + WASI
                                        + "/environ_get; remove it"));
            }
        }
        if (!policy.args().isEmpty() && !imports.contains(new ImportRef(WASI, "args_get"))) {
            findings.add(
                    unused(
                            "args",
                            "args are granted but the module does not import "
                                    + WASI
                                    + "/args_get; remove them"));
        }
        if (policy.stdin().length > 0 && !imports.contains(new ImportRef(WASI, "fd_read"))) {
            findings.add(
                    unused(
                            "stdin",
                            "stdin is granted but the module does not import "
                                    + WASI
                                    + "/fd_read; remove it"));
        }
        if (!imports.contains(new ImportRef(WASI, "path_open"))) {
            for (PreopenGrant preopen : policy.preopens()) {
                findings.add(
                        unused(
                                "preopen " + preopen.guestPath(),
                                "preopen "
                                        + preopen.guestPath()
                                        + " is granted but the module does not import "
                                        + WASI
                                        + "/path_open; remove it"));
            }
        }
    }

    private static AuditFinding unused(String subject, String message) {
        return new AuditFinding(WARNING, UNUSED_GRANT, subject, message);
    }
}
