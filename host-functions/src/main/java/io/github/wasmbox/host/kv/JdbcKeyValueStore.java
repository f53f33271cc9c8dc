package io.github.wasmbox.host.kv;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link KeyValueStore} in a relational database through plain JDBC, so plugin state lives in the
 * application's database and is shared by every replica. It expects this table (the name is
 * configurable; adapt the binary type to your database, such as {@code BYTEA} on PostgreSQL):
 *
 * <pre>{@code
 * CREATE TABLE wasmbox_kv (
 *     namespace   VARCHAR(255)  NOT NULL,
 *     entry_key   VARCHAR(1024) NOT NULL,
 *     entry_value VARBINARY(1048576) NOT NULL,
 *     PRIMARY KEY (namespace, entry_key)
 * );
 * }</pre>
 *
 * <p>Creating and migrating the table is the application's job (Flyway, Liquibase), like any other
 * table. Writes use autocommit; a put is an update, or an insert when no row was updated, retried
 * as an update when a concurrent insert won the race, so it needs no vendor-specific upsert.
 * Listing orders keys in the database and then by {@link String#compareTo}; use a binary collation
 * for the key column so that both agree.
 *
 * <p>Thread-safe, as long as the {@link DataSource} is (connection pools are); each operation
 * borrows and returns one connection.
 */
public final class JdbcKeyValueStore implements KeyValueStore {
    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final DataSource dataSource;
    private final String select;
    private final String update;
    private final String insert;
    private final String delete;
    private final String list;

    private JdbcKeyValueStore(Builder builder) {
        this.dataSource = builder.dataSource;
        String table = builder.table;
        select = "SELECT entry_value FROM " + table + " WHERE namespace = ? AND entry_key = ?";
        update = "UPDATE " + table + " SET entry_value = ? WHERE namespace = ? AND entry_key = ?";
        insert = "INSERT INTO " + table + " (namespace, entry_key, entry_value) VALUES (?, ?, ?)";
        delete = "DELETE FROM " + table + " WHERE namespace = ? AND entry_key = ?";
        list =
                "SELECT entry_key FROM "
                        + table
                        + " WHERE namespace = ? AND entry_key LIKE ? ESCAPE '!' ORDER BY entry_key";
    }

    /** Returns a builder for a store on {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(select)) {
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
    public void put(String namespace, String key, byte[] value) {
        try (Connection connection = dataSource.getConnection()) {
            if (update(connection, namespace, key, value)) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                statement.setString(1, namespace);
                statement.setString(2, key);
                statement.setBytes(3, value);
                statement.executeUpdate();
            } catch (SQLException e) {
                // SQLState class 23 is an integrity violation: another writer inserted the key
                // between our update and insert, so ours is now an update.
                if (e.getSQLState() == null
                        || !e.getSQLState().startsWith("23")
                        || !update(connection, namespace, key, value)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new KeyValueStoreException("cannot write " + namespace + "/" + key, e);
        }
    }

    private boolean update(Connection connection, String namespace, String key, byte[] value)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            statement.setBytes(1, value);
            statement.setString(2, namespace);
            statement.setString(3, key);
            return statement.executeUpdate() > 0;
        }
    }

    @Override
    public void delete(String namespace, String key) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setString(1, namespace);
            statement.setString(2, key);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new KeyValueStoreException("cannot delete " + namespace + "/" + key, e);
        }
    }

    @Override
    public List<String> list(String namespace, String prefix, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(list)) {
            statement.setString(1, namespace);
            statement.setString(2, likePrefix(prefix));
            statement.setMaxRows(limit);
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

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table, optionally schema-qualified; default {@code wasmbox_kv}. Only letters, digits
         * and underscores, because it is part of the SQL text.
         */
        public Builder table(String table) {
            if (!TABLE_NAME.matcher(Objects.requireNonNull(table, "table")).matches()) {
                throw new IllegalArgumentException(
                        "table must be [schema.]name of letters, digits and underscores but was '"
                                + table
                                + "'");
            }
            this.table = table;
            return this;
        }

        /** Returns the store. */
        public JdbcKeyValueStore build() {
            return new JdbcKeyValueStore(this);
        }
    }
}
