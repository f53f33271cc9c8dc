package io.github.wasmbox.policy;

/**
 * What a plugin may do in a granted key-value namespace.
 *
 * <p>Immutable and thread-safe.
 */
public enum KeyValueAccess {
    /** {@code get} and {@code list} only. */
    READ,
    /** {@code get}, {@code list}, {@code put} and {@code delete}. */
    READ_WRITE;

    /** Returns whether this access level permits changing the namespace. */
    public boolean allowsWrite() {
        return this == READ_WRITE;
    }
}
