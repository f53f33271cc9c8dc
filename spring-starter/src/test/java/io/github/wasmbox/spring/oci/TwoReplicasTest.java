/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.wasmbox.host.kv.JdbcKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.spring.PluginRegistry;
import io.github.wasmbox.spring.actuate.PluginsHealthIndicator;
import io.github.wasmbox.spring.autoconfigure.WasmboxActuatorAutoConfiguration;
import io.github.wasmbox.spring.autoconfigure.WasmboxAutoConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Two replicas of an application — two Spring contexts in this JVM — on one registry and one
 * database (PostgreSQL when {@code PGTEST_JDBC_URL} is set, as in {@code .ci/run}; a shared H2
 * otherwise). Plugin {@code echo} follows a signed tag; {@code visits} is pinned by digest and
 * keeps its counts in the shared key-value store. The replicas reach the registry through a
 * forwarder the test cuts off, like an outage.
 */
class TwoReplicasTest {
    private static final Duration CONVERGED = Duration.ofSeconds(60);

    @Test
    void replicasFollowTheTagRollBackAFailingVersionAndServeThroughAnOutage(@TempDir Path dir)
            throws Exception {
        String registry = OciFixtures.address();
        OciFixtures.Vendor vendor = new OciFixtures.Vendor(dir);
        String echoRepository = OciFixtures.repository("replicas-echo");
        String visitsRepository = OciFixtures.repository("replicas-visits");
        byte[] v1 = OciFixtures.echo("v1");
        vendor.publish(registry + "/" + echoRepository + ":stable", v1);
        String visits =
                vendor.publish(
                        registry + "/" + visitsRepository + ":1.0.0",
                        OciFixtures.module("plugins-rust/dist/visits.wasm"));
        DataSource database = database();
        String table = "kv_" + UUID.randomUUID().toString().substring(0, 8);
        execute(database, createTables(database, table));

        try (Forwarder forwarder = new Forwarder(registry)) {
            String via = forwarder.address();
            ApplicationContextRunner replica =
                    new ApplicationContextRunner()
                            .withConfiguration(
                                    AutoConfigurations.of(
                                            WasmboxAutoConfiguration.class,
                                            WasmboxActuatorAutoConfiguration.class))
                            .withBean(
                                    KeyValueStore.class,
                                    () ->
                                            JdbcKeyValueStore.builder(database)
                                                    .table(table)
                                                    .usageTable(table + "_usage")
                                                    .build())
                            .withPropertyValues(
                                    "wasmbox.trusted-keys=" + vendor.publicKeyHex(),
                                    "wasmbox.oci.plain-http=" + via,
                                    "wasmbox.oci.docker-config=" + dir.resolve("none"),
                                    "wasmbox.oci.timeout=5s",
                                    "wasmbox.oci.poll-interval=200ms",
                                    "wasmbox.oci.probation.calls=4",
                                    "wasmbox.oci.probation.max-failure-rate=0.25",
                                    "wasmbox.defaults.timeout=10s",
                                    "wasmbox.plugins.echo.location=oci://"
                                            + via
                                            + "/"
                                            + echoRepository
                                            + ":stable",
                                    "wasmbox.plugins.visits.location=oci://"
                                            + via
                                            + "/"
                                            + visitsRepository
                                            + "@"
                                            + visits,
                                    "wasmbox.plugins.visits.grants.host-functions="
                                            + "wasmbox:kv/get,wasmbox:kv/put,wasmbox:log/write",
                                    "wasmbox.plugins.visits.grants.key-value.visits=read-write");
            replica.run(
                    a ->
                            replica.run(
                                    b -> {
                                        assertThat(a).hasNotFailed();
                                        assertThat(b).hasNotFailed();
                                        run(
                                                List.of(a, b),
                                                vendor,
                                                registry + "/" + echoRepository,
                                                v1,
                                                forwarder);
                                    }));
        } finally {
            execute(database, List.of("DROP TABLE " + table, "DROP TABLE " + table + "_usage"));
        }
    }

    private static void run(
            List<AssertableApplicationContext> replicas,
            OciFixtures.Vendor vendor,
            String echo,
            byte[] v1,
            Forwarder forwarder)
            throws Exception {
        // Both serve v1, and share the database: a visit on one is counted on the other.
        for (AssertableApplicationContext replica : replicas) {
            assertThat(serving(replica)).isEqualTo(OciFixtures.sha256(v1));
            assertThat(call(replica, "echo", "v1")).isEqualTo("v1");
        }
        assertThat(call(replicas.get(0), "visits", "ada")).isEqualTo("1");
        assertThat(call(replicas.get(1), "visits", "ada")).isEqualTo("2");

        // The tag moves to v2: both converge on it, and it passes its probation.
        byte[] v2 = OciFixtures.echo("v2");
        String d2 = vendor.publish(echo + ":stable", v2);
        for (AssertableApplicationContext replica : replicas) {
            awaitProbation(replica, d2);
            assertThat(serving(replica)).isEqualTo(OciFixtures.sha256(v2));
            for (int i = 0; i < 4; i++) {
                assertThat(call(replica, "echo", "v2 " + i)).isEqualTo("v2 " + i);
            }
            await().atMost(CONVERGED).until(() -> "CURRENT".equals(rollout(replica).get("state")));
            assertThat(rollout(replica)).containsEntry("serving", d2);
        }

        // A broken v3: taken by both, fails its first calls, rolled back to v2 on both.
        byte[] v3 = OciFixtures.brokenEcho();
        String d3 = vendor.publish(echo + ":stable", v3);
        for (AssertableApplicationContext replica : replicas) {
            awaitProbation(replica, d3);
            assertThat(serving(replica)).isEqualTo(OciFixtures.sha256(v3));
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> call(replica, "echo", "v3"))
                        .isInstanceOf(PluginFailedException.class);
            }
        }
        for (AssertableApplicationContext replica : replicas) {
            await().atMost(CONVERGED)
                    .until(() -> "ROLLED_BACK".equals(rollout(replica).get("state")));
            assertThat(serving(replica)).isEqualTo(OciFixtures.sha256(v2));
            assertThat(call(replica, "echo", "back")).isEqualTo("back");
            Map<String, Object> rollout = rollout(replica);
            assertThat(rollout).containsEntry("serving", d2);
            assertThat((String) rollout.get("detail"))
                    .contains(d3 + " failed 2 of its first 2 calls on probation")
                    .contains("rolled back to " + d2);
            assertThat(health(replica).getStatus()).isEqualTo(Status.UP);
        }

        // The registry goes away: both keep serving v2, UP, and health says why nothing moves.
        forwarder.cutOff();
        for (AssertableApplicationContext replica : replicas) {
            await().atMost(CONVERGED)
                    .until(() -> "REGISTRY_UNAVAILABLE".equals(rollout(replica).get("state")));
            Health health = health(replica);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(rollout(replica))
                    .containsEntry("serving", d2)
                    .containsKey("lastCheck")
                    .hasEntrySatisfying(
                            "detail",
                            detail ->
                                    assertThat((String) detail)
                                            .contains("the registry could not be asked"));
            assertThat(serving(replica)).isEqualTo(OciFixtures.sha256(v2));
            assertThat(call(replica, "echo", "still")).isEqualTo("still");
        }
        assertThat(call(replicas.get(0), "visits", "ada")).isEqualTo("3");
    }

    /** Waits until {@code digest} serves on probation, when its calls are counted. */
    private static void awaitProbation(AssertableApplicationContext replica, String digest) {
        await().atMost(CONVERGED)
                .until(
                        () ->
                                "PROBATION".equals(rollout(replica).get("state"))
                                        && digest.equals(rollout(replica).get("serving")));
    }

    private static String serving(AssertableApplicationContext replica) {
        return replica.getBean(PluginRegistry.class).require("echo").sha256();
    }

    private static String call(AssertableApplicationContext replica, String plugin, String input) {
        byte[] output =
                replica.getBean(PluginRegistry.class)
                        .require(plugin)
                        .call(
                                "visits".equals(plugin) ? "visit" : plugin,
                                input.getBytes(StandardCharsets.UTF_8));
        return new String(output, StandardCharsets.UTF_8);
    }

    private static Health health(AssertableApplicationContext replica) {
        return replica.getBean(PluginsHealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rollout(AssertableApplicationContext replica) {
        Map<String, Object> echo = (Map<String, Object>) health(replica).getDetails().get("echo");
        return (Map<String, Object>) echo.get("rollout");
    }

    /**
     * PostgreSQL of .ci/run when PGTEST_JDBC_URL is set, else an in-memory H2 both replicas share.
     */
    private static DataSource database() {
        String url = System.getenv("PGTEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            return postgres;
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:replicas-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** The tables of JdbcKeyValueStore's javadoc, under names of this test's own. */
    private static List<String> createTables(DataSource database, String table) {
        boolean postgres = database instanceof PGSimpleDataSource;
        return List.of(
                "CREATE TABLE "
                        + table
                        + " (namespace VARCHAR(255) NOT NULL, entry_key VARCHAR(1024) NOT NULL,"
                        + " entry_value "
                        + (postgres ? "BYTEA" : "VARBINARY(1048576)")
                        + " NOT NULL, PRIMARY KEY (namespace, entry_key))",
                "CREATE TABLE "
                        + table
                        + "_usage (namespace VARCHAR(255) NOT NULL PRIMARY KEY, entries BIGINT"
                        + " NOT NULL, bytes BIGINT NOT NULL)");
    }

    private static void execute(DataSource database, List<String> statements) throws SQLException {
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
