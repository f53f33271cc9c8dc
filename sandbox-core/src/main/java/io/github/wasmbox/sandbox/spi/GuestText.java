package io.github.wasmbox.sandbox.spi;

/**
 * Text from guests, made safe for logs and messages. Host functions that log or report what a
 * plugin sent should pass it through {@link #escapeControl(String)}. Stateless and thread-safe.
 */
public final class GuestText {
    private GuestText() {}

    /**
     * Escapes control characters ({@code \n} becomes {@code \\n}, others {@code \\uXXXX}) and
     * backslashes, so a guest can neither forge log lines and terminal escapes nor pass off an
     * escape of its own as one of ours.
     */
    public static String escapeControl(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                switch (c) {
                    case '\n':
                        out.append("\\n");
                        break;
                    case '\r':
                        out.append("\\r");
                        break;
                    case '\t':
                        out.append("\\t");
                        break;
                    case '\\':
                        out.append("\\\\");
                        break;
                    default:
                        out.append(String.format("\\u%04x", (int) c));
                        break;
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** The last {@code max} characters of {@code text}, escaped. */
    public static String tail(String text, int max) {
        String tail = text.length() <= max ? text : "…" + text.substring(text.length() - max);
        return escapeControl(tail.strip());
    }
}
