/** The Java example of docs/wagi.md, run over real HTTP by {@code WagiRoutesTest}. */
@NullMarked
package io.github.wasmbox.spring.wagi.docs;

import org.jspecify.annotations.NullMarked;
