package io.github.wasmbox.sandbox;

/**
 * The plugin ran to completion but reported failure through the ABI: a non-zero return code with an
 * optional {@code error_write} message, or a command-mode program's non-zero exit code with the
 * tail of its stderr. The instance stays healthy and may be reused.
 */
public class PluginFailedException extends PluginException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String guestMessage;

    public PluginFailedException(
            String pluginName, String functionName, int code, String guestMessage) {
        super(
                pluginName,
                functionName,
                "plugin '"
                        + pluginName
                        + "' function '"
                        + functionName
                        + "' failed (code "
                        + code
                        + "): "
                        + guestMessage,
                null);
        this.code = code;
        this.guestMessage = guestMessage;
    }

    /** The guest's return code or exit code; never 0. */
    public int code() {
        return code;
    }

    /** The message the guest reported, already escaped of control characters. */
    public String guestMessage() {
        return guestMessage;
    }
}
