package io.github.wasmbox.host.kv;

import java.util.List;
import java.util.Optional;

/**
 * Where {@link KeyValueCapability} keeps plugin data. Implement it to put plugin state in your own
 * storage; {@link InMemoryKeyValueStore} and {@link JdbcKeyValueStore} are provided.
 *
 * <p>Namespaces and keys arrive already authorized and size-checked by the capability. Values are
 * opaque bytes; implementations must not keep or expose the caller's arrays (copy them). A failure
 * should be thrown as a {@link RuntimeException}: the plugin receives {@code FAILED} without the
 * details, and the capability logs the cause for the operator.
 *
 * <p>Implementations must be thread-safe: plugins call them concurrently.
 */
public interface KeyValueStore {

    /** Returns the value under {@code key} in {@code namespace}, or empty. */
    Optional<byte[]> get(String namespace, String key);

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    void put(String namespace, String key, byte[] value);

    /** Removes {@code key}; does nothing when it is absent. */
    void delete(String namespace, String key);

    /**
     * Returns at most {@code limit} keys of {@code namespace} that start with {@code prefix},
     * sorted by {@link String#compareTo}.
     */
    List<String> list(String namespace, String prefix, int limit);
}
