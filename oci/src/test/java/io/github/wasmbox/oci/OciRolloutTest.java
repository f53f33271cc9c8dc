/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginFailedException;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two runtimes, each with its own registry client and rollout) following one tag on
 * the real registry, reached through a forwarder this test can stop like an outage.
 */
class OciRolloutTest {
    @Test
    void replicasConvergeOnTheTagAndKeepServingThroughRefusalsAndOutages(@TempDir Path dir)
            throws Exception {
        String[] registry = TestRegistry.address().split(":");
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TrustedKeys keys = TrustedKeys.of(vendor.getPublic());
        try (Forwarder forwarder = new Forwarder(registry[0], Integer.parseInt(registry[1]));
                PluginRuntime replicaA = PluginRuntime.builder().trustedKeys(keys).build();
                PluginRuntime replicaB = PluginRuntime.builder().trustedKeys(keys).build()) {
            String repository =
                    "127.0.0.1:"
                            + forwarder.port()
                            + "/wasmbox-test/rollout-"
                            + UUID.randomUUID().toString().substring(0, 8);
            String tag = repository + ":stable";
            OciRegistry vendorSide =
                    OciRegistry.builder().plainHttp(true).dockerConfig(dir.resolve("none")).build();
            List<OciRollout> replicas =
                    List.of(rollout(replicaA, keys, dir, tag), rollout(replicaB, keys, dir, tag));

            byte[] v1 = TestRegistry.variant(TestRegistry.fixture("echo"), "v1");
            String d1 = publish(vendorSide, repository, v1, vendor);
            assertThat(replicas).allSatisfy(r -> assertThat(r.check().serving()).isEqualTo(d1));

            byte[] v2 = TestRegistry.variant(TestRegistry.fixture("echo"), "v2");
            String d2 = publish(vendorSide, repository, v2, vendor);
            for (OciRollout replica : replicas) {
                OciRollout.Status status = replica.check();
                assertThat(status.state()).isEqualTo(OciRollout.State.CURRENT);
                assertThat(status.serving()).isEqualTo(d2);
                assertThat(status.detail()).isNull();
                assertThat(status.checked()).isNotNull();
            }
            for (PluginRuntime runtime : List.of(replicaA, replicaB)) {
                assertThat(runtime.plugin("calc").orElseThrow().sha256())
                        .isEqualTo(Digests.hex(Digests.sha256(v2)));
            }

            // An unsigned v3: refused everywhere, v2 keeps serving.
            vendorSide.push(tag, TestRegistry.variant(TestRegistry.fixture("echo"), "v3"));
            for (OciRollout replica : replicas) {
                OciRollout.Status status = replica.check();
                assertThat(status.state()).isEqualTo(OciRollout.State.REFUSED);
                assertThat(status.serving()).isEqualTo(d2);
                assertThat(status.detail()).contains("it has no signature referrer");
            }

            forwarder.cutOff();
            for (OciRollout replica : replicas) {
                OciRollout.Status status = replica.check();
                assertThat(status.state())
                        .as("%s", status.detail())
                        .isEqualTo(OciRollout.State.REGISTRY_UNAVAILABLE);
                assertThat(status.serving()).isEqualTo(d2);
                assertThat(status.detail()).contains("cannot resolve " + tag);
            }
            assertThat(replicaA.plugin("calc").orElseThrow().call("echo", new byte[] {9}))
                    .containsExactly(9);
            assertThat(replicaB.plugin("calc").orElseThrow().sha256())
                    .isEqualTo(Digests.hex(Digests.sha256(v2)));
        }
    }

    @Test
    void aVersionThatFailsItsProbationIsRolledBackAndNotRetriedUntilTheTagMoves(@TempDir Path dir)
            throws Exception {
        String repository = TestRegistry.repository("probation");
        String tag = repository + ":stable";
        KeyPair vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        TrustedKeys keys = TrustedKeys.of(vendor.getPublic());
        ProbationListener calls = new ProbationListener();
        try (PluginRuntime runtime =
                PluginRuntime.builder().trustedKeys(keys).listener(calls).build()) {
            OciRegistry vendorSide =
                    OciRegistry.builder().plainHttp(true).dockerConfig(dir.resolve("none")).build();
            OciRollout rollout =
                    OciRollout.builder(follower(keys, dir), tag)
                            .runtime(runtime, "calc", TestRegistry.POLICY)
                            .probation(calls, new OciRollout.Probation(4, 0.25))
                            .build();
            byte[] v1 = TestRegistry.variant(TestRegistry.fixture("echo"), "v1");
            String d1 = publish(vendorSide, repository, v1, vendor);
            // The first version has nothing to fall back to: no probation.
            assertThat(rollout.check().state()).isEqualTo(OciRollout.State.CURRENT);
            Plugin plugin = runtime.plugin("calc").orElseThrow();

            String d2 = publish(vendorSide, repository, TestRegistry.brokenEcho(), vendor);
            OciRollout.Status onProbation = rollout.check();
            assertThat(onProbation.state()).isEqualTo(OciRollout.State.PROBATION);
            assertThat(onProbation.serving()).isEqualTo(d2);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> plugin.call("echo", new byte[] {1}))
                        .isInstanceOf(PluginFailedException.class);
            }
            OciRollout.Status rolledBack = rollout.check();
            assertThat(rolledBack.state()).isEqualTo(OciRollout.State.ROLLED_BACK);
            assertThat(rolledBack.serving()).isEqualTo(d1);
            assertThat(rolledBack.detail())
                    .contains(d2 + " failed 2 of its first 2 calls on probation")
                    .contains("rolled back to " + d1)
                    .contains("not tried again until " + tag + " moves");
            assertThat(plugin.call("echo", new byte[] {7})).containsExactly(7);
            assertThat(plugin.sha256()).isEqualTo(Digests.hex(Digests.sha256(v1)));

            // The tag still names the failed digest: it is not pulled and swapped in again.
            assertThat(rollout.check())
                    .extracting(OciRollout.Status::state, OciRollout.Status::serving)
                    .containsExactly(OciRollout.State.ROLLED_BACK, d1);
            assertThat(plugin.sha256()).isEqualTo(Digests.hex(Digests.sha256(v1)));

            // A fixed version moves the tag on: taken, on probation, and kept once it passes.
            byte[] v3 = TestRegistry.variant(TestRegistry.fixture("echo"), "v3");
            String d3 = publish(vendorSide, repository, v3, vendor);
            assertThat(rollout.check().state()).isEqualTo(OciRollout.State.PROBATION);
            for (int i = 0; i < 4; i++) {
                assertThat(plugin.call("echo", new byte[] {(byte) i})).containsExactly(i);
            }
            assertThat(rollout.check())
                    .extracting(OciRollout.Status::state, OciRollout.Status::serving)
                    .containsExactly(OciRollout.State.CURRENT, d3);
        }
    }

    @Test
    void aRolloutNeedsARegistryThatRequiresSignatures() {
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            OciRegistry pinsOnly = OciRegistry.builder().require(PinRequirement.DIGEST).build();
            assertThatThrownBy(
                            () ->
                                    OciRollout.builder(pinsOnly, "127.0.0.1:5000/acme/calc:stable")
                                            .runtime(runtime, "calc", TestRegistry.POLICY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a tag pins nothing")
                    .hasMessageContaining("require(PinRequirement.SIGNATURE)");
        }
    }

    private static OciRollout rollout(
            PluginRuntime runtime, TrustedKeys keys, Path dir, String tag) {
        return OciRollout.builder(follower(keys, dir), tag)
                .runtime(runtime, "calc", TestRegistry.POLICY)
                .build();
    }

    /** The client of a replica: it takes only what a trusted key signed. */
    private static OciRegistry follower(TrustedKeys keys, Path dir) {
        return OciRegistry.builder()
                .plainHttp(true)
                .dockerConfig(dir.resolve("none"))
                .trustedKeys(keys)
                .require(PinRequirement.SIGNATURE)
                .build();
    }

    private static String publish(
            OciRegistry registry, String repository, byte[] module, KeyPair key) throws Exception {
        String digest = registry.push(repository + ":stable", module);
        registry.pushSignature(repository + "@" + digest, OciRegistryTest.sign(key, module));
        return digest;
    }

    /** Forwards loopback connections to the registry until closed, then refuses them. */
    private static final class Forwarder implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private boolean cut; // guarded by open

        /**
         * Keeps a connection to forward, unless the forwarder was cut off while it was being
         * accepted: then both sockets are closed, so no connection outlives the cut.
         */
        private boolean keep(Socket client, Socket upstream) throws IOException {
            synchronized (open) {
                if (!cut) {
                    open.add(client);
                    open.add(upstream);
                    return true;
                }
            }
            client.close();
            upstream.close();
            return false;
        }

        Forwarder(String host, int port) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor =
                    new Thread(
                            () -> {
                                while (!server.isClosed()) {
                                    try {
                                        Socket client = server.accept();
                                        Socket upstream = new Socket(host, port);
                                        if (!keep(client, upstream)) {
                                            continue;
                                        }
                                        pipe(client, upstream);
                                        pipe(upstream, client);
                                    } catch (IOException closed) {
                                        // closed: stop accepting
                                    }
                                }
                            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pipe(Socket from, Socket to) {
            Thread thread =
                    new Thread(
                            () -> {
                                try (InputStream in = from.getInputStream();
                                        OutputStream out = to.getOutputStream()) {
                                    in.transferTo(out);
                                } catch (IOException ended) {
                                    // one side closed
                                }
                            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            cutOff();
        }

        /** Refuses new connections and drops the open ones, like a registry that went down. */
        void cutOff() throws IOException {
            synchronized (open) {
                cut = true;
            }
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
