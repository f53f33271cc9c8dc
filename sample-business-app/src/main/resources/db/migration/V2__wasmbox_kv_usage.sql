-- JdbcKeyValueStore's usage table: each namespace's key count and bytes, so that the key-value
-- grants' quotas (max-entries, max-bytes) are checked by reading one locked row. A namespace's row
-- is created from its entries on its first write, so existing plugin state is counted.
CREATE TABLE wasmbox_kv_usage (
    namespace VARCHAR(255) NOT NULL PRIMARY KEY,
    entries   BIGINT       NOT NULL,
    bytes     BIGINT       NOT NULL
);
