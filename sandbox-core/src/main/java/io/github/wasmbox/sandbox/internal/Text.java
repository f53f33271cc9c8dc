package io.github.wasmbox.sandbox.internal;

/** Text from guests, made safe for logs and messages. */
public final class Text {
    private Text() {}

    /**
     * Escapes control characters ({@code \n} becomes {@code \\n}, others {@code \\uXXXX}) so a
     * guest cannot forge log lines or terminal escapes.
     */
    public static String escapeControl(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
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
