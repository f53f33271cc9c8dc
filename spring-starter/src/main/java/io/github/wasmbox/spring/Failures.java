package io.github.wasmbox.spring;

import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginLinkException;
import io.github.wasmbox.sandbox.PluginSignatureException;

/**
 * Turns a load failure into a {@link PluginStartupException} that names the configuration key at
 * fault and the action to take.
 */
final class Failures {
    private Failures() {}

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
                    "Grant the imports the plugin needs under "
                            + prefix
                            + "grants.host-functions (for example [\"wasmbox:log/*\"]) after"
                            + " reviewing why it needs them, provide a @HostModule bean for"
                            + " capabilities the host lacks, or do not load this plugin.",
                    failure);
        }
        String message = String.valueOf(failure.getMessage());
        // By type: the message quotes the plugin's name, which may well contain "signed".
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
