package io.github.wasmbox.sandbox;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.wasmbox.policy.EnvGrant;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.HostEnvironment;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.chicory.ChicoryModule;
import io.github.wasmbox.sandbox.internal.wasm.ModuleFormatException;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo;
import io.github.wasmbox.sandbox.internal.wasm.ModulePrescan;
import io.github.wasmbox.sandbox.internal.wasm.PrescanLimits;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load pipeline: read (size-capped) → digest pin → signature → parse, validate, compile
 * (cached, on a worker under a deadline) → feature and size gates → import audit → instance
 * spec. Thread-safe.
 */
final class ModuleLoader implements AutoCloseable {
    /** Core ABI functions every module may import without a grant. */
    private static final Set<String> CORE_FUNCTIONS =
            Set.of("input_length", "input_read", "output_write", "error_write", "result_length", "result_read");

    private static final long LOAD_THREAD_STACK = 16L << 20;

    private final Map<String, HostFunctionDefinition> hostFunctions;
    private final TrustedKeys trustedKeys;
    private final boolean requireSignatures;
    private final PayloadCodec codec;
    private final long maxModuleBytes;
    private final Duration loadTimeout;
    private final long hostCallFuel;
    private final long hostCallFuelPerByte;
    private final Listeners listeners;
    private final AtomicLong callIds;
    private final ExecutorService compilers;
    private final AsyncCache<String, ChicoryModule> compiled;
    private final java.nio.file.@org.jspecify.annotations.Nullable Path compileCacheDirectory;
    private final @org.jspecify.annotations.Nullable CallerDeadlines deadlines;

    ModuleLoader(
            PluginRuntime.Builder builder,
            Map<String, HostFunctionDefinition> hostFunctions,
            Listeners listeners,
            AtomicLong callIds) {
        this.hostFunctions = Map.copyOf(hostFunctions);
        this.trustedKeys = builder.trustedKeys;
        this.requireSignatures = builder.requireSignatures;
        this.codec = builder.codec;
        this.maxModuleBytes = builder.maxModuleBytes;
        this.loadTimeout = builder.loadTimeout;
        this.hostCallFuel = builder.hostCallFuel;
        this.hostCallFuelPerByte = builder.hostCallFuelPerByte;
        this.listeners = listeners;
        this.callIds = callIds;
        this.compileCacheDirectory = builder.compileCacheDirectory;
        this.deadlines = builder.callerThreadCalls ? new CallerDeadlines() : null;
        AtomicInteger threadCount = new AtomicInteger();
        this.compilers =
                Executors.newCachedThreadPool(
                        task -> {
                            // Parsers and compilers recurse over nested blocks; a deep stack
                            // keeps hostile nesting a load error rather than a crash.
                            Thread thread =
                                    new Thread(
                                            null,
                                            task,
                                            "wasmbox-loader-" + threadCount.incrementAndGet(),
                                            LOAD_THREAD_STACK);
                            thread.setDaemon(true);
                            return thread;
                        });
        this.compiled =
                Caffeine.newBuilder()
                        .maximumWeight(builder.compiledCacheBytes)
                        .<String, ChicoryModule>weigher((key, module) -> module.weight())
                        .executor(compilers)
                        .buildAsync();
    }

    PluginVersion load(String name, PluginSource source, PluginPolicy policy) {
        long start = System.nanoTime();
        byte[] bytes = read(name, source);
        String sha256 = sha256(bytes);
        if (source.sha256().isPresent() && !source.sha256().get().equals(sha256)) {
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' from " + source + " does not match its pinned SHA-256:"
                            + " expected " + source.sha256().get() + ", actual " + sha256
                            + ". If this module is the intended new version, update the pin.",
                    null);
        }
        verifySignature(name, source, bytes);
        ModuleInfo info = prescan(name, bytes);
        checkFeatures(name, info, policy);
        checkSizes(name, info, policy);
        boolean[] cacheHit = {true};
        ChicoryModule module = compile(name, sha256, bytes, cacheHit);
        Map<String, HostFunctionDefinition> granted = audit(name, module, info, policy);
        InstanceSpec spec =
                new InstanceSpec(
                        policy,
                        granted,
                        environment(policy),
                        module.isCommand(),
                        hostCallFuel,
                        hostCallFuelPerByte);
        PluginVersion version =
                new PluginVersion(
                        name, sha256, policy, module, spec, codec, listeners, callIds, deadlines);
        listeners.loaded(
                new PluginEvents.Loaded(
                        name, sha256, Duration.ofNanos(System.nanoTime() - start), cacheHit[0]));
        return version;
    }

    private byte[] read(String name, PluginSource source) {
        try (InputStream in = source.open()) {
            byte[] bytes = in.readNBytes((int) Math.min(maxModuleBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxModuleBytes) {
                throw new PluginLoadException(
                        name,
                        null,
                        "plugin '" + name + "' from " + source + " is larger than the runtime's"
                                + " maxModuleBytes of " + maxModuleBytes + " bytes",
                        null);
            }
            return bytes;
        } catch (IOException e) {
            throw new PluginLoadException(
                    name,
                    null,
                    "cannot read plugin '" + name + "' from " + source + ": " + e.getMessage(),
                    e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private void verifySignature(String name, PluginSource source, byte[] bytes) {
        var signature = source.signature();
        if (signature.isEmpty()) {
            if (requireSignatures) {
                throw new PluginLoadException(
                        name,
                        null,
                        "plugin '" + name + "' from " + source + " is not signed, and the runtime"
                                + " requires signatures. Attach its detached Ed25519 signature with"
                                + " PluginSource.signature(...).",
                        null);
            }
            return;
        }
        if (trustedKeys.isEmpty()) {
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' is signed but the runtime has no trusted keys to check"
                            + " the signature against. Configure trustedKeys(...).",
                    null);
        }
        if (!trustedKeys.verify(bytes, signature.get())) {
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' from " + source + " has a signature that no trusted key"
                            + " verifies: the module was altered or signed with another key",
                    null);
        }
    }

    /** Bounds the module's declared counts before any parser allocates for them. */
    private static ModuleInfo prescan(String name, byte[] bytes) {
        try {
            return ModulePrescan.scan(bytes, PrescanLimits.DEFAULTS);
        } catch (ModuleFormatException e) {
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' is not a valid WebAssembly module: " + e.getMessage(),
                    e);
        }
    }

    private ChicoryModule compile(String name, String sha256, byte[] bytes, boolean[] cacheHit) {
        CompletableFuture<ChicoryModule> future =
                compiled.get(
                        sha256,
                        (key, executor) -> {
                            cacheHit[0] = false;
                            return CompletableFuture.supplyAsync(
                                    () -> ChicoryModule.compile(name, bytes, compileCacheDirectory),
                                    executor);
                        });
        try {
            return future.get(loadTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' took longer than the runtime's loadTimeout of "
                            + loadTimeout.toMillis() + " ms to parse and compile",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PluginLoadException) {
                throw (PluginLoadException) cause;
            }
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' could not be compiled: " + cause,
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginLoadException(name, null, "interrupted while loading plugin '" + name + "'", e);
        }
    }

    private static void checkFeatures(String name, ModuleInfo info, PluginPolicy policy) {
        List<String> disabled = new ArrayList<>();
        for (var used : info.features()) {
            if (!policy.features().contains(WasmFeature.valueOf(used.name()))) {
                disabled.add(used.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        if (!disabled.isEmpty()) {
            throw new PluginLoadException(
                    name,
                    null,
                    "plugin '" + name + "' uses Wasm features its policy does not enable: "
                            + String.join(", ", disabled)
                            + ". Enable them in the policy's features only if you trust the"
                            + " plugin's need.",
                    null);
        }
    }

    private static void checkSizes(String name, ModuleInfo info, PluginPolicy policy) {
        long maxMemory = policy.limits().maxMemoryBytes();
        for (ModuleInfo.MemoryType memory : info.memories()) {
            long initialBytes = memory.minPages() * 65_536L;
            if (initialBytes > maxMemory) {
                throw new PluginLoadException(
                        name,
                        null,
                        "plugin '" + name + "' declares an initial memory of " + initialBytes
                                + " bytes (" + memory.minPages() + " pages), over its policy's"
                                + " max-memory of " + maxMemory + " bytes. Raise limits.max-memory"
                                + " or build the plugin with a smaller initial memory.",
                        null);
            }
        }
        int maxTable = policy.limits().maxTableElements();
        for (ModuleInfo.TableType table : info.tables()) {
            if (table.minElements() > maxTable) {
                throw new PluginLoadException(
                        name,
                        null,
                        "plugin '" + name + "' declares a table of " + table.minElements()
                                + " elements, over its policy's max-table-elements of " + maxTable,
                        null);
            }
        }
    }

    /** Every import must be a core function, WASI, or a granted and provided capability. */
    private Map<String, HostFunctionDefinition> audit(
            String name, ChicoryModule module, ModuleInfo info, PluginPolicy policy) {
        List<String> violations = new ArrayList<>();
        Map<String, HostFunctionDefinition> granted = new HashMap<>();
        for (ModuleInfo.Import imported : info.imports()) {
            String qualified = imported.module() + "/" + imported.name();
            if (imported.kind() != ModuleInfo.ExternKind.FUNCTION) {
                String kind = imported.kind().name().toLowerCase(Locale.ROOT);
                violations.add(qualified + " (" + kind + "): the host provides no " + kind + " imports");
            } else if (imported.module().equals("wasmbox")) {
                if (!CORE_FUNCTIONS.contains(imported.name())) {
                    violations.add(qualified + ": not a function of the wasmbox core ABI v1");
                }
            } else if (imported.module().equals("wasi_snapshot_preview1")) {
                continue;
            } else if (!policy.allowsHostFunction(imported.module(), imported.name())) {
                violations.add(
                        qualified + ": not granted by the policy (add \"" + qualified
                                + "\" to its host functions if intended)");
            } else {
                HostFunctionDefinition definition =
                        hostFunctions.get(imported.module() + "/" + imported.name());
                if (definition == null) {
                    violations.add(qualified + ": granted, but no host module provides it");
                } else if (!module.importMatches(definition, imported.module(), imported.name())) {
                    violations.add(
                            qualified + ": imported with a signature other than the host's "
                                    + definition.params() + " -> " + definition.results());
                } else {
                    granted.put(definition.qualifiedName(), definition);
                }
            }
        }
        if (!violations.isEmpty()) {
            StringBuilder report = new StringBuilder();
            violations.forEach(v -> report.append("  - ").append(v).append('\n'));
            throw new PluginLinkException(name, violations, report.toString());
        }
        return granted;
    }

    private static Map<String, String> environment(PluginPolicy policy) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvGrant grant : policy.env()) {
            String value = grant.resolve(HostEnvironment::variable);
            if (value != null) {
                environment.put(grant.name(), value);
            }
        }
        return environment;
    }

    @Override
    public void close() {
        compilers.shutdownNow();
        if (deadlines != null) {
            deadlines.close();
        }
    }
}
