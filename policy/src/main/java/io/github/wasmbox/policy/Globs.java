/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

/** Matches names against globs where {@code *} is any run of characters and {@code ?} one. */
final class Globs {
    private Globs() {}

    static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int starGlob = -1;
        int starName = 0;
        while (n < name.length()) {
            if (g < glob.length()
                    && (glob.charAt(g) == '?' || glob.charAt(g) == name.charAt(n))
                    && glob.charAt(g) != '*') {
                g++;
                n++;
            } else if (g < glob.length() && glob.charAt(g) == '*') {
                starGlob = g++;
                starName = n;
            } else if (starGlob >= 0) {
                g = starGlob + 1;
                n = ++starName;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
