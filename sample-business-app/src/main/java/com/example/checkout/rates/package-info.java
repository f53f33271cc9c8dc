/**
 * The carrier rates API that the {@code shipping-rates} vendor plugin calls over HTTP: the only
 * outbound origin its policy grants.
 */
@NullMarked
package com.example.checkout.rates;

import org.jspecify.annotations.NullMarked;
