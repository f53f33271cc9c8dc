/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.sandbox.spi.HostFunctionHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https} over a connection pinned to the checked address: the certificate is still verified
 * against the URL's host name, and SNI still carries it.
 */
class HttpCapabilityTlsTest {
    @TempDir static Path dir;
    private static HttpsServer server;
    private static SSLContext trusting;
    private static final Queue<String> serverNames = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        // A self-signed certificate for "localhost" only, made by the JDK's keytool.
        Path store = dir.resolve("server.p12");
        Process keytool =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString(),
                                "-genkeypair",
                                "-alias",
                                "server",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=dns:localhost",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                "changeit")
                        .redirectErrorStream(true)
                        .start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serving = SSLContext.getInstance("TLS");
        serving.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trustManagers =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keys);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(
                new HttpsConfigurator(serving) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters parameters = serving.getDefaultSSLParameters();
                        parameters.setSNIMatchers(List.of(new RecordingMatcher()));
                        params.setSSLParameters(parameters);
                    }
                });
        server.createContext(
                "/hello",
                e -> {
                    byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
                    e.sendResponseHeaders(200, body.length);
                    try (OutputStream out = e.getResponseBody()) {
                        out.write(body);
                    }
                });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** Records the SNI name each handshake carries, and accepts it. */
    private static final class RecordingMatcher extends SNIMatcher {
        RecordingMatcher() {
            super(0); // host_name
        }

        @Override
        public boolean matches(SNIServerName name) {
            serverNames.add(((SNIHostName) name).getAsciiName());
            return true;
        }
    }

    /** Every name resolves to the loopback, where the test server listens. */
    private static long get(String host) {
        String origin = "https://" + host + ":" + server.getAddress().getPort();
        try (HttpCapability capability =
                HttpCapability.builder()
                        .tls(trusting)
                        .resolver(name -> new InetAddress[] {InetAddress.getLoopbackAddress()})
                        .build()) {
            HostFunctionHandler request =
                    HostModules.of(capability).hostFunctions().get(0).handler();
            FakeHostCall call =
                    new FakeHostCall(
                            TestPolicy.policy().outbound(origin).internalAddresses().build());
            long code =
                    request.apply(
                                    call,
                                    call.string(
                                            "{\"method\":\"GET\",\"url\":\""
                                                    + origin
                                                    + "/hello\"}"))[0];
            if (code > 0) {
                assertThat(call.pendingText()).contains("\"body\":\"secure\"");
            }
            return code;
        }
    }

    @Test
    void theCertificateAndSniAreForTheHostNameNotTheAddress() {
        serverNames.clear();
        assertThat(get("localhost")).isPositive();
        assertThat(serverNames).containsExactly("localhost");
    }

    @Test
    void aCertificateForAnotherNameIsRefusedAtThePinnedAddress() {
        assertThat(get("other.test")).isEqualTo(-4);
    }
}
