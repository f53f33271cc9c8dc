/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.consumer.boot;

import com.example.consumer.boot.FraudScore.Customer;
import com.example.consumer.boot.FraudScore.Item;
import com.example.consumer.boot.FraudScore.Order;
import com.example.consumer.boot.FraudScore.Score;
import com.example.consumer.boot.FraudScore.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The fraud-score plugin through the starter, as a Spring Boot application has it: declared in
 * application.yaml (grants, a fixed clock at 03:00 UTC, its timeout), pinned by its digest, and
 * called through a {@code @WasmPlugin} interface. Fails unless the answer is exactly the one the
 * plugin's rules give.
 */
@SpringBootApplication
public class ScoreAnOrderWithBoot {
    private static final Order ORDER =
            new Order(
                    "o-1",
                    "c-1",
                    List.of(new Item("BOOK-1", 1, 2000)),
                    new Customer(400, 0));
    private static final Score EXPECTED =
            new Score(
                    "o-1",
                    15,
                    "approve",
                    List.of(new Signal("first-order", 10), new Signal("night-time", 5)),
                    Instant.parse("2026-01-01T03:00:00Z").toEpochMilli());

    public static void main(String[] args) throws IOException {
        Path wasm = Path.of(args[0]);
        String digest = Files.readString(Path.of(args[0] + ".sha256")).substring(0, 64);
        try (ConfigurableApplicationContext context =
                new SpringApplicationBuilder(ScoreAnOrderWithBoot.class)
                        .web(WebApplicationType.NONE)
                        .properties(
                                "wasmbox.plugins.fraud-score.location=" + wasm.toUri(),
                                "wasmbox.plugins.fraud-score.sha256=" + digest)
                        .run()) {
            Score score = context.getBean(FraudScore.class).score(ORDER);
            if (!score.equals(EXPECTED)) {
                throw new IllegalStateException(
                        "fraud-score answered " + score + ", expected " + EXPECTED);
            }
            System.out.println("fraud-score through the Spring Boot starter: " + score);
        }
    }
}
