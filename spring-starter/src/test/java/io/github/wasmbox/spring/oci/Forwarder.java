/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards loopback connections to the test registry until cut off, then refuses them: a registry
 * outage the test controls, without stopping the registry other tests share.
 */
final class Forwarder implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private boolean cut; // guarded by open

    /**
     * Keeps a connection to forward, unless the forwarder was cut off while it was being accepted:
     * then both sockets are closed, so no connection outlives the cut.
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

    Forwarder(String address) throws IOException {
        String host = address.substring(0, address.lastIndexOf(':'));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
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
                                    // cut off: stop accepting
                                }
                            }
                        },
                        "registry-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address that reaches the registry while the forwarder runs. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
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

    @Override
    public void close() throws IOException {
        cutOff();
    }
}
