/**
 * Plugins distributed through OCI registries: pulled by digest, tags pinned in a lock file,
 * signatures found through OCI referrers. Entry point: {@link io.github.wasmbox.oci.OciRegistry}.
 */
@NullMarked
package io.github.wasmbox.oci;

import org.jspecify.annotations.NullMarked;
