/** The quote API: orders in, priced and scored quotes out, persisted in one transaction. */
@NullMarked
package com.example.checkout.quote;

import org.jspecify.annotations.NullMarked;
