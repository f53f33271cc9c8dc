package io.github.wasmbox.host.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcKeyValueStoreTest {
    private final JdbcDataSource dataSource = new JdbcDataSource();
    private JdbcKeyValueStore store;

    @BeforeEach
    void createTable() throws SQLException {
        dataSource.setURL("jdbc:h2:mem:kv-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE plugin_state (namespace VARCHAR(255) NOT NULL,"
                            + " entry_key VARCHAR(1024) NOT NULL,"
                            + " entry_value VARBINARY(1048576) NOT NULL,"
                            + " PRIMARY KEY (namespace, entry_key))");
        }
        store = JdbcKeyValueStore.builder(dataSource).table("plugin_state").build();
    }

    @Test
    void putGetOverwriteDelete() {
        assertThat(store.get("orders", "o-1")).isEmpty();
        store.put("orders", "o-1", new byte[] {1, 2, 3});
        store.put("other", "o-1", new byte[] {9});
        assertThat(store.get("orders", "o-1"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
        store.put("orders", "o-1", new byte[] {4});
        assertThat(store.get("orders", "o-1"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(4));
        store.delete("orders", "o-1");
        store.delete("orders", "o-1");
        assertThat(store.get("orders", "o-1")).isEmpty();
        assertThat(store.get("other", "o-1")).isPresent();
    }

    @Test
    void listMatchesThePrefixLiterally() {
        for (String key : new String[] {"a_1", "ab1", "a%2", "a_0", "b", "a!x"}) {
            store.put("n", key, new byte[] {0});
        }
        assertThat(store.list("n", "a_", 10)).containsExactly("a_0", "a_1");
        assertThat(store.list("n", "a%", 10)).containsExactly("a%2");
        assertThat(store.list("n", "a!", 10)).containsExactly("a!x");
        assertThat(store.list("n", "", 3)).hasSize(3).isSorted();
        assertThat(store.list("none", "", 10)).isEmpty();
    }

    @Test
    void failuresAreKeyValueStoreExceptions() {
        JdbcKeyValueStore missing = JdbcKeyValueStore.builder(dataSource).table("nope").build();
        assertThatThrownBy(() -> missing.get("n", "k"))
                .isInstanceOf(KeyValueStoreException.class)
                .hasCauseInstanceOf(SQLException.class);
        assertThatThrownBy(() -> JdbcKeyValueStore.builder(dataSource).table("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
