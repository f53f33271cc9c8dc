/** The four extension points (slots) and the vendor plugins that serve them. */
@NullMarked
package com.example.checkout.vendor;

import org.jspecify.annotations.NullMarked;
