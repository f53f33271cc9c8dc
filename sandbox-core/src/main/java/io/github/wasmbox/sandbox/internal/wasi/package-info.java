/**
 * The guest's WASI world as wasmbox shapes it, free of engine types: in-memory file systems built
 * from preopen grants, the quotas that bound them, and the clocks a policy allows. The engine
 * adapter in {@code internal.endive} decodes WASI calls and asks this package for the verdict.
 */
@NullMarked
package io.github.wasmbox.sandbox.internal.wasi;

import org.jspecify.annotations.NullMarked;
