/**
 * The Java examples of docs/spring.md, compiled and run by {@link
 * io.github.wasmbox.spring.docs.SpringDocTest}, which also checks that the page shows each one as
 * it is here.
 */
package io.github.wasmbox.spring.docs;
