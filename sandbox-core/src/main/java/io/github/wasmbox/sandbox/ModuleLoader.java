/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.wasmbox.policy.AuditReport;
import io.github.wasmbox.policy.EnvGrant;
import io.github.wasmbox.policy.GuestText;
import io.github.wasmbox.policy.ImportRef;
import io.github.wasmbox.policy.PluginManifest;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyAudit;
import io.github.wasmbox.policy.WasmFeature;
import io.github.wasmbox.sandbox.internal.HostEnvironment;
import io.github.wasmbox.sandbox.internal.HotSpotOptions;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.engine.CompiledModule;
import io.github.wasmbox.sandbox.internal.engine.MemoryReservations;
import io.github.wasmbox.sandbox.internal.engine.WasmEngine;
import io.github.wasmbox.sandbox.internal.wasi.PreopenException;
import io.github.wasmbox.sandbox.internal.wasm.FuelInstrumenter;
import io.github.wasmbox.sandbox.internal.wasm.ModuleFormatException;
import io.github.wasmbox.sandbox.internal.wasm.ModuleInfo;
import io.github.wasmbox.sandbox.internal.wasm.ModulePrescan;
import io.github.wasmbox.sandbox.internal.wasm.Outliner;
import io.github.wasmbox.sandbox.internal.wasm.PrescanLimits;
import io.github.wasmbox.sandbox.spi.Abi;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load pipeline: read (size-capped) → digest pin → signature → parse, validate, compile
 * (cached, on a worker under a deadline) → feature and size gates → import audit → instance spec.
 * Thread-safe.
 */
final class ModuleLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleLoader.class);

    /** Modules linked for every plugin without a grant: the core ABI and (inert) WASI. */
    private static final Set<String> ALWAYS_PROVIDED_MODULES =
            Set.of(Abi.CORE_MODULE, Abi.WASI_MODULE);

    private static final long LOAD_THREAD_STACK = 16L << 20;

    /** The cap on a lower layer's failure message, which may quote names the module chose. */
    private static final int MESSAGE_CHARS = 2_000;

    /**
     * The stack of a thread started without a size of its own ({@code -Xss}, HotSpot's {@code
     * ThreadStackSize}): what a caller's thread may be assumed to have. 1 MiB, the default of
     * 64-bit HotSpot on Linux, macOS and Windows, where the option cannot be read.
     */
    private static final long DEFAULT_THREAD_STACK_BYTES = defaultThreadStackBytes();

    private final Map<String, HostFunctionDefinition> hostFunctions;
    private final Set<ImportRef> provided;
    private final TrustedKeys trustedKeys;
    private final PinRequirement pinRequirement;
    private final boolean unpinnedWarnOnly;
    private final PayloadCodec codec;
    private final long maxModuleBytes;
    private final Duration loadTimeout;
    private final int maxModuleFunctions;
    private final int maxModuleCodeBytes;
    private final long hostCallFuel;
    private final long hostCallFuelPerByte;
    private final Listeners listeners;
    private final AtomicLong callIds;
    private final ExecutorService compilers;
    private final WasmEngine engine;
    private final AsyncCache<String, CompiledModule> compiled;

    /**
     * Loaded versions per compiled-cache key. An entry of {@link #compiled} lives only while a
     * version uses it: its classes then become collectable when the last one is retired, so loading
     * and unloading ever-different modules does not fill the metaspace.
     */
    private final Map<String, Integer> users = new ConcurrentHashMap<>();

    private final java.nio.file.@org.jspecify.annotations.Nullable Path compileCacheDirectory;
    private final @org.jspecify.annotations.Nullable CallerDeadlines deadlines;
    private final @org.jspecify.annotations.Nullable Boolean callerThreadCalls;
    private final MemoryReservations memoryBudget;
    private final Map<String, ? extends CallTaps> taps;

    ModuleLoader(
            WasmEngine engine,
            PluginRuntime.Builder builder,
            Map<String, HostFunctionDefinition> hostFunctions,
            Listeners listeners,
            AtomicLong callIds,
            MemoryReservations memoryBudget,
            Map<String, ? extends CallTaps> taps) {
        this.engine = engine;
        this.taps = Map.copyOf(taps);
        this.memoryBudget = memoryBudget;
        this.hostFunctions = Map.copyOf(hostFunctions);
        Set<ImportRef> provided = new HashSet<>();
        hostFunctions.values().forEach(f -> provided.add(new ImportRef(f.module(), f.name())));
        for (Abi.CoreFunction function : Abi.CoreFunction.values()) {
            provided.add(new ImportRef(Abi.CORE_MODULE, function.importName()));
        }
        engine.wasiFunctions().forEach(f -> provided.add(new ImportRef(Abi.WASI_MODULE, f)));
        this.provided = Set.copyOf(provided);
        this.trustedKeys = builder.trustedKeys;
        this.pinRequirement = builder.pinRequirement;
        this.unpinnedWarnOnly = builder.unpinnedWarnOnly;
        this.codec = builder.codec;
        this.maxModuleBytes = builder.maxModuleBytes;
        this.loadTimeout = builder.loadTimeout;
        this.maxModuleFunctions = builder.maxModuleFunctions;
        this.maxModuleCodeBytes = builder.maxModuleCodeBytes;
        this.hostCallFuel = builder.hostCallFuel;
        this.hostCallFuelPerByte = builder.hostCallFuelPerByte;
        this.listeners = listeners;
        this.callIds = callIds;
        this.compileCacheDirectory = builder.compileCacheDirectory;
        this.callerThreadCalls = builder.callerThreadCalls;
        this.deadlines =
                Boolean.FALSE.equals(builder.callerThreadCalls) ? null : new CallerDeadlines();
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
                        .<String, CompiledModule>weigher((key, module) -> module.weight())
                        .executor(compilers)
                        .buildAsync();
    }

    PluginVersion load(String name, PluginSource source, PluginPolicy policy) {
        long start = System.nanoTime();
        byte[] bytes = read(name, source);
        String sha256 = sha256(bytes);
        if (source.sha256().isPresent() && !source.sha256().get().equals(sha256)) {
            throw loadError(
                    name,
                    "from "
                            + source
                            + " does not match its pinned SHA-256:"
                            + " expected "
                            + source.sha256().get()
                            + ", actual "
                            + sha256
                            + ". If this module is the intended new version, update the pin.",
                    null);
        }
        checkPins(name, source, sha256, verifySignature(name, source, bytes));
        ModuleInfo info = prescan(name, bytes);
        checkCompileWork(name, info);
        checkFeatures(name, info, policy);
        checkSizes(name, info, policy);
        boolean[] cacheHit = {true};
        String key = compileKey(sha256, policy.features());
        CompiledModule module = compile(name, key, bytes, policy.features(), cacheHit);
        users.merge(key, 1, Integer::sum);
        try {
            return version(name, source, sha256, policy, info, module, start, cacheHit[0]);
        } catch (RuntimeException | Error e) {
            release(key);
            throw e;
        }
    }

    private PluginVersion version(
            String name,
            PluginSource source,
            String sha256,
            PluginPolicy policy,
            ModuleInfo info,
            CompiledModule module,
            long start,
            boolean cacheHit) {
        Audited audited = audit(name, module, info, policy);
        InstanceSpec spec;
        try {
            spec =
                    new InstanceSpec(
                            policy,
                            audited.granted(),
                            environment(policy),
                            module.isCommand(),
                            hostCallFuel,
                            hostCallFuelPerByte,
                            memoryBudget);
        } catch (PreopenException e) {
            throw loadError(name, "cannot be granted its files: " + e.getMessage(), e);
        }
        PluginVersion version =
                new PluginVersion(
                        name,
                        source.toString(),
                        sha256,
                        policy,
                        audited.report(),
                        module,
                        spec,
                        codec,
                        listeners,
                        callIds,
                        callsOnCaller(module, policy) ? deadlines : null,
                        taps.get(name));
        listeners.loaded(
                new PluginEvents.Loaded(
                        name,
                        sha256,
                        Duration.ofNanos(System.nanoTime() - start),
                        cacheHit || module.fromCompileCache()));
        return version;
    }

    /**
     * Whether the plugin's calls run on their caller's thread: as the builder says, or by default
     * when the compiled code bounds the guest's stack and the policy's stack size fits in a thread
     * of the JVM's default size, so that a caller's thread has the room the policy promises.
     */
    private boolean callsOnCaller(CompiledModule module, PluginPolicy policy) {
        if (callerThreadCalls != null) {
            return callerThreadCalls;
        }
        return module.boundsGuestStack()
                && policy.limits().stackSizeBytes() <= DEFAULT_THREAD_STACK_BYTES;
    }

    private static long defaultThreadStackBytes() {
        String kib = HotSpotOptions.get("ThreadStackSize");
        try {
            long bytes = kib == null ? 0 : Long.parseLong(kib) << 10;
            return bytes > 0 ? bytes : 1L << 20;
        } catch (NumberFormatException e) {
            return 1L << 20;
        }
    }

    private byte[] read(String name, PluginSource source) {
        try (InputStream in = source.open()) {
            byte[] bytes = in.readNBytes((int) Math.min(maxModuleBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxModuleBytes) {
                throw loadError(
                        name,
                        "from "
                                + source
                                + " is larger than the runtime's"
                                + " maxModuleBytes of "
                                + maxModuleBytes
                                + " bytes",
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

    /** Whether the source carries a signature, which then verified; throws if it does not. */
    private boolean verifySignature(String name, PluginSource source, byte[] bytes) {
        var signature = source.signature();
        if (signature.isEmpty()) {
            return false;
        }
        if (trustedKeys.isEmpty()) {
            throw new PluginSignatureException(
                    name,
                    "plugin '"
                            + name
                            + "' is signed but the runtime has no trusted keys to check"
                            + " the signature against. Configure trustedKeys(...).");
        }
        if (!trustedKeys.verify(bytes, signature.get())) {
            throw new PluginSignatureException(
                    name,
                    "plugin '"
                            + name
                            + "' from "
                            + source
                            + " has a signature that no trusted key"
                            + " verifies: the module was altered or signed with another key");
        }
        return true;
    }

    /**
     * Refuses (or, for development, only warns about) a plugin that carries less than the runtime's
     * {@link PinRequirement}. Runs after the pin and the signature were checked, so what counts
     * here is only what the source carries.
     */
    private void checkPins(String name, PluginSource source, String sha256, boolean signed) {
        boolean pinned = source.sha256().isPresent();
        if (pinRequirement.isSatisfiedBy(pinned, signed)) {
            return;
        }
        boolean lacksPin = pinRequirement.needsPin() && !pinned;
        boolean lacksSignature = pinRequirement.needsSignature() && !signed;
        String missing =
                lacksPin == lacksSignature
                        ? "neither a SHA-256 pin nor a trusted signature"
                        : lacksPin ? "no SHA-256 pin" : "no trusted signature";
        String message =
                "plugin '"
                        + name
                        + "' from "
                        + source
                        + " carries "
                        + missing
                        + ", and the runtime requires "
                        + pinRequirement
                        + ". Pin it with PluginSource.sha256(\""
                        + sha256
                        + "\") (the digest of the bytes read now: check it is the version you"
                        + " expect; `wasmbox digest FILE` prints it), or sign it and attach the"
                        + " signature with PluginSource.signature(…), the vendor's public key in"
                        + " trustedKeys(…).";
        if (!unpinnedWarnOnly) {
            throw new PluginSignatureException(name, message);
        }
        LOG.warn("{} Loading it anyway: unpinned plugins only warn (development).", message);
    }

    /** Bounds the module's declared counts before any parser allocates for them. */
    private static ModuleInfo prescan(String name, byte[] bytes) {
        try {
            return ModulePrescan.scan(bytes, PrescanLimits.DEFAULTS);
        } catch (ModuleFormatException e) {
            throw loadError(name, "is not a valid WebAssembly module: " + quoted(e), e);
        }
    }

    /**
     * Bounds the host CPU a load spends instrumenting and compiling, which no fuel budget covers
     * and which cannot be interrupted once the compiler runs: its cost grows with the functions and
     * the bytes of code, so both are checked before any of it starts.
     */
    private void checkCompileWork(String name, ModuleInfo info) {
        if (info.functionCount() > maxModuleFunctions) {
            throw loadError(
                    name,
                    "defines "
                            + info.functionCount()
                            + " functions, more than the runtime's maxModuleFunctions of "
                            + maxModuleFunctions
                            + ". Raise PluginRuntime.Builder.maxModuleFunctions if this module is"
                            + " trusted to cost that much compile time.",
                    null);
        }
        if (info.codeBytes() > maxModuleCodeBytes) {
            throw loadError(
                    name,
                    "carries "
                            + info.codeBytes()
                            + " bytes of code, more than the runtime's maxModuleCodeBytes of "
                            + maxModuleCodeBytes
                            + ". Raise PluginRuntime.Builder.maxModuleCodeBytes if this module is"
                            + " trusted to cost that much compile time.",
                    null);
        }
    }

    /**
     * The compiled-cache key: everything the compiled form depends on, the bytes, the rewrite
     * versions and the enabled features.
     */
    private static String compileKey(String sha256, Set<WasmFeature> features) {
        // EnumSet prints its members in declaration order, so equal feature sets give equal keys.
        Set<WasmFeature> ordered = EnumSet.noneOf(WasmFeature.class);
        ordered.addAll(features);
        return sha256
                + "/metering-"
                + FuelInstrumenter.METERING_VERSION
                + "/outline-"
                + Outliner.VERSION
                + "/"
                + ordered;
    }

    /**
     * Called once for each version {@link #load} returned, when it is retired or stopped: drops the
     * compiled module from the in-memory cache when no other loaded version uses it, so that its
     * classes can be unloaded.
     */
    void release(PluginVersion version) {
        release(compileKey(version.sha256(), version.policy().features()));
    }

    private void release(String key) {
        if (users.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1) == null) {
            // No version uses it (a concurrent load that already holds the future keeps its
            // module; only the cache forgets it).
            compiled.synchronous().invalidate(key);
        }
    }

    /**
     * Meters, splits and compiles the module, or takes it from the in-memory or persistent cache.
     */
    private CompiledModule compile(
            String name, String key, byte[] bytes, Set<WasmFeature> features, boolean[] cacheHit) {
        CompletableFuture<CompiledModule> future =
                compiled.get(
                        key,
                        (ignored, executor) -> {
                            cacheHit[0] = false;
                            return CompletableFuture.supplyAsync(
                                    () ->
                                            engine.compile(
                                                    name,
                                                    key,
                                                    () -> rewrite(name, bytes, features),
                                                    compileCacheDirectory),
                                    executor);
                        });
        try {
            return future.get(loadTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw loadError(
                    name,
                    "took longer than the runtime's loadTimeout of "
                            + loadTimeout.toMillis()
                            + " ms to parse and compile",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Optional<String> tooLarge = engine.functionTooLarge(cause);
            if (tooLarge.isPresent()) {
                throw loadError(name, tooLarge.get(), cause);
            }
            if (cause instanceof PluginLoadException) {
                throw (PluginLoadException) cause;
            }
            throw loadError(
                    name,
                    "could not be compiled: "
                            + GuestText.escape(String.valueOf(cause), MESSAGE_CHARS),
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginLoadException(
                    name, null, "interrupted while loading plugin '" + name + "'", e);
        }
    }

    private static byte[] rewrite(String name, byte[] bytes, Set<WasmFeature> features) {
        try {
            // Split after metering, so the split functions carry the fuel counter unchanged.
            return Outliner.outline(
                    FuelInstrumenter.instrument(
                            bytes, FuelInstrumenter.Options.DEFAULTS.features(features)),
                    Outliner.Limits.DEFAULTS);
        } catch (ModuleFormatException e) {
            throw loadError(name, "cannot be metered: " + quoted(e), e);
        }
    }

    private static void checkFeatures(String name, ModuleInfo info, PluginPolicy policy) {
        if (info.features().contains(WasmFeature.SIMD)) {
            // Endive 1.0 executes vector instructions only with its separate SIMD engine,
            // which wasmbox does not ship; refusing here beats failing on the first call.
            throw loadError(
                    name,
                    "uses SIMD (v128), which this runtime cannot execute."
                            + " Rebuild the plugin without SIMD (e.g. no -C target-feature=+simd128).",
                    null);
        }
        List<String> disabled = new ArrayList<>();
        for (var used : info.features()) {
            if (!policy.features().contains(used)) {
                disabled.add(used.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        if (!disabled.isEmpty()) {
            throw loadError(
                    name,
                    "uses Wasm features its policy does not enable: "
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
                throw loadError(
                        name,
                        "declares an initial memory of "
                                + initialBytes
                                + " bytes ("
                                + memory.minPages()
                                + " pages), over its policy's"
                                + " max-memory of "
                                + maxMemory
                                + " bytes. Raise limits.max-memory"
                                + " or build the plugin with a smaller initial memory.",
                        null);
            }
        }
        int maxTable = policy.limits().maxTableElements();
        for (ModuleInfo.TableType table : info.tables()) {
            if (table.minElements() > maxTable) {
                throw loadError(
                        name,
                        "declares a table of "
                                + table.minElements()
                                + " elements, over its policy's max-table-elements of "
                                + maxTable,
                        null);
            }
        }
    }

    private static String signatureMismatch(
            ImportRef ref, List<WasmType> params, List<WasmType> results) {
        return "import "
                + shown(ref)
                + " has a signature other than the host's "
                + params
                + " -> "
                + results
                + "; rebuild the plugin against ABI v"
                + Abi.VERSION;
    }

    /**
     * Runs the policy audit over the module's imports and manifest. Everything wrong is reported at
     * once: ungranted or unprovided functions, non-function imports (the host provides none),
     * manifest requests beyond the grants, and imports whose signature differs from the host's.
     */
    private Audited audit(
            String name, CompiledModule module, ModuleInfo info, PluginPolicy policy) {
        List<String> violations = new ArrayList<>();
        List<ImportRef> functionImports = new ArrayList<>();
        for (ModuleInfo.Import imported : info.imports()) {
            ImportRef ref = new ImportRef(imported.module(), imported.name());
            if (imported.kind() == ModuleInfo.ExternKind.FUNCTION) {
                functionImports.add(ref);
            } else {
                String kind = imported.kind().name().toLowerCase(Locale.ROOT);
                violations.add(
                        "import "
                                + shown(ref)
                                + " is a "
                                + kind
                                + "; the host provides only functions,"
                                + " so rebuild the plugin without it");
            }
        }
        AuditReport report =
                PolicyAudit.audit(
                        functionImports,
                        manifest(name, info),
                        policy,
                        ALWAYS_PROVIDED_MODULES,
                        provided);
        report.errors().forEach(finding -> violations.add(finding.message()));
        Map<String, HostFunctionDefinition> granted = new HashMap<>();
        for (ImportRef ref : functionImports) {
            if (ref.module().equals(Abi.CORE_MODULE)) {
                Abi.CoreFunction core = Abi.CoreFunction.byImportName(ref.name()).orElse(null);
                if (core != null
                        && !module.importsFunction(
                                ref.module(), ref.name(), core.params(), core.results())) {
                    violations.add(signatureMismatch(ref, core.params(), core.results()));
                }
                continue;
            }
            HostFunctionDefinition definition = hostFunctions.get(ref.toString());
            if (definition == null || !policy.allowsHostFunction(ref.module(), ref.name())) {
                continue;
            }
            if (module.importsFunction(
                    ref.module(), ref.name(), definition.params(), definition.results())) {
                granted.put(ref.toString(), definition);
            } else {
                violations.add(signatureMismatch(ref, definition.params(), definition.results()));
            }
        }
        if (!violations.isEmpty()) {
            // The report lists its own errors; the lines it cannot know come first, as many as
            // the report lists of its own.
            StringBuilder text = new StringBuilder();
            // A set: a module can import a hundred thousand names.
            Set<String> reported = new HashSet<>();
            report.errors().forEach(finding -> reported.add(finding.message()));
            List<String> unreported =
                    violations.stream().filter(v -> !reported.contains(v)).toList();
            unreported.stream()
                    .limit(AuditReport.TEXT_FINDINGS)
                    .forEach(v -> text.append("error: ").append(v).append('\n'));
            if (unreported.size() > AuditReport.TEXT_FINDINGS) {
                text.append("… ")
                        .append(unreported.size() - AuditReport.TEXT_FINDINGS)
                        .append(" more errors\n");
            }
            text.append(report.toText());
            throw new PluginLinkException(name, violations, text.toString(), report);
        }
        if (!report.warnings().isEmpty()) {
            LOG.warn("plugin '{}' audit:\n{}", name, report.toText());
        }
        return new Audited(granted, report);
    }

    private record Audited(Map<String, HostFunctionDefinition> granted, AuditReport report) {}

    private static Optional<PluginManifest> manifest(String name, ModuleInfo info) {
        if (info.manifest().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PluginManifest.parse(info.manifest().get()));
        } catch (IllegalArgumentException e) {
            // PluginManifest quotes the manifest's values escaped and capped already.
            throw loadError(name, "has an unreadable wasmbox.manifest: " + e.getMessage(), e);
        }
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

    /** An import as messages show it: the module controls both its parts. */
    private static String shown(ImportRef ref) {
        return GuestText.escape(ref.toString(), GuestText.MAX_NAME_CHARS);
    }

    /** The message of a failure that may quote the module's names or manifest. */
    private static String quoted(Exception e) {
        return GuestText.escape(String.valueOf(e.getMessage()), MESSAGE_CHARS);
    }

    /** A load failure whose message starts with the plugin's name. */
    private static PluginLoadException loadError(
            String name, String message, @Nullable Throwable cause) {
        return new PluginLoadException(name, null, "plugin '" + name + "' " + message, cause);
    }
}
