/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

/**
 * The plugin ran to completion but reported failure: a reactor function returned a non-zero code
 * (with an optional {@code error_write} message), or the guest exited with a non-zero code through
 * WASI {@code proc_exit} or a command's {@code _start} (with the tail of its stderr). {@link
 * #reason()} tells the two apart; the message text is the guest's and proves nothing. After a
 * returned code the instance stays healthy and may be reused; after an exit it is discarded.
 */
public class PluginFailedException extends PluginException {
    private static final long serialVersionUID = 1L;

    /** How the guest reported the failure. */
    public enum Reason {
        /** A reactor function returned a non-zero code. */
        RETURNED,
        /** The guest exited with a non-zero code ({@code proc_exit}, or a command's exit). */
        EXITED
    }

    private final Reason reason;
    private final int code;
    private final String guestMessage;

    /**
     * @param guestMessage what the guest reported, already escaped of control characters; empty
     *     when it reported nothing
     */
    public PluginFailedException(
            String pluginName, String functionName, Reason reason, int code, String guestMessage) {
        super(
                pluginName,
                functionName,
                message(pluginName, functionName, reason, code, guestMessage),
                null);
        this.reason = reason;
        this.code = code;
        this.guestMessage = guestMessage;
    }

    private static String message(
            String pluginName, String functionName, Reason reason, int code, String guestMessage) {
        String where = "plugin '" + pluginName + "' function '" + functionName + "'";
        String what = reason == Reason.EXITED ? " exited with code " + code : " returned " + code;
        return guestMessage.isEmpty()
                ? where + what + " and reported no message"
                : where + what + ": " + guestMessage;
    }

    /** Whether the guest returned its code or exited with it. */
    public Reason reason() {
        return reason;
    }

    /** The guest's return code or exit code; never 0. */
    public int code() {
        return code;
    }

    /**
     * The message the guest reported ({@code error_write}; for an exit, that or else the tail of
     * its stderr), already escaped of control characters; empty when it reported none.
     */
    public String guestMessage() {
        return guestMessage;
    }
}
