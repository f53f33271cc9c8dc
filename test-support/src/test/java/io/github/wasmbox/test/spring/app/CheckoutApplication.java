/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application as a user of the starter has it: its plugin interface, a service that calls the
 * plugin, a listener the starter links in, and its configuration in application.yaml.
 */
@SpringBootApplication
public class CheckoutApplication {}
