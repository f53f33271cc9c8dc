/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginLinkException;
import io.github.wasmbox.sandbox.PluginSignatureException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a load failure into a {@link PluginStartupException} that names the configuration key at
 * fault and the action to take.
 */
final class Failures {
    /** An ungranted import as the load-time audit words it; the name is escaped guest text. */
    private static final Pattern UNGRANTED = Pattern.compile("^import (\\S+) is not granted");

    /** The most imports an action lists; the audit report above it has them all. */
    private static final int LISTED_IMPORTS = 20;

    private Failures() {}

    /**
     * What to grant: exactly the imports that are not granted, and, for key-value imports, the
     * namespace grant without which every call is denied.
     */
    private static String grantAction(String prefix, List<String> violations) {
        List<String> imports = new ArrayList<>();
        for (String violation : violations) {
            Matcher matcher = UNGRANTED.matcher(violation);
            if (matcher.find()) {
                imports.add(matcher.group(1));
            }
        }
        if (imports.isEmpty()) {
            return "Provide a @HostModule bean for the imports the host lacks, rebuild the plugin"
                    + " against the wasmbox ABI, or do not load this plugin.";
        }
        String listed =
                String.join(", ", imports.subList(0, Math.min(imports.size(), LISTED_IMPORTS)))
                        + (imports.size() > LISTED_IMPORTS
                                ? " and " + (imports.size() - LISTED_IMPORTS) + " more"
                                : "");
        String action =
                "After reviewing why the plugin needs them, add to "
                        + prefix
                        + "grants.host-functions: "
                        + listed
                        + ". Or do not load this plugin.";
        if (imports.stream().anyMatch(name -> name.startsWith("wasmbox:kv/"))) {
            action +=
                    " It uses the key-value store: grant its namespaces too, under "
                            + prefix
                            + "grants.key-value.<namespace> (read or read-write); without one,"
                            + " every key-value call is denied.";
        }
        return action;
    }

    static PluginStartupException explain(
            String name,
            String location,
            PluginDefinition.Resolved resolved,
            String actualSha256,
            PluginException failure) {
        String prefix = "wasmbox.plugins." + name + ".";
        if (resolved.sha256() != null
                && !resolved.sha256().strip().equalsIgnoreCase(actualSha256)) {
            return new PluginStartupException(
                    name,
                    prefix + "sha256",
                    "plugin '"
                            + name
                            + "' at "
                            + location
                            + " has SHA-256 "
                            + actualSha256
                            + ", but "
                            + prefix
                            + "sha256 pins "
                            + resolved.sha256().strip()
                            + ": the module is not the one that was reviewed",
                    "If the new module is trusted, set "
                            + prefix
                            + "sha256 to "
                            + actualSha256
                            + "; otherwise restore the module that was pinned.",
                    failure);
        }
        if (failure instanceof PluginLinkException link) {
            return new PluginStartupException(
                    name,
                    prefix + "grants.host-functions",
                    "plugin '"
                            + name
                            + "' at "
                            + location
                            + " imports what its policy does not"
                            + " grant or the host does not provide ("
                            + link.violations().size()
                            + " violation(s)); the audit report:\n"
                            + link.getMessage(),
                    grantAction(prefix, link.violations()),
                    failure);
        }
        String message = String.valueOf(failure.getMessage());
        // By type: the message quotes the plugin's name, which may well contain "signed".
        // Neither pinned nor signed, and wasmbox.pins.required asks for a pin (a refusal for a
        // missing signature names "no trusted signature" and is answered below). The message is
        // the runtime's, around the plugin's configured name and location.
        if (failure instanceof PluginSignatureException
                && resolved.sha256() == null
                && !message.contains(" carries no trusted signature, ")) {
            return new PluginStartupException(
                    name,
                    prefix + "sha256",
                    message,
                    "After reviewing the module, set "
                            + prefix
                            + "sha256 to "
                            + actualSha256
                            + " (`wasmbox digest FILE` prints it), or sign it: "
                            + prefix
                            + "signature and wasmbox.trusted-keys, if wasmbox.pins.required"
                            + " accepts a signature. For development only,"
                            + " wasmbox.pins.warn-only=true loads it with a warning.",
                    failure);
        }
        if (failure instanceof PluginSignatureException) {
            return new PluginStartupException(
                    name,
                    prefix + "signature",
                    message,
                    "Set "
                            + prefix
                            + "signature to the module's detached Ed25519 signature and"
                            + " wasmbox.trusted-keys to the vendor's public key, or obtain a module"
                            + " signed by a trusted key.",
                    failure);
        }
        return new PluginStartupException(
                name,
                prefix + "location",
                "plugin '" + name + "' at " + location + " did not load: " + message,
                "Check that "
                        + prefix
                        + "location points at a valid WebAssembly module built for"
                        + " the wasmbox ABI, and that its limits allow it.",
                failure);
    }
}
