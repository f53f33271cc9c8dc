/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.KeyValueQuota;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC store on embedded H2 and, when {@value #POSTGRES_URL} names a server (as {@code .ci/run}
 * does), on PostgreSQL.
 */
class JdbcKeyValueStoreTest {
    static final String POSTGRES_URL = "PGTEST_JDBC_URL";
    private static final KeyValueQuota ROOMY = new KeyValueQuota(1_000, 1 << 20);

    @Nested
    class OnH2 extends Contract {
        @Override
        DataSource dataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:kv-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            return dataSource;
        }

        @Override
        String keyType() {
            return "VARCHAR(1024)";
        }

        @Override
        String valueType() {
            return "VARBINARY(1048576)";
        }
    }

    @Nested
    @EnabledIfEnvironmentVariable(named = POSTGRES_URL, matches = ".+")
    class OnPostgres extends Contract {
        @Override
        DataSource dataSource() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(System.getenv(POSTGRES_URL));
            return dataSource;
        }

        @Override
        String keyType() {
            return "VARCHAR(1024) COLLATE \"C\"";
        }

        @Override
        String valueType() {
            return "BYTEA";
        }
    }

    abstract static class Contract {
        private DataSource dataSource;
        private String table;
        private JdbcKeyValueStore store;

        abstract DataSource dataSource();

        abstract String keyType();

        abstract String valueType();

        @BeforeEach
        void createTables() throws SQLException {
            dataSource = dataSource();
            table = "plugin_state_" + Long.toHexString(System.nanoTime());
            execute(
                    "CREATE TABLE "
                            + table
                            + " (namespace VARCHAR(255) NOT NULL, entry_key "
                            + keyType()
                            + " NOT NULL, entry_value "
                            + valueType()
                            + " NOT NULL, PRIMARY KEY (namespace, entry_key))");
            execute(
                    "CREATE TABLE "
                            + table
                            + "_usage (namespace VARCHAR(255) NOT NULL PRIMARY KEY,"
                            + " entries BIGINT NOT NULL, bytes BIGINT NOT NULL)");
            store = JdbcKeyValueStore.builder(dataSource).table(table).build();
        }

        @AfterEach
        void dropTables() throws SQLException {
            execute("DROP TABLE " + table);
            execute("DROP TABLE " + table + "_usage");
        }

        private void execute(String sql) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }

        @Test
        void putGetOverwriteDelete() {
            assertThat(store.get("orders", "o-1")).isEmpty();
            store.put("orders", "o-1", new byte[] {1, 2, 3}, ROOMY);
            store.put("other", "o-1", new byte[] {9}, ROOMY);
            assertThat(store.get("orders", "o-1"))
                    .hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
            store.put("orders", "o-1", new byte[] {4}, ROOMY);
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
                store.put("n", key, new byte[] {0}, ROOMY);
            }
            assertThat(store.list("n", "a_", 10)).containsExactly("a_0", "a_1");
            assertThat(store.list("n", "a%", 10)).containsExactly("a%2");
            assertThat(store.list("n", "a!", 10)).containsExactly("a!x");
            assertThat(store.list("n", "", 3)).containsExactly("a!x", "a%2", "a_0");
            assertThat(store.list("none", "", 10)).isEmpty();
        }

        @Test
        void aWriteOverTheQuotaIsRefusedAndNothingStoredIsDropped() {
            KeyValueQuota quota = new KeyValueQuota(3, 40);
            store.put("other", "keep", new byte[] {7}, ROOMY);
            for (String key : List.of("k1", "k2", "k3")) {
                store.put("mine", key, new byte[8], quota);
            }

            assertThatThrownBy(() -> store.put("mine", "k4", new byte[0], quota))
                    .isInstanceOf(KeyValueQuotaException.class)
                    .hasMessageContaining("max-entries of 3");
            // 3 keys of 2 bytes + 8-byte values = 30 bytes; growing one value by 11 passes 40.
            assertThatThrownBy(() -> store.put("mine", "k1", new byte[19], quota))
                    .isInstanceOf(KeyValueQuotaException.class)
                    .hasMessageContaining("max-bytes of 40");
            store.put("mine", "k1", new byte[18], quota);

            assertThat(store.list("mine", "", 10)).containsExactly("k1", "k2", "k3");
            assertThat(store.get("mine", "k1")).hasValueSatisfying(v -> assertThat(v).hasSize(18));
            assertThat(store.get("other", "keep")).isPresent();
            store.delete("mine", "k2");
            store.put("mine", "k4", new byte[0], quota);
            assertThat(store.list("mine", "", 10)).containsExactly("k1", "k3", "k4");
        }

        @Test
        void aWriteWaitingForAnotherWritersLockEndsAtTheQueryTimeout() throws Exception {
            store.put("mine", "k1", new byte[] {1}, ROOMY);
            JdbcKeyValueStore impatient =
                    JdbcKeyValueStore.builder(dataSource)
                            .table(table)
                            .queryTimeout(Duration.ofSeconds(1))
                            .build();
            ExecutorService plugin = Executors.newSingleThreadExecutor();
            try (Connection writer = dataSource.getConnection()) {
                // Another writer (another replica, say) holds the namespace's usage row.
                writer.setAutoCommit(false);
                try (PreparedStatement lock =
                        writer.prepareStatement(
                                "SELECT entries FROM "
                                        + table
                                        + "_usage WHERE namespace = ? FOR UPDATE")) {
                    lock.setString(1, "mine");
                    lock.executeQuery().close();
                }
                Future<?> put =
                        plugin.submit(() -> impatient.put("mine", "k2", new byte[] {2}, ROOMY));
                // The bound only keeps a put that waits for ever (PostgreSQL's default) from
                // hanging the build; the query timeout ends it after one second.
                assertThatThrownBy(() -> put.get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(KeyValueStoreException.class);
                writer.rollback();
            } finally {
                plugin.shutdownNow();
            }
            assertThat(store.list("mine", "", 10)).containsExactly("k1");
            store.put("mine", "k2", new byte[] {2}, ROOMY);
            assertThat(store.list("mine", "", 10)).containsExactly("k1", "k2");
        }

        @Test
        void aQueryTimeoutIsWholeSecondsOfAtLeastOne() {
            assertThatThrownBy(
                            () -> JdbcKeyValueStore.builder(dataSource).queryTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("queryTimeout");
        }

        @Test
        void concurrentPutsCannotTogetherPassTheQuota() throws Exception {
            KeyValueQuota quota = new KeyValueQuota(20, 1 << 20);
            AtomicInteger stored = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    done.add(
                            writers.submit(
                                    () -> {
                                        start.await();
                                        for (int i = 0; i < 10; i++) {
                                            try {
                                                store.put(
                                                        "n", writer + "-" + i, new byte[1], quota);
                                                stored.incrementAndGet();
                                            } catch (KeyValueQuotaException refused) {
                                                // expected once the namespace is full
                                            }
                                        }
                                        return null;
                                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                writers.shutdownNow();
            }
            assertThat(stored).hasValue(20);
            assertThat(store.list("n", "", 100)).hasSize(20);
        }

        @Test
        void entriesWrittenBeforeTheUsageTableCount() throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert =
                            connection.prepareStatement(
                                    "INSERT INTO "
                                            + table
                                            + " (namespace, entry_key, entry_value)"
                                            + " VALUES ('n', 'old', ?)")) {
                insert.setBytes(1, new byte[1]);
                insert.executeUpdate();
            }
            KeyValueQuota quota = new KeyValueQuota(2, 1 << 20);
            store.put("n", "new", new byte[1], quota);
            assertThatThrownBy(() -> store.put("n", "third", new byte[1], quota))
                    .isInstanceOf(KeyValueQuotaException.class);
        }

        @Test
        void failuresAreKeyValueStoreExceptions() {
            JdbcKeyValueStore missing = JdbcKeyValueStore.builder(dataSource).table("nope").build();
            assertThatThrownBy(() -> missing.get("n", "k"))
                    .isInstanceOf(KeyValueStoreException.class)
                    .hasCauseInstanceOf(SQLException.class);
            assertThatThrownBy(() -> missing.put("n", "k", new byte[1], ROOMY))
                    .isInstanceOf(KeyValueStoreException.class)
                    .hasCauseInstanceOf(SQLException.class);
            assertThatThrownBy(() -> JdbcKeyValueStore.builder(dataSource).table("x; DROP TABLE y"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
