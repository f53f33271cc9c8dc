/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import io.github.wasmbox.policy.KeyValueQuota;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link KeyValueStore} in a relational database through plain JDBC, so plugin state lives in the
 * application's database and is shared by every replica. It expects these tables (the names are
 * configurable; adapt the binary type to your database, such as {@code BYTEA} on PostgreSQL):
 *
 * <pre>{@code
 * CREATE TABLE wasmbox_kv (
 *     namespace   VARCHAR(255)  NOT NULL,
 *     entry_key   VARCHAR(1024) NOT NULL,
 *     entry_value VARBINARY(1048576) NOT NULL,
 *     PRIMARY KEY (namespace, entry_key)
 * );
 * CREATE TABLE wasmbox_kv_usage (
 *     namespace VARCHAR(255) NOT NULL PRIMARY KEY,
 *     entries   BIGINT       NOT NULL,
 *     bytes     BIGINT       NOT NULL
 * );
 * }</pre>
 *
 * <p>Creating and migrating the tables is the application's job (Flyway, Liquibase), like any other
 * table. The usage table holds each namespace's key count and bytes of keys (UTF-8) plus values, so
 * that a quota check reads one row instead of counting the namespace; a namespace's row is created
 * from its entries the first time it is written, so the table may be added to a database that
 * already holds entries. A put or delete is one transaction that locks the namespace's usage row
 * ({@code SELECT ... FOR UPDATE}), so writes to one namespace are serialized across every replica
 * and concurrent puts cannot pass the quota; they need no vendor-specific upsert. A connection with
 * autocommit off (a transaction of the application's, such as through Spring's {@code
 * TransactionAwareDataSourceProxy}) is joined, and its owner commits. Entries must only be changed
 * through this class, or the usage row must be kept in step. Listing walks the primary key from the
 * prefix and fetches at most the limit; it orders keys in the database and then by {@link
 * String#compareTo}; use a binary collation for the key column so that both agree.
 *
 * <p>Thread-safe, as long as the {@link DataSource} is (connection pools are); each operation
 * borrows and returns one connection.
 */
public final class JdbcKeyValueStore implements KeyValueStore {
    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;
    private final String select;
    private final String selectLength;
    private final String update;
    private final String insert;
    private final String delete;
    private final String list;
    private final String lockUsage;
    private final String createUsage;
    private final String updateUsage;

    private JdbcKeyValueStore(Builder builder) {
        this.dataSource = builder.dataSource;
        this.queryTimeoutSeconds = builder.queryTimeoutSeconds;
        String table = builder.table;
        String usage = builder.usageTable == null ? table + "_usage" : builder.usageTable;
        select = "SELECT entry_value FROM " + table + " WHERE namespace = ? AND entry_key = ?";
        selectLength =
                "SELECT OCTET_LENGTH(entry_value) FROM "
                        + table
                        + " WHERE namespace = ? AND entry_key = ?";
        update = "UPDATE " + table + " SET entry_value = ? WHERE namespace = ? AND entry_key = ?";
        insert = "INSERT INTO " + table + " (namespace, entry_key, entry_value) VALUES (?, ?, ?)";
        delete = "DELETE FROM " + table + " WHERE namespace = ? AND entry_key = ?";
        list =
                "SELECT entry_key FROM "
                        + table
                        + " WHERE namespace = ? AND entry_key LIKE ? ESCAPE '!' ORDER BY entry_key"
                        + " FETCH FIRST ? ROWS ONLY";
        lockUsage = "SELECT entries, bytes FROM " + usage + " WHERE namespace = ? FOR UPDATE";
        createUsage =
                "INSERT INTO "
                        + usage
                        + " (namespace, entries, bytes) SELECT ?, COUNT(*),"
                        + " COALESCE(SUM(OCTET_LENGTH(entry_key) + OCTET_LENGTH(entry_value)), 0)"
                        + " FROM "
                        + table
                        + " WHERE namespace = ?";
        updateUsage = "UPDATE " + usage + " SET entries = ?, bytes = ? WHERE namespace = ?";
    }

    /**
     * Every statement ends after the query timeout, a wait for another writer's lock included: the
     * store cannot see the plugin call's deadline, so this bounds the host work one operation can
     * hold a plugin's thread for.
     */
    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(queryTimeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    /** Returns a builder for a store on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, select)) {
            statement.setString(1, namespace);
            statement.setString(2, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new KeyValueStoreException("cannot read " + namespace + "/" + key, e);
        }
    }

    @Override
    public void put(String namespace, String key, byte[] value, KeyValueQuota quota) {
        long keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        try (Connection connection = dataSource.getConnection()) {
            inTransaction(
                    connection,
                    namespace,
                    (entries, bytes) -> {
                        long old = valueLength(connection, namespace, key);
                        long newEntries = entries + (old < 0 ? 1 : 0);
                        long newBytes =
                                bytes - (old < 0 ? 0 : keyBytes + old) + keyBytes + value.length;
                        KeyValueQuotaException.check(namespace, newEntries, newBytes, quota);
                        if (old < 0) {
                            try (PreparedStatement statement = prepare(connection, insert)) {
                                statement.setString(1, namespace);
                                statement.setString(2, key);
                                statement.setBytes(3, value);
                                statement.executeUpdate();
                            }
                        } else {
                            try (PreparedStatement statement = prepare(connection, update)) {
                                statement.setBytes(1, value);
                                statement.setString(2, namespace);
                                statement.setString(3, key);
                                statement.executeUpdate();
                            }
                        }
                        return new long[] {newEntries, newBytes};
                    });
        } catch (SQLException e) {
            throw new KeyValueStoreException("cannot write " + namespace + "/" + key, e);
        }
    }

    @Override
    public void delete(String namespace, String key) {
        long keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        try (Connection connection = dataSource.getConnection()) {
            inTransaction(
                    connection,
                    namespace,
                    (entries, bytes) -> {
                        long old = valueLength(connection, namespace, key);
                        if (old < 0) {
                            return null;
                        }
                        try (PreparedStatement statement = prepare(connection, delete)) {
                            statement.setString(1, namespace);
                            statement.setString(2, key);
                            statement.executeUpdate();
                        }
                        return new long[] {entries - 1, bytes - keyBytes - old};
                    });
        } catch (SQLException e) {
            throw new KeyValueStoreException("cannot delete " + namespace + "/" + key, e);
        }
    }

    /** A change to one namespace, given its usage; returns the new usage, or null for none. */
    @FunctionalInterface
    private interface Change {
        long @Nullable [] apply(long entries, long bytes) throws SQLException;
    }

    /**
     * Runs {@code change} in a transaction that holds the namespace's usage row locked, creating
     * the row first when the namespace has none, and stores the usage it returns. A connection that
     * arrives with autocommit off is in its owner's transaction: the change joins it, and commit or
     * rollback stay with the owner.
     */
    private void inTransaction(Connection connection, String namespace, Change change)
            throws SQLException {
        boolean own = connection.getAutoCommit();
        if (own) {
            connection.setAutoCommit(false);
        }
        try {
            long[] usage = lockUsage(connection, namespace);
            if (usage == null) {
                createUsage(connection, namespace);
                usage = lockUsage(connection, namespace);
                if (usage == null) {
                    throw new SQLException("the usage row of " + namespace + " was not created");
                }
            }
            long[] changed = change.apply(usage[0], usage[1]);
            if (changed != null) {
                try (PreparedStatement statement = prepare(connection, updateUsage)) {
                    statement.setLong(1, changed[0]);
                    statement.setLong(2, changed[1]);
                    statement.setString(3, namespace);
                    statement.executeUpdate();
                }
            }
            if (own) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (own) {
                connection.rollback();
            }
            throw e;
        } finally {
            if (own) {
                connection.setAutoCommit(true);
            }
        }
    }

    private long @Nullable [] lockUsage(Connection connection, String namespace)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, lockUsage)) {
            statement.setString(1, namespace);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? new long[] {rows.getLong(1), rows.getLong(2)} : null;
            }
        }
    }

    /** Creates the namespace's usage row from its entries; a concurrent creator may win. */
    private void createUsage(Connection connection, String namespace) throws SQLException {
        // A savepoint, because on PostgreSQL a failed statement aborts the whole transaction.
        Savepoint before = connection.setSavepoint();
        try (PreparedStatement statement = prepare(connection, createUsage)) {
            statement.setString(1, namespace);
            statement.setString(2, namespace);
            statement.executeUpdate();
        } catch (SQLException e) {
            connection.rollback(before);
            // SQLState class 23 is an integrity violation: another writer created the row.
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
    }

    /** Returns the length of the value under {@code key}, or -1 when there is none. */
    private long valueLength(Connection connection, String namespace, String key)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, selectLength)) {
            statement.setString(1, namespace);
            statement.setString(2, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : -1;
            }
        }
    }

    @Override
    public List<String> list(String namespace, String prefix, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, list)) {
            statement.setString(1, namespace);
            statement.setString(2, likePrefix(prefix));
            statement.setInt(3, limit);
            List<String> keys = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
            Collections.sort(keys);
            return List.copyOf(keys);
        } catch (SQLException e) {
            throw new KeyValueStoreException("cannot list " + namespace + "/" + prefix + "*", e);
        }
    }

    /** A LIKE pattern matching {@code prefix} literally, with {@code !} as the escape. */
    static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 1);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == '!') {
                pattern.append('!');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }

    /** Builds a {@link JdbcKeyValueStore}. Not thread-safe; the store it builds is. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = "wasmbox_kv";
        private @Nullable String usageTable;
        private int queryTimeoutSeconds = 2;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table, optionally schema-qualified; default {@code wasmbox_kv}. Only letters, digits
         * and underscores, because it is part of the SQL text.
         */
        public Builder table(String table) {
            this.table = checkedName("table", table);
            return this;
        }

        private static String checkedName(String setting, String name) {
            if (!TABLE_NAME.matcher(Objects.requireNonNull(name, setting)).matches()) {
                throw new IllegalArgumentException(
                        setting
                                + " must be [schema.]name of letters, digits and underscores but"
                                + " was '"
                                + name
                                + "'");
            }
            return name;
        }

        /**
         * The usage table, optionally schema-qualified; default the entry table's name with {@code
         * _usage} appended. Only letters, digits and underscores, because it is part of the SQL
         * text.
         */
        public Builder usageTable(String usageTable) {
            this.usageTable = checkedName("usageTable", usageTable);
            return this;
        }

        /**
         * How long one statement may run, a wait for another writer's row lock included, before the
         * driver cancels it and the plugin gets {@code FAILED}; default 2 s, in whole seconds
         * (JDBC's unit), at least 1. Keep it at or below the plugins' timeouts.
         */
        public Builder queryTimeout(Duration queryTimeout) {
            long seconds = (queryTimeout.toMillis() + 999) / 1000;
            if (queryTimeout.isNegative() || seconds < 1 || seconds > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "queryTimeout must be between 1 s and "
                                + Integer.MAX_VALUE
                                + " s but was "
                                + queryTimeout);
            }
            this.queryTimeoutSeconds = (int) seconds;
            return this;
        }

        /** Returns the store. */
        public JdbcKeyValueStore build() {
            return new JdbcKeyValueStore(this);
        }
    }
}
