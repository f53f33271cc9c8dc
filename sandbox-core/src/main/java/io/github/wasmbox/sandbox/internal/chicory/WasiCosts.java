package io.github.wasmbox.sandbox.internal.chicory;

/**
 * What the host work of a WASI call costs in fuel, on top of the runtime's charge per host call and
 * per byte moved. {@link WasiGuard} charges it before the host touches what it pays for, so a
 * plugin that cannot pay traps on fuel instead of making the host do the work first.
 *
 * <p>The figures come from {@code WasiFuelBenchmark} (module {@code benchmarks}), which times each
 * WASI function with the largest arguments a plugin may pass against plain WebAssembly, whose cost
 * is 0.2 to 0.8 ns of host CPU per unit of fuel. Each constant is the host time of one element
 * divided by about 1 ns, so a plugin buys host CPU at most a few times cheaper than it buys its own
 * instructions (docs/limits.md gives the measured ratio per function):
 *
 * <ul>
 *   <li>an iovec is read, bounds-checked and copied by Chicory into a buffer of its own, about 30
 *       ns with the guard's own passes;
 *   <li>a poll subscription is decoded, timed and answered with an event, about 60 ns;
 *   <li>a random byte comes from {@link java.security.SecureRandom}, about 20 ns;
 *   <li>a path byte is decoded and a path segment resolved twice (the guard's lexical check, then
 *       Chicory on the in-memory file system), about 1 µs per segment;
 *   <li>a call that reaches the in-memory file system costs about 20 µs before any per-element
 *       work, one entry of a directory listing about 10 µs, one entry of the walk that measures a
 *       mount before a write or a create about 1 µs.
 * </ul>
 *
 * Not instantiable.
 */
final class WasiCosts {
    /** The most iovecs one {@code fd_read} or {@code fd_write} takes, POSIX {@code IOV_MAX}. */
    static final int IOV_MAX = 1024;

    /** Per iovec of {@code fd_read}, {@code fd_write}, {@code fd_pread}, {@code fd_pwrite}. */
    static final long PER_IOVEC = 32;

    /** Per subscription of {@code poll_oneoff}. */
    static final long PER_SUBSCRIPTION = 64;

    /** Per byte of {@code random_get}, besides the bytes moved. */
    static final long PER_RANDOM_BYTE = 24;

    /** Per byte of a path argument. */
    static final long PER_PATH_BYTE = 1;

    /** Per segment of a path argument ({@code a/b/./c} has four). */
    static final long PER_PATH_SEGMENT = 1_000;

    /** Per call that reaches the in-memory file system. */
    static final long FILE_SYSTEM_CALL = 20_000;

    /** Per entry a directory listing may hold: the file quota of the descriptor's mount. */
    static final long PER_LISTED_ENTRY = 10_000;

    /**
     * Per entry of the walk that measures a mount before a write to one of its files or a create:
     * the file quota of the mount.
     */
    static final long PER_WALKED_ENTRY = 1_000;

    private WasiCosts() {}
}
