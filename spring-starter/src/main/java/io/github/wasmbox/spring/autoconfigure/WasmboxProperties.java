/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * The {@code wasmbox.*} configuration properties.
 *
 * <p>Every setting is a typed property, so Spring's relaxed binding accepts each of its forms:
 * {@code wasmbox.plugins.calc.limits.max-memory} in YAML, {@code
 * WASMBOX_PLUGINS_CALC_LIMITS_MAXMEMORY} in the environment. Unknown keys, in any property source
 * including the environment, are errors naming the key that was probably meant ({@link
 * PropertyNames}): a mistyped {@code sha256} or {@code required} must never weaken a plugin's
 * checks silently. Limits are mapped onto the policy's {@code Limits.Builder}; grants are handed to
 * the policy module as a tree ({@link GrantsProperties#tree()}), so they are checked as a policy
 * file's are.
 *
 * <p>Mutable JavaBeans, as Spring's binder requires; not thread-safe, only read while the context
 * starts and when a plugin (re)loads.
 */
@ConfigurationProperties("wasmbox")
public class WasmboxProperties {

    /**
     * Limits every inline plugin policy starts from; a plugin's own limits override them, a policy
     * file is taken as it is.
     */
    private final Limits defaults = new Limits();

    /** The plugins to load at start-up, by name. */
    private Map<String, Plugin> plugins = new LinkedHashMap<>();

    /**
     * Ed25519 public keys whose signatures are accepted: PEM blocks, 64 hex digits, or a resource
     * location (such as classpath:keys/vendor.pem) holding a PEM block.
     */
    private List<String> trustedKeys = new ArrayList<>();

    /**
     * What every plugin must carry before it loads: a SHA-256 pin, a trusted signature, or both.
     */
    private final Pins pins = new Pins();

    /** Hot reload of plugins whose location is a file. */
    private final Reload reload = new Reload();

    /** What loading one module may cost the host, before the plugin runs. */
    private final Load load = new Load();

    /** Web integration. */
    private final Web web = new Web();

    /**
     * HTTP routes served by command-mode plugins in the style of WAGI, by name (docs/wagi.md):
     * request line and granted headers as CGI environment variables, body on stdin, the plugin's
     * stdout parsed as a CGI response.
     */
    private Map<String, Route> routes = new LinkedHashMap<>();

    /** When the plugins health leaves UP because calls fail for host reasons. */
    private final Health health = new Health();

    /** The linear memory all plugins' instances may hold together. */
    private final MemoryBudget memoryBudget = new MemoryBudget();

    /** OCI registries, for plugins at oci:// locations (with the wasmbox-oci module). */
    private final Oci oci = new Oci();

    /**
     * A directory where compiled plugins persist across restarts, so that a restart loads each
     * plugin's compiled classes instead of rewriting and compiling it again. It holds code the JVM
     * runs: it is created owner-only, and one that other users can write is rejected. Default: none
     * (compiled plugins are cached in memory only).
     */
    private @Nullable Path compileCacheDirectory;

    /**
     * Where calls run: {@code true} on the calling thread, {@code false} on threads of each
     * plugin's own. Default: on the calling thread for every plugin whose guest stack wasmbox
     * bounds, as {@code PluginRuntime.Builder#callerThreadCalls} describes; set {@code false} when
     * a host function of yours may block past the call's deadline ignoring interrupts.
     */
    private @Nullable Boolean callerThreadCalls;

    public Limits getDefaults() {
        return defaults;
    }

    public Map<String, Plugin> getPlugins() {
        return plugins;
    }

    public void setPlugins(Map<String, Plugin> plugins) {
        this.plugins = plugins;
    }

    public List<String> getTrustedKeys() {
        return trustedKeys;
    }

    public void setTrustedKeys(List<String> trustedKeys) {
        this.trustedKeys = trustedKeys;
    }

    public Pins getPins() {
        return pins;
    }

    public @Nullable Path getCompileCacheDirectory() {
        return compileCacheDirectory;
    }

    public void setCompileCacheDirectory(@Nullable Path compileCacheDirectory) {
        this.compileCacheDirectory = compileCacheDirectory;
    }

    public @Nullable Boolean getCallerThreadCalls() {
        return callerThreadCalls;
    }

    public void setCallerThreadCalls(@Nullable Boolean callerThreadCalls) {
        this.callerThreadCalls = callerThreadCalls;
    }

    public Reload getReload() {
        return reload;
    }

    public Load getLoad() {
        return load;
    }

    public Web getWeb() {
        return web;
    }

    public Map<String, Route> getRoutes() {
        return routes;
    }

    public void setRoutes(Map<String, Route> routes) {
        this.routes = routes;
    }

    public Health getHealth() {
        return health;
    }

    public MemoryBudget getMemoryBudget() {
        return memoryBudget;
    }

    public Oci getOci() {
        return oci;
    }

    /** How an inline policy starts before its limits and grants apply. */
    public enum Preset {
        /** Grants nothing; the policy module's default limits. */
        DEFAULT,
        /** Grants nothing; relaxed limits and manifest requests reported as warnings. */
        TRUSTED,
        /**
         * Grants nothing; denials trap, and every quota must be set (in wasmbox.defaults or the
         * plugin's limits).
         */
        UNTRUSTED
    }

    /** One plugin, {@code wasmbox.plugins.<name>.*}. */
    public static class Plugin {

        /**
         * Where the module is: classpath:, file: or https: (any Spring resource location), or an
         * OCI registry with the wasmbox-oci module: oci://host[:port]/repository@sha256:<manifest
         * digest> (pulled once) or oci://host[:port]/repository:tag (signed by a trusted key,
         * followed every wasmbox.oci.poll-interval).
         */
        private @Nullable Resource location;

        /** The module's expected SHA-256 (64 hex digits); a different module fails to load. */
        private @Nullable String sha256;

        /** A detached Ed25519 signature (64 raw bytes) of the module, such as plugin.wasm.sig. */
        private @Nullable Resource signature;

        /**
         * A single-policy file (.yaml, .yml or .json) to use instead of the inline preset, limits
         * and grants.
         */
        private @Nullable Resource policyFile;

        /** The preset the inline policy starts from. */
        private Preset preset = Preset.DEFAULT;

        /** Limits of this plugin; override wasmbox.defaults. */
        private final Limits limits = new Limits();

        /** What this plugin may use; nothing unless granted here. */
        private final GrantsProperties grants = new GrantsProperties();

        /** Whether a denied request traps the guest instead of returning DENIED. */
        private @Nullable Boolean trapOnDenial;

        /** Whether manifest requests the policy does not grant fail the load. */
        private @Nullable Boolean strictManifest;

        /** The instance pool; applies on top of a policy file too. */
        private final Pool pool = new Pool();

        /** Records the plugin's calls for replay and learn (off unless a directory is set). */
        private final Record record = new Record();

        /**
         * Whether instances keep memory between calls (stateful) or not (pristine); applies on top
         * of a policy file too.
         */
        private @Nullable StateMode state;

        /**
         * Whether start-up fails when this plugin does not load. When false, the failure is logged
         * and the plugin is reported DOWN by the health indicator and the plugins endpoint.
         */
        private boolean required = true;

        public @Nullable Resource getLocation() {
            return location;
        }

        public void setLocation(@Nullable Resource location) {
            this.location = location;
        }

        public @Nullable String getSha256() {
            return sha256;
        }

        public void setSha256(@Nullable String sha256) {
            this.sha256 = sha256;
        }

        public @Nullable Resource getSignature() {
            return signature;
        }

        public void setSignature(@Nullable Resource signature) {
            this.signature = signature;
        }

        public @Nullable Resource getPolicyFile() {
            return policyFile;
        }

        public void setPolicyFile(@Nullable Resource policyFile) {
            this.policyFile = policyFile;
        }

        public Preset getPreset() {
            return preset;
        }

        public void setPreset(Preset preset) {
            this.preset = preset;
        }

        public Limits getLimits() {
            return limits;
        }

        public GrantsProperties getGrants() {
            return grants;
        }

        public @Nullable Boolean getTrapOnDenial() {
            return trapOnDenial;
        }

        public void setTrapOnDenial(@Nullable Boolean trapOnDenial) {
            this.trapOnDenial = trapOnDenial;
        }

        public @Nullable Boolean getStrictManifest() {
            return strictManifest;
        }

        public void setStrictManifest(@Nullable Boolean strictManifest) {
            this.strictManifest = strictManifest;
        }

        public Pool getPool() {
            return pool;
        }

        public Record getRecord() {
            return record;
        }

        public @Nullable StateMode getState() {
            return state;
        }

        public void setState(@Nullable StateMode state) {
            this.state = state;
        }

        public boolean isRequired() {
            return required;
        }

        public void setRequired(boolean required) {
            this.required = required;
        }
    }

    /**
     * Limits, {@code wasmbox.defaults.*} and {@code wasmbox.plugins.<name>.limits.*}; unset ones
     * keep the preset's value. Ranges are the policy's (docs/policy.md).
     */
    public static class Limits {

        /** Fuel one call may burn (the guest's instructions, weighted). */
        private @Nullable Long fuel;

        /** Fuel an instance's start-up code may burn. */
        private @Nullable Long instantiationFuel;

        /** Linear memory one instance may grow to, such as 16MB. */
        private @Nullable DataSize maxMemory;

        /** Elements one table may grow to. */
        private @Nullable Integer maxTableElements;

        /** Wall-clock time one call may take, such as 250ms. */
        private @Nullable Duration timeout;

        /** Call stack of one instance, such as 1MB. */
        private @Nullable DataSize stackSize;

        /** Largest input one call accepts. */
        private @Nullable DataSize maxInput;

        /** Largest output one call may return. */
        private @Nullable DataSize maxOutput;

        /** Log text one call may write through wasmbox:log. */
        private @Nullable DataSize maxLog;

        /** Largest result one host function may hand the guest. */
        private @Nullable DataSize maxHostResult;

        /** Standard output one call may write. */
        private @Nullable DataSize maxStdout;

        /** Standard error one call may write. */
        private @Nullable DataSize maxStderr;

        /** Files one instance may hold open. */
        private @Nullable Integer maxOpenFiles;

        /** Bytes one call may write to files. */
        private @Nullable DataSize maxBytesWritten;

        public @Nullable Long getFuel() {
            return fuel;
        }

        public void setFuel(@Nullable Long fuel) {
            this.fuel = fuel;
        }

        public @Nullable Long getInstantiationFuel() {
            return instantiationFuel;
        }

        public void setInstantiationFuel(@Nullable Long instantiationFuel) {
            this.instantiationFuel = instantiationFuel;
        }

        public @Nullable DataSize getMaxMemory() {
            return maxMemory;
        }

        public void setMaxMemory(@Nullable DataSize maxMemory) {
            this.maxMemory = maxMemory;
        }

        public @Nullable Integer getMaxTableElements() {
            return maxTableElements;
        }

        public void setMaxTableElements(@Nullable Integer maxTableElements) {
            this.maxTableElements = maxTableElements;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        public @Nullable DataSize getStackSize() {
            return stackSize;
        }

        public void setStackSize(@Nullable DataSize stackSize) {
            this.stackSize = stackSize;
        }

        public @Nullable DataSize getMaxInput() {
            return maxInput;
        }

        public void setMaxInput(@Nullable DataSize maxInput) {
            this.maxInput = maxInput;
        }

        public @Nullable DataSize getMaxOutput() {
            return maxOutput;
        }

        public void setMaxOutput(@Nullable DataSize maxOutput) {
            this.maxOutput = maxOutput;
        }

        public @Nullable DataSize getMaxLog() {
            return maxLog;
        }

        public void setMaxLog(@Nullable DataSize maxLog) {
            this.maxLog = maxLog;
        }

        public @Nullable DataSize getMaxHostResult() {
            return maxHostResult;
        }

        public void setMaxHostResult(@Nullable DataSize maxHostResult) {
            this.maxHostResult = maxHostResult;
        }

        public @Nullable DataSize getMaxStdout() {
            return maxStdout;
        }

        public void setMaxStdout(@Nullable DataSize maxStdout) {
            this.maxStdout = maxStdout;
        }

        public @Nullable DataSize getMaxStderr() {
            return maxStderr;
        }

        public void setMaxStderr(@Nullable DataSize maxStderr) {
            this.maxStderr = maxStderr;
        }

        public @Nullable Integer getMaxOpenFiles() {
            return maxOpenFiles;
        }

        public void setMaxOpenFiles(@Nullable Integer maxOpenFiles) {
            this.maxOpenFiles = maxOpenFiles;
        }

        public @Nullable DataSize getMaxBytesWritten() {
            return maxBytesWritten;
        }

        public void setMaxBytesWritten(@Nullable DataSize maxBytesWritten) {
            this.maxBytesWritten = maxBytesWritten;
        }

        /** Whether no limit is set. */
        boolean isEmpty() {
            return fuel == null
                    && instantiationFuel == null
                    && maxMemory == null
                    && maxTableElements == null
                    && timeout == null
                    && stackSize == null
                    && maxInput == null
                    && maxOutput == null
                    && maxLog == null
                    && maxHostResult == null
                    && maxStdout == null
                    && maxStderr == null
                    && maxOpenFiles == null
                    && maxBytesWritten == null;
        }

        /**
         * Sets every limit given here on {@code limits}.
         *
         * @param prefix the properties' key prefix, such as {@code wasmbox.defaults.}
         * @throws InvalidWasmboxPropertyException naming the key of a value out of range
         */
        void applyTo(io.github.wasmbox.policy.Limits.Builder limits, String prefix) {
            set(prefix + "fuel", fuel, limits::fuel);
            set(prefix + "instantiation-fuel", instantiationFuel, limits::instantiationFuel);
            set(prefix + "max-memory", maxMemory, size -> limits.maxMemoryBytes(size.toBytes()));
            set(prefix + "max-table-elements", maxTableElements, limits::maxTableElements);
            set(prefix + "timeout", timeout, limits::timeout);
            set(prefix + "stack-size", stackSize, size -> limits.stackSizeBytes(size.toBytes()));
            set(prefix + "max-input", maxInput, size -> limits.maxInputBytes(intBytes(size)));
            set(prefix + "max-output", maxOutput, size -> limits.maxOutputBytes(intBytes(size)));
            set(prefix + "max-log", maxLog, size -> limits.maxLogBytes(intBytes(size)));
            set(
                    prefix + "max-host-result",
                    maxHostResult,
                    size -> limits.maxHostResultBytes(intBytes(size)));
            set(prefix + "max-stdout", maxStdout, size -> limits.maxStdoutBytes(intBytes(size)));
            set(prefix + "max-stderr", maxStderr, size -> limits.maxStderrBytes(intBytes(size)));
            set(prefix + "max-open-files", maxOpenFiles, limits::maxOpenFiles);
            set(
                    prefix + "max-bytes-written",
                    maxBytesWritten,
                    size -> limits.maxBytesWritten(size.toBytes()));
        }

        private static int intBytes(DataSize size) {
            if (size.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("must be at most 2GB but was " + size);
            }
            return (int) size.toBytes();
        }

        private static <T> void set(String key, @Nullable T value, Consumer<T> setter) {
            if (value == null) {
                return;
            }
            try {
                setter.accept(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidWasmboxPropertyException(
                        key,
                        key + ": " + e.getMessage(),
                        "Change " + key + " to a value in range (docs/policy.md lists the ranges).",
                        e);
            }
        }
    }

    /** {@code wasmbox.plugins.<name>.pool.*}. */
    public static class Pool {

        /** Instances that may serve calls at once (1 to 1024). */
        private @Nullable Integer size;

        /** How long a call waits for a free instance, such as 50ms. */
        private @Nullable Duration acquireTimeout;

        /**
         * Calls in a row stopped by the sandbox after which the plugin's calls run one at a time
         * until one succeeds (default 5; 0 never).
         */
        private @Nullable Integer quarantineAfter;

        public @Nullable Integer getSize() {
            return size;
        }

        public void setSize(@Nullable Integer size) {
            this.size = size;
        }

        public @Nullable Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(@Nullable Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }

        public @Nullable Integer getQuarantineAfter() {
            return quarantineAfter;
        }

        public void setQuarantineAfter(@Nullable Integer quarantineAfter) {
            this.quarantineAfter = quarantineAfter;
        }
    }

    /**
     * {@code wasmbox.load.*}: bounds on the work of loading one module (reading, validating,
     * instrumenting and compiling it), which the host pays outside any fuel budget. Unset ones keep
     * the runtime's defaults.
     */
    public static class Load {

        /** The largest module accepted (default 32MB). */
        private @Nullable DataSize maxModuleSize;

        /** The most functions a module may define, imports excluded (default 2500). */
        private @Nullable Integer maxModuleFunctions;

        /** The most bytes of function bodies a module may carry (default 256KB). */
        private @Nullable DataSize maxModuleCodeSize;

        /** How long loading one module may take before it fails (default 30s). */
        private @Nullable Duration timeout;

        public @Nullable DataSize getMaxModuleSize() {
            return maxModuleSize;
        }

        /** The largest module accepted, in bytes: the one set, else the runtime's default. */
        long maxModuleBytes() {
            return maxModuleSize == null ? 32L << 20 : maxModuleSize.toBytes();
        }

        public void setMaxModuleSize(@Nullable DataSize maxModuleSize) {
            this.maxModuleSize = maxModuleSize;
        }

        public @Nullable Integer getMaxModuleFunctions() {
            return maxModuleFunctions;
        }

        public void setMaxModuleFunctions(@Nullable Integer maxModuleFunctions) {
            this.maxModuleFunctions = maxModuleFunctions;
        }

        public @Nullable DataSize getMaxModuleCodeSize() {
            return maxModuleCodeSize;
        }

        public void setMaxModuleCodeSize(@Nullable DataSize maxModuleCodeSize) {
            this.maxModuleCodeSize = maxModuleCodeSize;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }
    }

    /**
     * {@code wasmbox.plugins.<name>.record.*}: records the plugin's calls as JSON lines in {@code
     * <directory>/<name>.jsonl} (docs/operations.md). Records hold inputs, outputs and host
     * answers; config values are masked unless {@code mask-config} is false.
     */
    public static class Record {

        /** Where records go; recording is off while it is unset. */
        private @Nullable Path directory;

        /** The share of calls recorded, 0 to 1 (default 1). */
        private double sampleRate = 1.0;

        /** Keep only calls that did not succeed (default false). */
        private boolean failedOnly;

        /** Mask the answers of wasmbox:config/get in records (default true). */
        private boolean maskConfig = true;

        /** The largest record kept whole (default 1MB). */
        private DataSize maxRecordSize = DataSize.ofMegabytes(1);

        /** The most bytes of records the plugin writes (default 64MB). */
        private DataSize maxPluginSize = DataSize.ofMegabytes(64);

        public @Nullable Path getDirectory() {
            return directory;
        }

        public void setDirectory(@Nullable Path directory) {
            this.directory = directory;
        }

        public double getSampleRate() {
            return sampleRate;
        }

        public void setSampleRate(double sampleRate) {
            this.sampleRate = sampleRate;
        }

        public boolean isFailedOnly() {
            return failedOnly;
        }

        public void setFailedOnly(boolean failedOnly) {
            this.failedOnly = failedOnly;
        }

        public boolean isMaskConfig() {
            return maskConfig;
        }

        public void setMaskConfig(boolean maskConfig) {
            this.maskConfig = maskConfig;
        }

        public DataSize getMaxRecordSize() {
            return maxRecordSize;
        }

        public void setMaxRecordSize(DataSize maxRecordSize) {
            this.maxRecordSize = maxRecordSize;
        }

        public DataSize getMaxPluginSize() {
            return maxPluginSize;
        }

        public void setMaxPluginSize(DataSize maxPluginSize) {
            this.maxPluginSize = maxPluginSize;
        }
    }

    /** {@code wasmbox.web.*}. */
    public static class Web {

        /** Failed plugin calls as problem details. */
        private final ProblemDetails problemDetails = new ProblemDetails();

        public ProblemDetails getProblemDetails() {
            return problemDetails;
        }
    }

    /**
     * {@code wasmbox.health.*}: the {@code plugins} health is OUT_OF_SERVICE while, over the last
     * {@code window}, more than {@code max-failure-rate.<outcome>} of all plugin calls ended with
     * that outcome (and at least {@code minimum-calls} calls ended). The outcomes it watches by
     * default are the host's trouble rather than a plugin's: {@code busy} (pools saturated), {@code
     * timeout} (calls starved of CPU, or waiting on a slow host call) and {@code host_error}.
     */
    public static class Health {

        /** How far back the failure rates look. */
        private Duration window = Duration.ofMinutes(1);

        /** The fewest calls in the window for the rates to count; fewer calls are always UP. */
        private int minimumCalls = 20;

        /**
         * Per outcome, the share of calls (0 to 1) above which the health is OUT_OF_SERVICE. An
         * entry set here replaces the default for its outcome; 1 turns an outcome off.
         */
        private Map<PluginEvents.Outcome, Double> maxFailureRate =
                new EnumMap<>(
                        Map.of(
                                PluginEvents.Outcome.BUSY, 0.25,
                                PluginEvents.Outcome.TIMEOUT, 0.25,
                                PluginEvents.Outcome.HOST_ERROR, 0.25));

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public int getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public Map<PluginEvents.Outcome, Double> getMaxFailureRate() {
            return maxFailureRate;
        }

        public void setMaxFailureRate(Map<PluginEvents.Outcome, Double> maxFailureRate) {
            this.maxFailureRate = maxFailureRate;
        }
    }

    /** One WAGI route, {@code wasmbox.routes.<name>.*}. */
    public static class Route {

        /** The HTTP method the route answers. */
        private String method = "GET";

        /**
         * The path pattern the route answers, such as /receipts/{id} (Spring's PathPattern syntax);
         * each path variable reaches the plugin as X_PATH_<NAME>. Without one, the route is only
         * served from code (WagiRoutes#serve).
         */
        private @Nullable String path;

        /** The command-mode plugin (one that exports _start) that answers the route. */
        private @Nullable String plugin;

        /**
         * The request headers the plugin sees, as HTTP_<NAME> variables; every other header is
         * withheld (cookies and credentials included).
         */
        private List<String> headers = new ArrayList<>();

        /**
         * The response headers the plugin may set besides Status, Content-Type and Location; any
         * other header it writes is dropped.
         */
        private List<String> responseHeaders = new ArrayList<>();

        /**
         * The Content-Security-Policy of every answer the plugin renders; the default, sandbox,
         * keeps a plugin's page out of the application's origin. Empty sends none.
         */
        private String contentSecurityPolicy = "sandbox";

        public String getMethod() {
            return method;
        }

        public void setMethod(String method) {
            this.method = method;
        }

        public @Nullable String getPath() {
            return path;
        }

        public void setPath(@Nullable String path) {
            this.path = path;
        }

        public @Nullable String getPlugin() {
            return plugin;
        }

        public void setPlugin(@Nullable String plugin) {
            this.plugin = plugin;
        }

        public List<String> getHeaders() {
            return headers;
        }

        public void setHeaders(List<String> headers) {
            this.headers = headers;
        }

        public List<String> getResponseHeaders() {
            return responseHeaders;
        }

        public void setResponseHeaders(List<String> responseHeaders) {
            this.responseHeaders = responseHeaders;
        }

        public String getContentSecurityPolicy() {
            return contentSecurityPolicy;
        }

        public void setContentSecurityPolicy(String contentSecurityPolicy) {
            this.contentSecurityPolicy = contentSecurityPolicy;
        }
    }

    /** {@code wasmbox.web.problem-details.*}. */
    public static class ProblemDetails {

        /**
         * Whether a request whose plugin call failed answers an RFC 9457 problem detail with a
         * status per kind of failure (413, 422, 502, 503, 504) instead of a bare 500.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code wasmbox.reload.*}. */
    public static class Reload {

        /** Whether plugins with a file: location are replaced when their file changes. */
        private boolean enabled;

        /** How often watched files are checked. */
        private Duration interval = Duration.ofSeconds(2);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** {@code wasmbox.pins.*}: what every plugin must carry before it loads. */
    public static class Pins {

        /**
         * What every plugin must carry: digest (its sha256 property), signature (a signature from a
         * trusted key), digest-or-signature, digest-and-signature, or none.
         */
        private PinRequirement required = PinRequirement.DIGEST_OR_SIGNATURE;

        /**
         * Whether a plugin that carries less than required loads with a warning instead of being
         * refused: for development only. A pin or signature that does not match still fails.
         */
        private boolean warnOnly;

        public PinRequirement getRequired() {
            return required;
        }

        public void setRequired(PinRequirement required) {
            this.required = required;
        }

        public boolean isWarnOnly() {
            return warnOnly;
        }

        public void setWarnOnly(boolean warnOnly) {
            this.warnOnly = warnOnly;
        }
    }

    /**
     * {@code wasmbox.memory-budget.*}: the runtime-wide memory budget. Every linear memory of every
     * live instance is reserved against it before it is allocated; a grow past it fails the call as
     * {@code MEMORY} instead of taking the JVM's heap.
     */
    public static class MemoryBudget {

        /** The budget. Default: a quarter of the maximum heap. */
        private @Nullable DataSize limit;

        /**
         * Whether a plugin whose worst case (pool size times max-memory, with the plugins loaded
         * before it) exceeds the budget fails to load; when false it loads with a warning.
         */
        private boolean strict;

        public @Nullable DataSize getLimit() {
            return limit;
        }

        public void setLimit(@Nullable DataSize limit) {
            this.limit = limit;
        }

        public boolean isStrict() {
            return strict;
        }

        public void setStrict(boolean strict) {
            this.strict = strict;
        }
    }

    /**
     * {@code wasmbox.oci.*}: how plugins at {@code oci://} locations are pulled, and how a followed
     * tag is polled and a new version judged.
     */
    public static class Oci {

        /**
         * The Docker config.json with the registries' credentials (its auths, credsStore and
         * credHelpers, as docker login leaves them). A missing file means anonymous access.
         */
        private Path dockerConfig =
                Path.of(System.getProperty("user.home"), ".docker", "config.json");

        /**
         * Registries (host:port, as in the location) spoken to over plain HTTP instead of HTTPS:
         * only for a registry on the loopback interface.
         */
        private List<String> plainHttp = new ArrayList<>();

        /** How long one pull or tag lookup may take, every request included. */
        private Duration timeout = Duration.ofSeconds(30);

        /** How often each followed tag is checked for a new version. */
        private Duration pollInterval = Duration.ofSeconds(30);

        /** The probation of a new version of a followed tag. */
        private final Probation probation = new Probation();

        public Path getDockerConfig() {
            return dockerConfig;
        }

        public void setDockerConfig(Path dockerConfig) {
            this.dockerConfig = dockerConfig;
        }

        public List<String> getPlainHttp() {
            return plainHttp;
        }

        public void setPlainHttp(List<String> plainHttp) {
            this.plainHttp = plainHttp;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Probation getProbation() {
            return probation;
        }
    }

    /**
     * {@code wasmbox.oci.probation.*}: a new version of a followed tag serves on probation for its
     * first calls, and is rolled back to the previous version when more of them fail (traps, guest
     * errors, exhausted quotas, deadlines; not the host's cancellations) than allowed.
     */
    public static class Probation {

        /** Whether new versions are put on probation. */
        private boolean enabled = true;

        /** How many of a new version's first calls are counted. */
        private int calls = 20;

        /** The share of those calls (0 to 1, 1 excluded) that may fail before a rollback. */
        private double maxFailureRate = 0.25;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getCalls() {
            return calls;
        }

        public void setCalls(int calls) {
            this.calls = calls;
        }

        public double getMaxFailureRate() {
            return maxFailureRate;
        }

        public void setMaxFailureRate(double maxFailureRate) {
            this.maxFailureRate = maxFailureRate;
        }
    }
}
