/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.spi.HostFunctionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Attacks on the host's resources through {@code wasmbox:http}, against real local servers. */
class HttpCapabilityResourceTest {

    /**
     * A server that answers with 7 MB of headers and then holds the connection: every call is
     * refused with a clear {@code TOO_LARGE}, and afterwards the process has no more file
     * descriptors or threads than before (the server side closes only when the client does).
     */
    @Test
    void hugeHeadersAreRefusedAndEveryConnectionIsReleased() throws Exception {
        AtomicInteger open = new AtomicInteger();
        try (ServerSocket server = loopbackServer();
                HttpCapability capability = HttpCapability.builder().build()) {
            serve(server, open, HttpCapabilityResourceTest::hugeHeadersThenHold);
            String origin = "http://127.0.0.1:" + server.getLocalPort();
            HostFunctionHandler request = handler(capability);
            // Warm up: the capability's own small pools start their threads.
            for (int i = 0; i < HttpCapability.RESOLVER_THREADS; i++) {
                assertThat(get(request, origin, Limits.defaults())).isEqualTo(-5);
            }
            awaitTrue(() -> open.get() == 0);
            long fds = fds();
            int threads = threads();

            for (int i = 0; i < 15; i++) {
                FakeHostCall call = call(origin, Limits.defaults());
                assertThat(request.apply(call, call.string(getJson(origin)))[0]).isEqualTo(-5);
                assertThat(call.pendingText())
                        .contains("response headers exceed 65536 bytes")
                        .contains("maxResponseHeaderBytes");
            }

            awaitTrue(() -> open.get() == 0 && fds() <= fds && threads() <= threads);
        }
    }

    /** Closing the capability ends its threads. */
    @Test
    void closingTheCapabilityEndsItsThreads() throws Exception {
        AtomicInteger open = new AtomicInteger();
        try (ServerSocket server = loopbackServer()) {
            serve(server, open, HttpCapabilityResourceTest::hugeHeadersThenHold);
            String origin = "http://127.0.0.1:" + server.getLocalPort();
            HttpCapability capability = HttpCapability.builder().build();
            assertThat(get(handler(capability), origin, Limits.defaults())).isEqualTo(-5);
            assertThat(capabilityThreads()).isPositive();
            capability.close();
            awaitTrue(() -> capabilityThreads() == 0 && open.get() == 0);
            FakeHostCall after = call(origin, Limits.defaults());
            assertThat(handler(capability).apply(after, after.string(getJson(origin)))[0])
                    .isEqualTo(-4);
            assertThat(after.pendingText()).contains("closed");
        }
    }

    /**
     * A 1 MiB body of control bytes is within the body cap but is six times larger as JSON: it is
     * answered when that fits {@code max-host-result}, and refused before the escaped result is
     * built when it does not.
     */
    @Test
    void controlBytesAreMeasuredAsJsonBeforeTheResultIsBuilt() throws Exception {
        byte[] controls = new byte[1 << 20];
        Arrays.fill(controls, (byte) 1);
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/controls",
                e -> {
                    e.sendResponseHeaders(200, controls.length);
                    try (OutputStream out = e.getResponseBody()) {
                        out.write(controls);
                    }
                });
        server.start();
        try (HttpCapability capability = HttpCapability.builder().build()) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/controls";
            HostFunctionHandler request = handler(capability);

            Limits roomy = Limits.builder().maxHostResultBytes(8 << 20).build();
            FakeHostCall answered = call(url, roomy);
            assertThat(request.apply(answered, answered.string(getJson(url)))[0]).isPositive();
            assertThat(answered.pendingText())
                    .startsWith("{\"status\":200,")
                    .endsWith(",\"body\":\"" + "\\u0001".repeat(controls.length) + "\"}");

            Limits tight = Limits.builder().maxHostResultBytes(2 << 20).build();
            FakeHostCall refused = call(url, tight);
            com.sun.management.ThreadMXBean memory =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = memory.getCurrentThreadAllocatedBytes();
            assertThat(request.apply(refused, refused.string(getJson(url)))[0]).isEqualTo(-5);
            long allocated = memory.getCurrentThreadAllocatedBytes() - before;
            // The escaped result alone would be 6 MiB; the host never built it.
            assertThat(allocated).isLessThan(6L << 20);
            assertThat(refused.pendingText())
                    .contains("is 6291")
                    .contains("bytes as JSON, over max-host-result of 2097152 bytes");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A DNS server that answers a public address when the policy checks the name and the loopback
     * address afterwards (as the system resolver does for {@code localhost}, should anything look
     * the name up again): the connection goes to the checked address, never to the loopback.
     */
    @Test
    void aRebindingNameCannotMoveTheConnectionToTheLoopback() throws Exception {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket server = loopbackServer()) {
            serve(
                    server,
                    open,
                    socket -> {
                        accepted.incrementAndGet();
                        answerOk(socket);
                    });
            AtomicInteger lookups = new AtomicInteger();
            HttpCapability.Resolver rebinding =
                    host ->
                            new InetAddress[] {
                                lookups.getAndIncrement() == 0
                                        ? InetAddress.getByAddress(
                                                host, new byte[] {(byte) 192, 0, 2, 1})
                                        : InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})
                            };
            String origin = "http://localhost:" + server.getLocalPort();
            try (HttpCapability capability = HttpCapability.builder().resolver(rebinding).build()) {
                FakeHostCall call =
                        new FakeHostCall(TestPolicy.policy().outbound(origin).build())
                                .remaining(Duration.ofMillis(500));
                long code = handler(capability).apply(call, call.string(getJson(origin)))[0];
                assertThat(code).isEqualTo(-4);
                assertThat(accepted).hasValue(0);
                assertThat(lookups).hasValue(1);
            }
        }
    }

    /**
     * A server that sends a status line and then nothing, and a DNS server that never answers: both
     * calls end at their deadline, and the stalled connection is closed.
     */
    @Test
    void stalledServersAndLookupsEndAtTheDeadline() throws Exception {
        AtomicInteger open = new AtomicInteger();
        CountDownLatch dns = new CountDownLatch(1);
        try (ServerSocket server = loopbackServer();
                HttpCapability capability =
                        HttpCapability.builder()
                                .resolver(
                                        host -> {
                                            if (host.equals("stalled.test")) {
                                                awaitQuietly(dns);
                                            }
                                            return InetAddress.getAllByName(host);
                                        })
                                .build()) {
            serve(
                    server,
                    open,
                    socket -> {
                        socket.getOutputStream()
                                .write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
                        while (socket.getInputStream().read() >= 0) {
                            // Hold until the client closes.
                        }
                    });
            String stalled = "http://127.0.0.1:" + server.getLocalPort();
            FakeHostCall call =
                    new FakeHostCall(TestPolicy.policy().outbound(stalled).build())
                            .remaining(Duration.ofMillis(300));
            assertThat(handler(capability).apply(call, call.string(getJson(stalled)))[0])
                    .isEqualTo(-4);
            assertThat(call.pendingText()).contains("timed out");
            awaitTrue(() -> open.get() == 0);

            String unresolved = "https://stalled.test";
            FakeHostCall lookup =
                    new FakeHostCall(TestPolicy.policy().outbound(unresolved).build())
                            .remaining(Duration.ofMillis(300));
            assertThat(handler(capability).apply(lookup, lookup.string(getJson(unresolved)))[0])
                    .isEqualTo(-4);
            assertThat(lookup.pendingText())
                    .isEqualTo("resolving stalled.test did not finish within the call's time");
        } finally {
            dns.countDown();
        }
    }

    /** The computed length is the length Jackson writes, for every kind of character. */
    @Test
    void theJsonLengthIsExact() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            if (!Character.isSurrogate(c)) {
                all.append(c);
            }
        }
        all.append("\ud83d\ude00\ufffd\uffff\"\\/");
        String latin = "v\u00e9\u00ff\t\"";
        for (HttpCapability.Response response :
                List.of(
                        new HttpCapability.Response(200, Map.of(), ""),
                        new HttpCapability.Response(404, Map.of("a", latin), all.toString()),
                        new HttpCapability.Response(
                                599, Map.of("x-a", "1", "x-b", latin, "x\"", ""), "\u0001"))) {
            assertThat(JsonLength.of(response))
                    .isEqualTo(PayloadCodec.json().encode(response).length);
        }
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static ServerSocket loopbackServer() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    /** Accepts connections on a daemon thread, each handled on its own thread, counted open. */
    private static void serve(ServerSocket server, AtomicInteger open, Handler handler) {
        Thread acceptor =
                new Thread(
                        () -> {
                            while (!server.isClosed()) {
                                Socket socket;
                                try {
                                    socket = server.accept();
                                } catch (IOException e) {
                                    return;
                                }
                                open.incrementAndGet();
                                Thread connection =
                                        new Thread(
                                                () -> {
                                                    try (socket) {
                                                        handler.handle(socket);
                                                    } catch (IOException e) {
                                                        // The client went away.
                                                    } finally {
                                                        open.decrementAndGet();
                                                    }
                                                });
                                connection.setDaemon(true);
                                connection.start();
                            }
                        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Writes 7 MB of headers, then holds the connection until the client closes it. */
    private static void hugeHeadersThenHold(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] line = ("X-Pad: " + "a".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 7000; i++) {
            out.write(line);
        }
        out.flush();
        while (in.read() >= 0) {
            // Hold until the client closes.
        }
    }

    private static void answerOk(Socket socket) throws IOException {
        socket.getOutputStream()
                .write(
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.US_ASCII));
    }

    private static HostFunctionHandler handler(HttpCapability capability) {
        return HostModules.of(capability).hostFunctions().get(0).handler();
    }

    private static FakeHostCall call(String url, Limits limits) {
        String origin =
                url.substring(
                        0,
                        url.indexOf('/', "http://".length()) < 0
                                ? url.length()
                                : url.indexOf('/', "http://".length()));
        return new FakeHostCall(TestPolicy.policy().outbound(origin).limits(limits).build());
    }

    private static long get(HostFunctionHandler request, String url, Limits limits) {
        FakeHostCall call = call(url, limits);
        return request.apply(call, call.string(getJson(url)))[0];
    }

    private static String getJson(String url) {
        return "{\"method\":\"GET\",\"url\":\"" + url + "\"}";
    }

    private static long fds() {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return entries.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long capabilityThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("wasmbox-http-"))
                .count();
    }

    /** A lookup that never answers until the test ends (or its thread is interrupted). */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Polls until the condition holds, for at most 20 s: resources are released asynchronously. */
    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 20 s").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
