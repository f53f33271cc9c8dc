/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.record.CallRecord;
import io.github.wasmbox.sandbox.record.Recording;
import io.github.wasmbox.sandbox.record.RecordingStats;
import io.github.wasmbox.sandbox.record.ReplayResult;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.HostFunctionProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Loads plugins and runs them isolated, each under its own {@link PluginPolicy}.
 *
 * <pre>{@code
 * try (PluginRuntime runtime = PluginRuntime.builder().build()) {
 *     Plugin plugin = runtime.load("echo", PluginSource.path(wasm), PluginPolicy.denyAll());
 *     byte[] out = plugin.call("echo", "hi".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * <p>A module is verified (size cap, pinned digest, signature), pre-scanned, audited against its
 * policy, metered (fuel rewrite) and compiled once; the compiled form is cached by digest, so
 * loading the same bytes again — under another name or policy — does not compile again.
 *
 * <p>Thread-safe. {@link #close()} stops in-flight calls, releases every thread the runtime created
 * and makes every {@link Plugin} it loaded unusable; it is idempotent.
 */
public interface PluginRuntime extends AutoCloseable {

    /** A builder with no host modules, no trusted keys and the JSON codec. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Loads a plugin under {@code name}.
     *
     * @throws PluginLoadException if the bytes cannot be read, exceed the size cap, fail the digest
     *     or signature check, are malformed, use a disabled feature or declare more memory or table
     *     than the policy allows
     * @throws PluginLinkException if the module imports anything its policy does not grant or the
     *     host does not provide (all violations in one exception)
     * @throws IllegalStateException if a plugin with that name is already loaded, or the runtime is
     *     closed
     */
    Plugin load(String name, PluginSource source, PluginPolicy policy);

    /**
     * Loads a new version of {@code name} and swaps it in atomically: new calls use the new version
     * at once; calls in flight finish on the old one, which is released once they drain. If the new
     * version fails to load, the old one keeps serving and the exception is thrown.
     */
    Plugin replace(String name, PluginSource source, PluginPolicy policy);

    /** The plugin loaded under {@code name}, if any. */
    Optional<Plugin> plugin(String name);

    /** Every loaded plugin. */
    Collection<Plugin> plugins();

    /** Unloads a plugin; calls in flight finish first. Returns false if none had that name. */
    boolean unload(String name);

    /**
     * What the {@link Builder#record recording} of plugin {@code name} has written and dropped;
     * empty if the plugin is not recorded.
     */
    Optional<RecordingStats> recordingStats(String name);

    /**
     * Runs a recorded call again, with the host's answers taken from the record instead of live
     * capabilities, and compares. {@code module} is loaded in a runtime of its own, under the
     * record's limits and host-call fuel prices, granted exactly the capability functions the
     * recorded module was linked with; WASI answers (clocks, random bytes, the environment, file
     * reads) come from the record too, while writes to stdout and stderr and {@code proc_exit} run
     * as usual. Each host call takes the next recorded answer if it is for the same function and,
     * when that answer writes guest memory, the guest passed the same arguments; otherwise the call
     * fails the guest as a host error and the result says which call the record could not answer.
     *
     * <p>Against the module the record was made with, the replay reproduces output, outcome, fuel
     * and memory exactly (fuel is not compared when both end in a JVM stack overflow; see {@link
     * ReplayResult}). Against a new module the result lists what differs: this is how an update is
     * checked against recorded production traffic before it is swapped in. A {@code STATEFUL}
     * plugin's call is replayed on a fresh instance, so state left by earlier calls is not there.
     *
     * @throws IllegalArgumentException if the record was truncated, and so cannot be replayed
     * @throws PluginLoadException if {@code module} cannot be loaded
     * @throws IllegalStateException if the runtime is closed
     */
    ReplayResult replay(CallRecord record, PluginSource module);

    /** The memory budget the instances of all plugins share, as configured and as used now. */
    MemoryBudget memoryBudget();

    /** Stops in-flight calls, releases all threads and plugins. Idempotent. */
    @Override
    void close();

    /**
     * Configures a {@link PluginRuntime}. Not thread-safe; {@link #build()} may be called more than
     * once, each time creating an independent runtime.
     */
    final class Builder {
        final List<HostFunctionDefinition> hostFunctions = new ArrayList<>();
        final List<PluginListener> listeners = new ArrayList<>();
        TrustedKeys trustedKeys = TrustedKeys.none();
        PinRequirement pinRequirement = PinRequirement.NONE;
        boolean unpinnedWarnOnly;
        PayloadCodec codec = PayloadCodec.json();
        long maxModuleBytes = 32L << 20;
        Duration loadTimeout = Duration.ofSeconds(30);
        int maxModuleFunctions = 2_500;
        int maxModuleCodeBytes = 256 << 10;
        long compiledCacheBytes = 256L << 20;
        long hostCallFuel = 1_000;
        long hostCallFuelPerByte = 1;
        @Nullable Path compileCacheDirectory;
        @Nullable Boolean callerThreadCalls; // null: per plugin, as the javadoc of the setter says
        long memoryBudgetBytes = Runtime.getRuntime().maxMemory() / 4;
        boolean strictMemoryBudget;
        final Map<String, Recording> recordings = new LinkedHashMap<>();

        private static final long PAGE_BYTES = 65_536;

        Builder() {}

        /** Adds host functions that plugins may import when their policy grants them. */
        public Builder hostModules(HostFunctionProvider... providers) {
            for (HostFunctionProvider provider : providers) {
                hostFunctions.addAll(provider.hostFunctions());
            }
            return this;
        }

        /** The Ed25519 keys signatures are checked against. Default: none. */
        public Builder trustedKeys(TrustedKeys keys) {
            this.trustedKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /**
         * What every plugin this runtime loads must carry: a SHA-256 pin, a trusted signature,
         * either or both. A plugin that carries less is refused with a message that says how to pin
         * or sign it (unless {@link #unpinnedWarnOnly(boolean)}). A signature that is attached is
         * always checked, whatever the requirement. Default: {@link PinRequirement#NONE}.
         */
        public Builder require(PinRequirement requirement) {
            this.pinRequirement = Objects.requireNonNull(requirement, "requirement");
            return this;
        }

        /**
         * When true, a plugin that does not carry what {@link #require(PinRequirement)} asks is
         * loaded and logged at WARN instead of refused: for development only. A pin or signature
         * that does not match still fails the load. Default: false.
         */
        public Builder unpinnedWarnOnly(boolean warnOnly) {
            this.unpinnedWarnOnly = warnOnly;
            return this;
        }

        /** The codec for typed calls and host functions. Default: {@link PayloadCodec#json()}. */
        public Builder codec(PayloadCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Adds a listener for load, call and denial events. */
        public Builder listener(PluginListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The largest module accepted, in bytes. Default: 32 MiB. */
        public Builder maxModuleBytes(long bytes) {
            if (bytes < 8 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "maxModuleBytes must be between 8 and "
                                + Integer.MAX_VALUE
                                + ", got "
                                + bytes);
            }
            this.maxModuleBytes = bytes;
            return this;
        }

        /**
         * The most functions a module may define (imports excluded). Compiling costs the host CPU
         * per function, before the plugin runs and outside any fuel budget; with {@link
         * #maxModuleCodeBytes} this bounds the work of one load. Default: 2,500 (the Rust plugins
         * of this repository define at most 341), which compile in about 0.3 s of CPU.
         */
        public Builder maxModuleFunctions(int functions) {
            if (functions < 1) {
                throw new IllegalArgumentException(
                        "maxModuleFunctions must be positive, got " + functions);
            }
            this.maxModuleFunctions = functions;
            return this;
        }

        /**
         * The most bytes of function bodies (the code section) a module may carry: what
         * instrumenting and compiling a module costs grows with it. Default: 256 KiB (the Rust
         * plugins of this repository carry at most 133 KB), which compile in about 1 s of CPU.
         */
        public Builder maxModuleCodeBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException(
                        "maxModuleCodeBytes must be positive, got " + bytes);
            }
            this.maxModuleCodeBytes = bytes;
            return this;
        }

        /**
         * How long parsing, validating, instrumenting and compiling one module may take before the
         * load fails. Default: 30 s.
         */
        public Builder loadTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("loadTimeout must be positive, got " + timeout);
            }
            this.loadTimeout = timeout;
            return this;
        }

        /**
         * Fuel charged for each host-function call, and per byte it copies in or out of guest
         * memory. Defaults: 1000 and 1.
         */
        public Builder hostCallFuel(long perCall, long perByte) {
            if (perCall < 0 || perByte < 0) {
                throw new IllegalArgumentException(
                        "host call fuel must be >= 0, got " + perCall + " and " + perByte);
            }
            this.hostCallFuel = perCall;
            this.hostCallFuelPerByte = perByte;
            return this;
        }

        /**
         * Persists compiled plugins in {@code directory}, so that a restarted JVM loads a plugin's
         * compiled classes instead of rewriting, parsing, validating and compiling it again (for a
         * 120 KB plugin in a fresh JVM, about 0.7 s to its first result instead of 2.3 s). An entry
         * holds the compiled classes and the module's declarations; it is keyed by the module's
         * SHA-256, the load-time rewrites' versions, the enabled features and the engine options,
         * and one that is damaged or cannot be loaded is compiled again and replaced.
         *
         * <p>The directory holds JVM bytecode that the runtime runs, so only what the application's
         * user wrote there is used. The directory is created owner-only; it must not be a symbolic
         * link, must be owned by the process's user and writable by no one else, and each directory
         * above it must be owned by root or that user and writable by no one else unless sticky
         * (like {@code /tmp}). An entry is used only if it is a regular file owned by that user,
         * writable by no one else, at most 256 MiB, and carries a valid HMAC-SHA256 over the
         * module's key and its whole content, made with a random key kept owner-only in the
         * directory's {@code compile-cache.key} (replaced when others could read it); any other
         * entry, and any failure to read one, is a miss that replaces it. Entries and the key are
         * written owner-only and moved into place atomically. The checks are repeated at every
         * compile; a directory that no longer passes them is not used (with a warning). Default:
         * none (compiled code is cached in memory only).
         *
         * @throws IllegalArgumentException if the directory cannot be created, or it or a directory
         *     above it could be changed by another user
         */
        public Builder compileCacheDirectory(Path directory) {
            Objects.requireNonNull(directory, "directory");
            DefaultPluginRuntime.ENGINE.prepareCacheDirectory(directory);
            this.compileCacheDirectory = directory;
            return this;
        }

        /**
         * Where calls run: on the calling thread ({@code true}) or on one of the plugin's own
         * threads ({@code false}). Default: on the calling thread for every plugin whose guest
         * stack wasmbox bounds and whose {@code stackSizeBytes} fits in a thread of the JVM's
         * default stack size ({@code -Xss}), on its own threads for the others.
         *
         * <p>On the calling thread there is no thread handoff, which was most of wasmbox's per-call
         * overhead (3 µs on an empty call, 15–20 µs on a JSON call whose input, output and memory
         * the handoff moves between cores' caches; far more on a loaded machine):
         *
         * <ul>
         *   <li>the guest's own frames may take at most half of {@code stackSizeBytes} of the
         *       caller's stack: wasmbox's rewrite of the compiled code charges each frame on entry,
         *       so a guest recursing too deep stops with {@code STACK} at the same depth on every
         *       thread and run. The other half is headroom for the caller's frames and the host
         *       functions the guest calls. Where the rewrite cannot bound the guest (a module whose
         *       memory 0 is imported or shared, or that catches Wasm exceptions), only the thread's
         *       stack bounds it: the default runs such a plugin on its own threads, of exactly
         *       {@code stackSizeBytes}, and {@code true} on the caller's, where an overflow is
         *       still caught and reported as {@code STACK};
         *   <li>the deadline interrupts the calling thread (a runtime-wide watchdog thread does it
         *       within about a millisecond; the interrupt is cleared before the call returns) and
         *       cancels the call's host work. Guest code stops at its next call or loop iteration
         *       and wasmbox's own host functions end their waits at the deadline, but a host
         *       function of yours that blocks and ignores interrupts holds the caller past the
         *       deadline, where a plugin thread returns at the deadline and is left behind. Pass
         *       {@code false} if your host functions may block that way.
         * </ul>
         *
         * <p>On a saturated machine, plugin threads can also keep other callers' latency lower
         * beside a plugin that burns its whole budget: the sample service's good requests kept a
         * lower p99 that way under attack, at some cost in throughput (docs/performance.md).
         */
        public Builder callerThreadCalls(boolean callerThread) {
            this.callerThreadCalls = callerThread;
            return this;
        }

        /**
         * The linear memory the live instances of all plugins may hold together ({@link
         * MemoryBudget}). A grow past it fails the call as {@code MEMORY} exhaustion while every
         * other call keeps its memory, so a storm of large-memory calls cannot take the JVM's heap.
         * Default: a quarter of the maximum heap ({@code -Xmx}).
         */
        public Builder memoryBudget(long bytes) {
            if (bytes < PAGE_BYTES) {
                throw new IllegalArgumentException(
                        "memoryBudget must be at least one Wasm page (65536 bytes), got " + bytes);
            }
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /**
         * When true, {@link PluginRuntime#load} and {@link PluginRuntime#replace} refuse a plugin
         * whose worst case ({@link MemoryBudget#worstCaseBytes()}: pool size times max-memory,
         * summed with the plugins already loaded) would exceed the {@link #memoryBudget}; when
         * false such a load logs a warning, and calls meet the budget only if they really use that
         * much at once. Default: false.
         */
        public Builder strictMemoryBudget(boolean strict) {
            this.strictMemoryBudget = strict;
            return this;
        }

        /**
         * Records the calls of plugin {@code name} (whichever version is loaded under that name) as
         * {@code recording} says: the input, every answer the host gives the guest, and what came
         * out, so that a call can be {@linkplain PluginRuntime#replay replayed} and a policy
         * learned from real traffic ({@link io.github.wasmbox.sandbox.record.PolicyLearner}).
         * Records hold inputs, outputs and host answers: mask secrets with {@link
         * Recording.Builder#redact}. Default: no plugin is recorded.
         */
        public Builder record(String name, Recording recording) {
            Objects.requireNonNull(name, "name");
            recordings.put(name, Objects.requireNonNull(recording, "recording"));
            return this;
        }

        /** Creates the runtime. */
        public PluginRuntime build() {
            return new DefaultPluginRuntime(this);
        }
    }
}
