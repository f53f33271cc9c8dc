package io.github.wasmbox.sandbox;

import java.util.List;

/**
 * The module imports something the policy does not grant or the host does not provide. The
 * exception lists every violation at once, so one round of policy edits fixes them all.
 */
public class PluginLinkException extends PluginLoadException {
    private static final long serialVersionUID = 1L;

    private final List<String> violations;

    public PluginLinkException(String pluginName, List<String> violations, String report) {
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
    }

    /** One human-readable line per violation. */
    public List<String> violations() {
        return violations;
    }
}
