package io.github.wasmbox.spring.autoconfigure;

import io.github.wasmbox.policy.StateMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code wasmbox.*} configuration properties.
 *
 * <p>Limits and grants are kept as the raw trees Spring binds ({@code Map<String, Object>}) and
 * handed to the policy module's strict parser, so that {@code application.yaml} and a policy file
 * share one vocabulary, one set of units ({@code 16MB}, {@code 250ms}) and one set of error
 * messages. A mutable JavaBean, as Spring's binder requires; not thread-safe, only read while the
 * context starts.
 */
@ConfigurationProperties("wasmbox")
public class WasmboxProperties {

    /**
     * Limits every inline plugin policy starts from, in the policy-file vocabulary: fuel,
     * max-memory, timeout, pool-size, ... (see docs/policy.md). A plugin's own limits override
     * them; a policy file is taken as it is.
     */
    private Map<String, Object> defaults = new LinkedHashMap<>();

    /** The plugins to load at start-up, by name. */
    private Map<String, Plugin> plugins = new LinkedHashMap<>();

    /**
     * Ed25519 public keys whose signatures are accepted: PEM blocks, 64 hex digits, or a resource
     * location (such as classpath:keys/vendor.pem) holding a PEM block.
     */
    private List<String> trustedKeys = new ArrayList<>();

    /** Whether every plugin must carry a valid signature from a trusted key. */
    private boolean requireSignatures;

    /** Hot reload of plugins whose location is a file. */
    private final Reload reload = new Reload();

    /**
     * A directory where compiled plugins persist across restarts, so that a restart loads each
     * plugin's compiled classes instead of rewriting and compiling it again. It holds code the JVM
     * runs: it is created owner-only, and one that other users can write is rejected. Default: none
     * (compiled plugins are cached in memory only).
     */
    private @Nullable Path compileCacheDirectory;

    public Map<String, Object> getDefaults() {
        return defaults;
    }

    public void setDefaults(Map<String, Object> defaults) {
        this.defaults = defaults;
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

    public boolean isRequireSignatures() {
        return requireSignatures;
    }

    public void setRequireSignatures(boolean requireSignatures) {
        this.requireSignatures = requireSignatures;
    }

    public @Nullable Path getCompileCacheDirectory() {
        return compileCacheDirectory;
    }

    public void setCompileCacheDirectory(@Nullable Path compileCacheDirectory) {
        this.compileCacheDirectory = compileCacheDirectory;
    }

    public Reload getReload() {
        return reload;
    }

    /** One plugin, {@code wasmbox.plugins.<name>.*}. */
    public static class Plugin {

        /** Where the module is: classpath:, file: or https: (any Spring resource location). */
        private @Nullable Resource location;

        /** The module's expected SHA-256 (64 hex digits); a different module fails to load. */
        private @Nullable String sha256;

        /** A detached Ed25519 signature (64 raw bytes) of the module, such as plugin.wasm.sig. */
        private @Nullable Resource signature;

        /**
         * A single-policy file (.yaml, .yml or .json) to use instead of the inline limits and
         * grants.
         */
        private @Nullable Resource policyFile;

        /** The preset the inline policy starts from: default, trusted or untrusted. */
        private @Nullable String preset;

        /** Limits in the policy-file vocabulary; override wasmbox.defaults. */
        private Map<String, Object> limits = new LinkedHashMap<>();

        /** Grants in the policy-file vocabulary: host-functions, env, outbound, key-value, ... */
        private Map<String, Object> grants = new LinkedHashMap<>();

        /** Whether a denied request traps the guest instead of returning DENIED. */
        private @Nullable Boolean trapOnDenial;

        /** Whether manifest requests the policy does not grant fail the load. */
        private @Nullable Boolean strictManifest;

        /** The instance pool. */
        private final Pool pool = new Pool();

        /** Whether instances keep memory between calls (stateful) or not (pristine). */
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

        public @Nullable String getPreset() {
            return preset;
        }

        public void setPreset(@Nullable String preset) {
            this.preset = preset;
        }

        public Map<String, Object> getLimits() {
            return limits;
        }

        public void setLimits(Map<String, Object> limits) {
            this.limits = limits;
        }

        public Map<String, Object> getGrants() {
            return grants;
        }

        public void setGrants(Map<String, Object> grants) {
            this.grants = grants;
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

    /** {@code wasmbox.plugins.<name>.pool.*}. */
    public static class Pool {

        /** Instances that may serve calls at once (limit pool-size). */
        private @Nullable Integer size;

        /** How long a call waits for a free instance, such as 50ms (limit acquire-timeout). */
        private @Nullable String acquireTimeout;

        public @Nullable Integer getSize() {
            return size;
        }

        public void setSize(@Nullable Integer size) {
            this.size = size;
        }

        public @Nullable String getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(@Nullable String acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
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
}
