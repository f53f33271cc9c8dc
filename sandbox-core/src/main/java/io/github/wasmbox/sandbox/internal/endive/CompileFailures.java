package io.github.wasmbox.sandbox.internal.endive;

import java.util.Optional;
import org.objectweb.asm.MethodTooLargeException;

/**
 * Explains compile failures in wasmbox's terms rather than the engine's: the engine's own advice
 * names modes and options that wasmbox deliberately does not offer.
 */
public final class CompileFailures {
    /** The prefix of the JVM method the compiler generates for each Wasm function. */
    private static final String FUNCTION_METHOD = "func_";

    private CompileFailures() {}

    /**
     * When {@code failure} was caused by a Wasm function whose generated JVM method exceeds the
     * JVM's 64 KiB limit, what to tell the operator; empty otherwise. Decided from the cause's type
     * and fields, never from message text.
     */
    public static Optional<String> functionTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MethodTooLargeException) {
                MethodTooLargeException tooLarge = (MethodTooLargeException) t;
                String method = tooLarge.getMethodName();
                String function =
                        method != null && method.startsWith(FUNCTION_METHOD)
                                ? "function " + method.substring(FUNCTION_METHOD.length())
                                : "a function";
                return Optional.of(
                        "has a function too large to run: "
                                + function
                                + " (by index, imports included) compiles to "
                                + tooLarge.getCodeSize()
                                + " bytes of JVM bytecode, over the JVM's limit of 65,535 bytes"
                                + " per method, and wasmbox could not split it (it splits only"
                                + " structured blocks, and only in functions without exception"
                                + " handling or tail calls). Split that function in the plugin's"
                                + " source, or build the plugin so that the compiler inlines less"
                                + " into it (for example opt-level \"s\" rather than 3).");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
