/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

import java.util.Locale;
import java.util.Set;

/**
 * Which file names a guest may create or a grant may carry. Names that Windows reserves are refused
 * everywhere, so content a plugin writes can be exported to any host without turning into a device
 * name.
 */
public final class GuestNames {
    private static final Set<String> RESERVED =
            Set.of(
                    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6",
                    "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
                    "LPT8", "LPT9", "CONIN$", "CONOUT$");

    /** The longest path a guest may pass to one WASI call, as on Linux ({@code PATH_MAX}). */
    public static final int MAX_PATH_BYTES = 4096;

    private GuestNames() {}

    /** Whether every component of a slash-separated path is a name a guest may create. */
    public static boolean creatable(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                continue;
            }
            if (!creatableName(segment)) {
                return false;
            }
        }
        return true;
    }

    /** Whether one file name is allowed: no NUL, backslash, colon, and no Windows device. */
    public static boolean creatableName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == '\\' || c == ':') {
                return false;
            }
        }
        if (name.endsWith(" ") || (name.endsWith(".") && !name.equals(".") && !name.equals(".."))) {
            return false;
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).trim().toUpperCase(Locale.ROOT);
        return !RESERVED.contains(stem);
    }

    /**
     * Whether a relative symlink target stays inside the root when resolved lexically from the
     * link's own directory, given as its depth below the root.
     */
    public static boolean staysInside(String target, int linkDirectoryDepth) {
        if (target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            return false;
        }
        int depth = linkDirectoryDepth;
        for (String segment : target.split("/", -1)) {
            if (segment.equals("..")) {
                depth--;
                if (depth < 0) {
                    return false;
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
        }
        return true;
    }
}
