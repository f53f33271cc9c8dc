/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasi;

/**
 * What the host work of a WASI call costs in fuel, on top of the runtime's charge per host call and
 * per byte moved. {@link WasiContext} charges it before the host touches what it pays for, so a
 * plugin that cannot pay traps on fuel instead of making the host do the work first.
 *
 * <p>The figures come from {@code WasiFuelBenchmark} (module {@code benchmarks}), which runs each
 * WASI function with the largest arguments a plugin may pass next to plain WebAssembly, the
 * yardstick, in the same JVM. Each constant is the host time of one element divided by about five
 * times the yardstick's time per unit of fuel, so a plugin buys host CPU at most a few times more
 * cheaply than its own instructions, on any machine (docs/limits.md has the measured ratios). In
 * units of the yardstick's fuel, measured on a loaded two-core machine (so good to a factor of two;
 * measured on the engine's WASI implementation, which did at least the work wasmbox's own does):
 *
 * <ul>
 *   <li>an iovec costs the host 300 to 2,000 (the most for {@code fd_write} to stdout): it is read,
 *       checked and its bytes copied;
 *   <li>a poll subscription, decoded, timed and answered with an event, 400 to 600;
 *   <li>a random byte from {@link java.security.SecureRandom}, 300 to 400;
 *   <li>a path segment, resolved on the in-memory file system, about 20,000, and any call that
 *       reaches the file system about 250,000 before that;
 *   <li>an entry of a directory listing, built whole (and sorted, so cookies stay valid) on every
 *       {@code fd_readdir}, about 300,000, and an entry of the walk that measures a mount before a
 *       write to one of its files or a create about 40,000.
 * </ul>
 *
 * Not instantiable.
 */
final class WasiCosts {
    /** The most iovecs one {@code fd_read} or {@code fd_write} takes, POSIX {@code IOV_MAX}. */
    static final int IOV_MAX = 1024;

    /** Per iovec of {@code fd_read}, {@code fd_write}, {@code fd_pread}, {@code fd_pwrite}. */
    static final long PER_IOVEC = 256;

    /** Per subscription of {@code poll_oneoff}. */
    static final long PER_SUBSCRIPTION = 128;

    /** Per byte of {@code random_get}, besides the bytes moved. */
    static final long PER_RANDOM_BYTE = 64;

    /** Per byte of a path argument. */
    static final long PER_PATH_BYTE = 1;

    /** Per segment of a path argument ({@code a/b/./c} has four). */
    static final long PER_PATH_SEGMENT = 4_000;

    /** Per call that reaches the in-memory file system. */
    static final long FILE_SYSTEM_CALL = 50_000;

    /**
     * Per entry a directory listing may hold: the entries the descriptor's mount holds (what its
     * last walk found, plus one), as for {@link #PER_WALKED_ENTRY}.
     */
    static final long PER_LISTED_ENTRY = 64_000;

    /**
     * Per entry of the walk that measures a mount before a write to one of its files or a create:
     * the entries the mount holds (at most its file quota), so a plugin with few files pays little.
     */
    static final long PER_WALKED_ENTRY = 8_000;

    private WasiCosts() {}
}
