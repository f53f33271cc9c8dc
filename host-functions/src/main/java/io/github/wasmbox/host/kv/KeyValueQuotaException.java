package io.github.wasmbox.host.kv;

import io.github.wasmbox.policy.KeyValueQuota;

/**
 * A {@link KeyValueStore} refused a write because the namespace's {@link KeyValueQuota} or the
 * store's own capacity would be passed. Nothing was changed. The plugin receives {@code TOO_LARGE}
 * with the message, which names the limit.
 */
public final class KeyValueQuotaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception whose message says which limit the write would pass and how to raise it. */
    public KeyValueQuotaException(String message) {
        super(message);
    }

    /**
     * Checks a namespace that would hold {@code entries} keys and {@code bytes} bytes after a write
     * against {@code quota}.
     *
     * @throws KeyValueQuotaException if either is over the quota
     */
    static void check(String namespace, long entries, long bytes, KeyValueQuota quota) {
        if (entries > quota.maxEntries()) {
            throw new KeyValueQuotaException(
                    "key-value namespace '"
                            + namespace
                            + "' would hold "
                            + entries
                            + " keys, over its grant's max-entries of "
                            + quota.maxEntries());
        }
        if (bytes > quota.maxBytes()) {
            throw new KeyValueQuotaException(
                    "key-value namespace '"
                            + namespace
                            + "' would hold "
                            + bytes
                            + " bytes of keys and values, over its grant's max-bytes of "
                            + quota.maxBytes());
        }
    }
}
