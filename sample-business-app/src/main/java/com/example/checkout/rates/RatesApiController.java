/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package com.example.checkout.rates;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A carrier rates API, served by this app so that the demo needs no outside service: {@code POST
 * /rates-api/v1/rates} with {@code {"country","postalCode","weightGrams","itemCount"}} answers
 * {@code {"options":[{"carrier","service","priceCents","days"}]}}. The {@code shipping-rates}
 * vendor plugin calls it through {@code wasmbox:http}, and its policy grants this origin and no
 * other. A country no carrier serves gets no options.
 */
@RestController
@RequestMapping("/rates-api/v1")
public class RatesApiController {

    /** Base price in cents and cents per started kilogram, by zone. */
    private record Zone(long basePriceCents, long perKgCents, long days) {}

    private static final Map<String, Zone> ZONES =
            Map.ofEntries(
                    Map.entry("DE", new Zone(499, 50, 2)),
                    Map.entry("AT", new Zone(899, 90, 3)),
                    Map.entry("FR", new Zone(999, 90, 3)),
                    Map.entry("NL", new Zone(899, 80, 3)),
                    Map.entry("IT", new Zone(1199, 110, 4)),
                    Map.entry("ES", new Zone(1199, 110, 4)),
                    Map.entry("CH", new Zone(1499, 150, 4)),
                    Map.entry("GB", new Zone(1599, 150, 5)),
                    Map.entry("US", new Zone(2999, 300, 7)));

    /** What the shipping vendor asks. */
    public record RatesRequest(
            @NotBlank String country,
            String postalCode,
            @Min(0) long weightGrams,
            @Min(1) long itemCount) {}

    /** One option. */
    public record Option(String carrier, String service, long priceCents, long days) {}

    /** The answer. */
    public record RatesResponse(List<Option> options) {}

    @PostMapping("/rates")
    public RatesResponse rates(@Valid @RequestBody RatesRequest request) {
        Zone zone = ZONES.get(request.country());
        if (zone == null) {
            return new RatesResponse(List.of());
        }
        long kilograms = Math.max(1, (request.weightGrams() + 999) / 1000);
        long standard = zone.basePriceCents() + kilograms * zone.perKgCents();
        return new RatesResponse(
                List.of(
                        new Option("Parcelo", "express", standard * 2 + 300, 1),
                        new Option("Parcelo", "standard", standard, zone.days()),
                        new Option(
                                "SlowBoat", "economy", standard - standard / 5, zone.days() + 3)));
    }
}
