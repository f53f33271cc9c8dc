/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The service under test: the sample's jar in a JVM of its own (demo profile, a free port, a fresh
 * data directory under target, {@code -Xmx1g}, a fixed number of Tomcat workers, then the arguments
 * of {@code load.appArgs}, such as {@code --wasmbox.caller-thread-calls=false}), started before the
 * simulation and stopped after it; or, with {@code load.url}, a service that already runs.
 */
final class CheckoutProcess {
    private final String baseUrl;
    private final List<String> command;
    private final Path log;
    private Process process;

    private CheckoutProcess(String baseUrl, List<String> command, Path log) {
        this.baseUrl = baseUrl;
        this.command = command;
        this.log = log;
    }

    static CheckoutProcess fromSystemProperties(int tomcatThreads) {
        String url = System.getProperty("load.url", "");
        if (!url.isBlank()) {
            return new CheckoutProcess(url, List.of(), null);
        }
        Path workdir = Path.of(System.getProperty("load.workdir", "target"));
        int port = freePort();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command =
                new ArrayList<>(
                        List.of(
                                java.toString(),
                                "-Xmx1g",
                                "-jar",
                                System.getProperty("load.jar"),
                                "--spring.profiles.active=demo",
                                "--server.port=" + port,
                                "--server.tomcat.threads.max=" + tomcatThreads,
                                "--checkout.rates-api.port=0",
                                "--checkout.data-dir=" + workdir.resolve("load-data-" + port)));
        String appArguments = System.getProperty("load.appArgs", "");
        if (!appArguments.isBlank()) {
            command.addAll(List.of(appArguments.trim().split("\\s+")));
        }
        return new CheckoutProcess(
                "http://127.0.0.1:" + port, command, workdir.resolve("checkout-" + port + ".log"));
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Starts the app, if this run starts one, and waits until its health is UP. */
    void start() {
        if (command.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            HttpClient http = HttpClient.newHttpClient();
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
            while (Instant.now().isBefore(giveUp)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the checkout service exited with "
                                    + process.exitValue()
                                    + "; see "
                                    + log);
                }
                try {
                    HttpResponse<String> health =
                            http.send(
                                    HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(
                    "the checkout service did not start in 3 minutes; see " + log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the checkout service started", e);
        }
    }

    /** Stops the app this run started, as Ctrl+C would, and waits for it to exit. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }
}
