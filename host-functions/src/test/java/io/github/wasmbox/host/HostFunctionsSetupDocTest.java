/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.JdbcKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.policy.KeyValueAccess;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The setup example at the top of docs/host-functions.md, on H2: a plugin linked through it keeps
 * its state in the database.
 */
class HostFunctionsSetupDocTest {
    private static final Path VISITS = Path.of("../plugins-rust/dist/visits.wasm");

    @Test
    void thePagesRuntimeKeepsAPluginsStateInTheDatabase() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:host-functions-doc;DB_CLOSE_DELAY=-1");
        execute(
                dataSource,
                "CREATE TABLE wasmbox_kv (namespace VARCHAR(255) NOT NULL, entry_key"
                        + " VARCHAR(1024) NOT NULL, entry_value VARBINARY(1048576) NOT NULL,"
                        + " PRIMARY KEY (namespace, entry_key))",
                "CREATE TABLE wasmbox_kv_usage (namespace VARCHAR(255) NOT NULL PRIMARY KEY,"
                        + " entries BIGINT NOT NULL, bytes BIGINT NOT NULL)");
        PluginPolicy policy =
                PluginPolicy.builder()
                        // Generous: a cold JVM on a busy machine; this test is not about time.
                        .limits(
                                Limits.defaults().toBuilder()
                                        .timeout(Duration.ofSeconds(30))
                                        .build())
                        .allowHostFunction("wasmbox:kv", "*")
                        .allowHostFunction("wasmbox:log", "write")
                        .allowKeyValue("visits", KeyValueAccess.READ_WRITE)
                        .build();

        try (PluginRuntime runtime = runtime(dataSource)) {
            Plugin visits = runtime.load("visits", PluginSource.path(VISITS), policy);
            assertThat(visits.call("visit", "ada".getBytes(UTF_8))).asString(UTF_8).isEqualTo("1");
            assertThat(visits.call("visit", "ada".getBytes(UTF_8))).asString(UTF_8).isEqualTo("2");
        }

        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery(
                                "SELECT entry_value FROM wasmbox_kv"
                                        + " WHERE namespace = 'visits' AND entry_key = 'ada'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBytes(1)).asString(UTF_8).isEqualTo("2");
        }
    }

    private static PluginRuntime runtime(DataSource dataSource) {
        PluginRuntime runtime =
                PluginRuntime.builder()
                        .hostModules(
                                HostModules.of(
                                        new LogCapability(),
                                        new ClockCapability(),
                                        new KeyValueCapability(
                                                JdbcKeyValueStore.builder(dataSource).build()),
                                        new HttpCapability()))
                        .build();
        return runtime;
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
