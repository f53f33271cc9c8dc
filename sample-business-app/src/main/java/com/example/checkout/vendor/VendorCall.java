/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.vendor;

/**
 * What one vendor returned for one quote, and what it cost.
 *
 * @param slot the slot it served
 * @param vendor the plugin name
 * @param sha256 the digest of the module that produced the value: the vendor's exact version
 * @param value the decoded answer
 * @param fuel fuel the call consumed
 * @param micros wall-clock time of the call in microseconds
 * @param <T> the answer's type
 */
public record VendorCall<T>(
        Slot slot, String vendor, String sha256, T value, long fuel, long micros) {}
