/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.kv.KeyValueStore;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.policy.ClockPolicy;
import io.github.wasmbox.policy.KeyValueQuota;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.policy.RandomPolicy;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginEvents;
import io.github.wasmbox.sandbox.PluginListener;
import io.github.wasmbox.sandbox.PluginRuntime;
import io.github.wasmbox.sandbox.PluginSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that loads one plugin in the real sandbox for each test, under its policy,
 * with fake capabilities: an in-memory key-value store, HTTP answered from a table, and the
 * policy's own config, clock and random (made fixed or seeded here when a test needs them).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final WasmboxExtension discount =
 *         WasmboxExtension.plugin(Path.of("discount.wasm"))
 *                 .policy(Path.of("discount.policy.yaml"))
 *                 .keyValue("coupons", "used/c-9", "1");
 * }</pre>
 *
 * <p>Registered on a {@code static} field, one runtime serves the test class and the module is
 * compiled once; on an instance field, each test gets its own runtime. Either way each test gets a
 * freshly loaded plugin, a store holding only the seeded entries, and empty lists of denials and
 * HTTP requests.
 *
 * <p>The policy's limits apply, except that the timeout is at least {@value #MIN_TIMEOUT_SECONDS}
 * s: a test JVM is cold and shares its machine, so a test that depends on its speed fails at
 * random. Fuel is the deterministic budget; assert on it. Configure the extension before JUnit uses
 * it; the test methods may then call it from any thread.
 */
public final class WasmboxExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    static final int MIN_TIMEOUT_SECONDS = 10;

    private final Path module;
    private String name;
    private PluginPolicy policy = PluginPolicy.denyAll();
    private final List<UnaryOperator<PluginPolicy.Builder>> adjustments = new ArrayList<>();
    private final Map<String, Map<String, byte[]>> seeded = new LinkedHashMap<>();
    private final ResettableStore store = new ResettableStore();
    private final FakeHttp http = new FakeHttp();
    private final List<PluginEvents.Denied> denials = new CopyOnWriteArrayList<>();

    private @Nullable PluginRuntime runtime;
    private boolean runtimePerTest;
    private @Nullable Plugin plugin;

    private WasmboxExtension(Path module) {
        this.module = module;
        String file = String.valueOf(module.getFileName());
        this.name = file.endsWith(".wasm") ? file.substring(0, file.length() - 5) : file;
    }

    /** An extension for the module at {@code wasm}, under the deny-all policy until told more. */
    public static WasmboxExtension plugin(Path wasm) {
        return new WasmboxExtension(Objects.requireNonNull(wasm, "wasm"));
    }

    /** The name the plugin loads under. Default: the file name without {@code .wasm}. */
    public WasmboxExtension name(String pluginName) {
        this.name = Objects.requireNonNull(pluginName, "pluginName");
        return this;
    }

    /** Runs the plugin under {@code policy}. */
    public WasmboxExtension policy(PluginPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Runs the plugin under the single policy in {@code policyFile}, read as the host reads it.
     *
     * @throws io.github.wasmbox.policy.PolicyFileException if the file is not a valid policy
     */
    public WasmboxExtension policy(Path policyFile) {
        return policy(PolicyFiles.readPolicy(policyFile));
    }

    /** Exposes a config value to the plugin, in addition to the policy's. */
    public WasmboxExtension config(String key, String value) {
        adjustments.add(b -> b.config(key, value));
        return this;
    }

    /** Makes the plugin's clock read {@code now}, always. */
    public WasmboxExtension clock(Instant now) {
        adjustments.add(b -> b.clock(ClockPolicy.fixed(now)));
        return this;
    }

    /** Makes the plugin's random bytes the same on every run. */
    public WasmboxExtension randomSeed(long seed) {
        adjustments.add(b -> b.random(RandomPolicy.seeded(seed)));
        return this;
    }

    /** Puts an entry in the key-value store before each test. */
    public WasmboxExtension keyValue(String namespace, String key, String value) {
        seeded.computeIfAbsent(namespace, n -> new LinkedHashMap<>())
                .put(key, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Answers {@code method url} with {@code status} and {@code body}. The policy must still grant
     * the target ({@code outbound}); a request nobody answers fails as an unreachable host does.
     */
    public WasmboxExtension httpAnswer(String method, String url, int status, String body) {
        http.answer(method, url, new HttpCapability.Response(status, Map.of(), body));
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        runtime = newRuntime();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (runtime == null) {
            runtime = newRuntime();
            runtimePerTest = true;
        }
        store.reset();
        seeded.forEach(
                (namespace, entries) ->
                        entries.forEach(
                                (key, value) ->
                                        store.put(namespace, key, value, KeyValueQuota.DEFAULT)));
        http.reset();
        denials.clear();
        plugin = runtime.load(name, PluginSource.path(module), effectivePolicy());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        plugin = null;
        if (runtime != null) {
            runtime.unload(name);
            if (runtimePerTest) {
                runtime.close();
                runtime = null;
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** The plugin loaded for the current test. */
    public Plugin plugin() {
        if (plugin == null) {
            throw new IllegalStateException(
                    "no plugin loaded: register the extension with @RegisterExtension and use it"
                            + " inside a test");
        }
        return plugin;
    }

    /** Calls {@code function} with UTF-8 {@code input}; see {@link Plugin#invoke}. */
    public CallResult invoke(String function, String input) {
        return plugin().invoke(function, input.getBytes(StandardCharsets.UTF_8));
    }

    /** A typed call; see {@link Plugin#call(String, Object, Class)}. */
    public <T> T call(String function, Object input, Class<T> resultType) {
        return plugin().call(function, input, resultType);
    }

    /** The key-value store the plugin sees in the current test. */
    public KeyValueStore store() {
        return store;
    }

    /** Every denial of the current test, in order. */
    public List<PluginEvents.Denied> denials() {
        return List.copyOf(denials);
    }

    /** Every HTTP request of the current test, granted or not, in order. */
    public List<HttpCapability.Request> httpRequests() {
        return http.requests();
    }

    private PluginPolicy effectivePolicy() {
        PluginPolicy.Builder builder = policy.toBuilder();
        adjustments.forEach(adjust -> adjust.apply(builder));
        Limits limits = policy.limits();
        Duration floor = Duration.ofSeconds(MIN_TIMEOUT_SECONDS);
        if (limits.timeout().compareTo(floor) < 0) {
            builder.limits(limits.toBuilder().timeout(floor).build());
        }
        return builder.build();
    }

    private PluginRuntime newRuntime() {
        return PluginRuntime.builder()
                .hostModules(
                        HostModules.of(
                                new LogCapability(),
                                new ClockCapability(),
                                new RandomCapability(),
                                new ConfigCapability(),
                                new KeyValueCapability(store),
                                http))
                .listener(
                        new PluginListener() {
                            @Override
                            public void onDenied(PluginEvents.Denied event) {
                                denials.add(event);
                            }
                        })
                .build();
    }
}
