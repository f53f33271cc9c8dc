/** Runtime internals: not an API, may change in any release. */
@NullMarked
package io.github.wasmbox.sandbox.internal;

import org.jspecify.annotations.NullMarked;
