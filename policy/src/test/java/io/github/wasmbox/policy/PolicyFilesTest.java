/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.PolicyFiles.Format;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFilesTest {

    @Test
    void readsEveryKeyOfASinglePolicy() {
        PluginPolicy policy =
                PolicyFiles.parsePolicy(
                        String.join(
                                "\n",
                                "preset: default",
                                "trap-on-denial: true",
                                "strict-manifest: false",
                                "limits:",
                                "  fuel: 1000000",
                                "  instantiation-fuel: 2000",
                                "  max-memory: 2MiB",
                                "  max-table-elements: 100",
                                "  timeout: 100ms",
                                "  stack-size: 256KB",
                                "  max-input: 1KB",
                                "  max-output: 2048",
                                "  max-log: 3KiB",
                                "  max-host-result: 4KB",
                                "  max-stdout: 5KB",
                                "  max-stderr: 6KB",
                                "  max-open-files: 3",
                                "  max-bytes-written: 1GB",
                                "  pool-size: 8",
                                "  acquire-timeout: 2s",
                                "  quarantine-after: 0",
                                "  state-mode: stateful",
                                "grants:",
                                "  host-functions: [\"wasmbox:kv/get\", \"wasmbox:log/*\"]",
                                "  env:",
                                "    REGION: eu-west-1",
                                "    PORT: 8080",
                                "    API_KEY: {from-host: DISCOUNT_API_KEY}",
                                "  args: [--fast, 3]",
                                "  stdin: hello",
                                "  preopens:",
                                "    /data: {host-directory: /var/lib/rates, read-only: false,"
                                        + " max-bytes: 10MB, max-files: 5}",
                                "    /etc/app:",
                                "      files: {conf.json: '{\"a\":1}'}",
                                "  clock: {coarsened: 1ms}",
                                "  random: {seeded: 42}",
                                "  outbound:",
                                "    - https://rates.example.com",
                                "    - {origin: 'http://billing.internal:8080', private-network: true}",
                                "  key-value: {discounts: read, carts: read-write,"
                                        + " sessions: {access: read-write, max-entries: 50,"
                                        + " max-bytes: 1MiB}}",
                                "  config: {currency: EUR, precision: 2}",
                                "  features: [simd, multi-memory]"),
                        Format.YAML);

        Limits limits = policy.limits();
        assertThat(limits.fuel()).isEqualTo(1_000_000);
        assertThat(limits.instantiationFuel()).isEqualTo(2000);
        assertThat(limits.maxMemoryBytes()).isEqualTo(2L << 20);
        assertThat(limits.maxTableElements()).isEqualTo(100);
        assertThat(limits.timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(limits.stackSizeBytes()).isEqualTo(256 << 10);
        assertThat(limits.maxInputBytes()).isEqualTo(1024);
        assertThat(limits.maxOutputBytes()).isEqualTo(2048);
        assertThat(limits.maxLogBytes()).isEqualTo(3072);
        assertThat(limits.maxHostResultBytes()).isEqualTo(4096);
        assertThat(limits.maxStdoutBytes()).isEqualTo(5120);
        assertThat(limits.maxStderrBytes()).isEqualTo(6144);
        assertThat(limits.maxOpenFiles()).isEqualTo(3);
        assertThat(limits.maxBytesWritten()).isEqualTo(1L << 30);
        assertThat(limits.poolSize()).isEqualTo(8);
        assertThat(limits.acquireTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limits.quarantineAfter()).isZero();
        assertThat(limits.stateMode()).isEqualTo(StateMode.STATEFUL);
        assertThat(policy.trapOnDenial()).isTrue();
        assertThat(policy.strictManifest()).isFalse();
        assertThat(policy.hostFunctionGrants())
                .extracting(HostFunctionGrant::toString)
                .containsExactly("wasmbox:kv/get", "wasmbox:log/*");
        assertThat(policy.env())
                .containsExactly(
                        EnvGrant.literal("REGION", "eu-west-1"),
                        EnvGrant.literal("PORT", "8080"),
                        EnvGrant.fromHost("API_KEY", "DISCOUNT_API_KEY"));
        assertThat(policy.args()).containsExactly("--fast", "3");
        assertThat(policy.stdin()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(policy.preopens())
                .containsExactly(
                        PreopenGrant.directory("/data", Path.of("/var/lib/rates"))
                                .readOnly(false)
                                .maxBytes(10L << 20)
                                .maxFiles(5)
                                .build(),
                        PreopenGrant.inMemory("/etc/app")
                                .file("conf.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                                .build());
        assertThat(policy.clock()).isEqualTo(ClockPolicy.coarsened(Duration.ofMillis(1)));
        assertThat(policy.random()).isEqualTo(RandomPolicy.seeded(42));
        assertThat(policy.outbound())
                .containsExactly(
                        OutboundGrant.parse("https://rates.example.com"),
                        OutboundGrant.privateNetwork("http://billing.internal:8080"));
        assertThat(policy.keyValueNamespaces())
                .containsExactly(
                        Map.entry("discounts", KeyValueAccess.READ),
                        Map.entry("carts", KeyValueAccess.READ_WRITE),
                        Map.entry(
                                "sessions",
                                KeyValueAccess.readWrite(new KeyValueQuota(50, 1L << 20))));
        assertThat(policy.keyValueNamespaces().get("carts").quota())
                .isEqualTo(new KeyValueQuota(10_000, 16L << 20));
        assertThat(policy.config())
                .containsExactly(Map.entry("currency", "EUR"), Map.entry("precision", "2"));
        assertThat(policy.features()).containsExactly(WasmFeature.MULTI_MEMORY, WasmFeature.SIMD);
    }

    @Test
    void readsJsonTheSameAsYaml() {
        String json =
                "{\"limits\": {\"timeout\": \"2s\", \"max-memory\": 1048576},"
                        + " \"grants\": {\"clock\": {\"fixed\": \"2024-01-01T00:00:00Z\"},"
                        + " \"random\": \"secure\", \"outbound\": [\"https://*.example.com\"]}}";
        String yaml =
                "limits: {timeout: 2s, max-memory: 1MB}\n"
                        + "grants:\n"
                        + "  clock: {fixed: '2024-01-01T00:00:00Z'}\n"
                        + "  random: secure\n"
                        + "  outbound: ['https://*.example.com']\n";

        PluginPolicy fromJson = PolicyFiles.parsePolicy(json, Format.JSON);

        assertThat(fromJson).isEqualTo(PolicyFiles.parsePolicy(yaml, Format.YAML));
        assertThat(fromJson.clock().fixedInstant()).contains(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(fromJson.allowsOutbound(URI.create("https://a.example.com/"))).isTrue();
    }

    @Test
    void envListsPassHostVariablesUnderTheirOwnNames() {
        PluginPolicy policy = PolicyFiles.parsePolicy("grants: {env: [REGION, TZ]}", Format.YAML);

        assertThat(policy.env())
                .containsExactly(
                        EnvGrant.fromHost("REGION", "REGION"), EnvGrant.fromHost("TZ", "TZ"));
        assertThatThrownBy(() -> PolicyFiles.parsePolicy("grants: {env: ['A=B']}", Format.YAML))
                .hasMessage(
                        "grants.env[0]: env name must be non-empty without '=' or NUL but was"
                                + " 'A=B'");
        assertThatThrownBy(() -> PolicyFiles.parsePolicy("grants: {env: REGION}", Format.YAML))
                .hasMessage("grants.env: expected a map but was 'REGION'");
    }

    @Test
    void emptyDocumentsGrantNothing() {
        assertThat(PolicyFiles.parsePolicy("", Format.YAML)).isEqualTo(PluginPolicy.denyAll());
        assertThat(PolicyFiles.parsePolicy("{}", Format.JSON)).isEqualTo(PluginPolicy.denyAll());
        PolicySet set = PolicyFiles.parseSet("plugins: {quiet: }", Format.YAML);
        assertThat(set.policyFor("quiet")).isEqualTo(PluginPolicy.denyAll());
        assertThat(set.policyFor("unknown")).isEqualTo(PluginPolicy.denyAll());
    }

    @Test
    void readsFilesByExtension(@TempDir Path directory) throws Exception {
        Path yaml = Files.writeString(directory.resolve("policy.yml"), "limits: {fuel: 7}");
        Path json = Files.writeString(directory.resolve("set.json"), "{\"plugins\": {\"a\": {}}}");

        assertThat(PolicyFiles.readPolicy(yaml).limits().fuel()).isEqualTo(7);
        assertThat(PolicyFiles.readSet(json).plugins()).containsOnlyKeys("a");
        assertThatThrownBy(() -> PolicyFiles.readPolicy(directory.resolve("policy.toml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "policy file name must end in .yaml, .yml or .json but was "
                                + directory.resolve("policy.toml"));
        assertThatThrownBy(() -> PolicyFiles.readPolicy(directory.resolve("missing.yaml")))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot read policy file " + directory.resolve("missing.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            # the file (YAML, '\\n' for a newline)                  | the exact message
            plugins: {discount: {limits: {timeot: 100ms}}}           | plugins.discount.limits.timeot: unknown key 'timeot', did you mean 'timeout'?
            plugins: {discount: {limits: {maxMemory: 1MB}}}          | plugins.discount.limits.maxMemory: unknown key 'maxMemory', did you mean 'max-memory'?
            plugins: {discount: {grant: {}}}                         | plugins.discount.grant: unknown key 'grant', did you mean 'grants'?
            plugins: {discount: {colour: red}}                       | plugins.discount.colour: unknown key 'colour'; expected one of extends, preset, limits, grants, trap-on-denial, strict-manifest
            plugin: {}                                               | plugin: unknown key 'plugin', did you mean 'plugins'?
            plugins: {discount: {limits: {timeout: 250xs}}}          | plugins.discount.limits.timeout: '250xs' has an unknown unit 'xs': use one of ns, us, ms, s, m, h, d
            plugins: {discount: {limits: {timeout: 250}}}            | plugins.discount.limits.timeout: '250' has no unit: use one of ns, us, ms, s, m, h, d as in 250ms
            plugins: {discount: {limits: {timeout: soon}}}           | plugins.discount.limits.timeout: 'soon' is not a duration: use a number and a unit as in 250ms
            plugins: {discount: {limits: {timeout: 0s}}}             | plugins.discount.limits.timeout: must be positive but was '0s'
            plugins: {discount: {limits: {timeout: [1]}}}            | plugins.discount.limits.timeout: expected a duration such as 250ms but was a list
            plugins: {discount: {limits: {acquire-timeout: -1s}}}    | plugins.discount.limits.acquire-timeout: must not be negative but was '-1s'
            plugins: {discount: {limits: {quarantine-after: -1}}}    | plugins.discount.limits.quarantine-after: must be at least 0 but was -1
            plugins: {discount: {limits: {max-memory: 16XB}}}        | plugins.discount.limits.max-memory: '16XB' has an unknown unit 'XB': use one of B, KB, MB, GB, TB, KiB, MiB, GiB, TiB
            plugins: {discount: {limits: {max-memory: lots}}}        | plugins.discount.limits.max-memory: 'lots' is not a size: use a number of bytes or a unit as in 64KiB
            plugins: {discount: {limits: {max-memory: 1KB}}}         | plugins.discount.limits.max-memory: must be at least 65536 but was '1KB'
            plugins: {discount: {limits: {max-memory: 99999999TB}}}  | plugins.discount.limits.max-memory: '99999999TB' is too large
            plugins: {discount: {limits: {max-memory: true}}}        | plugins.discount.limits.max-memory: expected a size such as 16MB but was true
            plugins: {discount: {limits: {fuel: -5}}}                | plugins.discount.limits.fuel: must be at least 1 but was -5
            plugins: {discount: {limits: {fuel: 1.5}}}               | plugins.discount.limits.fuel: expected a whole number but was 1.5
            plugins: {discount: {limits: {fuel: '10'}}}              | plugins.discount.limits.fuel: expected a whole number but was '10'
            plugins: {discount: {limits: {fuel: 99999999999999999999}}} | plugins.discount.limits.fuel: 99999999999999999999 is too large
            plugins: {discount: {limits: {max-output: 3GB}}}         | plugins.discount.limits.max-output: must be between 0 and 2147483647 but was '3GB'
            plugins: {discount: {limits: {pool-size: 0}}}            | plugins.discount.limits.pool-size: must be between 1 and 1024 but was 0
            plugins: {discount: {limits: {state-mode: stateless}}}   | plugins.discount.limits.state-mode: 'stateless' is not one of pristine, stateful
            plugins: {discount: {limits: [fuel]}}                    | plugins.discount.limits: expected a map but was a list
            plugins: {discount: {preset: untrused}}                  | plugins.discount.preset: 'untrused' is not one of default, trusted, untrusted, did you mean 'untrusted'?
            plugins: {discount: {trap-on-denial: 'yes please'}}      | plugins.discount.trap-on-denial: expected true or false but was 'yes please'
            plugins: {discount: {grants: {host-functions: [wasmbox:kv]}}} | plugins.discount.grants.host-functions[0]: host function grant must be 'module/function' (function may be a glob such as '*') but was 'wasmbox:kv'
            plugins: {discount: {grants: {host-functions: wasmbox:kv/get}}} | plugins.discount.grants.host-functions: expected a list but was 'wasmbox:kv/get'
            plugins: {discount: {grants: {outbound: ['https://*']}}} | plugins.discount.grants.outbound[0]: host pattern '*' has a misplaced '*': a wildcard is allowed only as the whole first label, as in *.example.com
            plugins: {discount: {grants: {outbound: ['https://a.example.com/v1']}}} | plugins.discount.grants.outbound[0]: outbound pattern 'https://a.example.com/v1' has a path, query or fragment: a grant names an origin only
            plugins: {discount: {grants: {outbound: [{origin: 'http://[::1', private-network: true}]}}} | plugins.discount.grants.outbound[0].origin: '[::1' looks like an IPv6 address: write it in brackets, as in [::1]
            plugins: {discount: {grants: {outbound: [{private-network: true}]}}} | plugins.discount.grants.outbound[0]: missing key 'origin'
            plugins: {discount: {grants: {outbound: [{url: x}]}}}    | plugins.discount.grants.outbound[0].url: unknown key 'url'; expected one of origin, private-network
            plugins: {discount: {grants: {key-value: {carts: readwrite}}}} | plugins.discount.grants.key-value.carts: 'readwrite' is not one of read, read-write, did you mean 'read-write'?
            plugins: {discount: {grants: {key-value: {carts: {access: read, max-entries: 5}}}}} | plugins.discount.grants.key-value.carts: max-entries and max-bytes apply to read-write grants only; remove them or grant read-write
            plugins: {discount: {grants: {key-value: {carts: {max-entries: 5}}}}} | plugins.discount.grants.key-value.carts.access: missing; expected read or read-write
            plugins: {discount: {grants: {key-value: {carts: {access: read-write, max-entries: 0}}}}} | plugins.discount.grants.key-value.carts: key-value max-entries must be at least 1 but was 0
            plugins: {discount: {grants: {key-value: {carts: {access: read-write, max-entry: 5}}}}} | plugins.discount.grants.key-value.carts.max-entry: unknown key 'max-entry'; expected one of access, max-entries, max-bytes
            plugins: {discount: {grants: {features: [simd128]}}}     | plugins.discount.grants.features[0]: 'simd128' is not one of multi-memory, threads, simd, gc, exceptions, tail-calls, memory64, extended-const, did you mean 'simd'?
            plugins: {discount: {grants: {env: {'A=B': x}}}}         | plugins.discount.grants.env["A=B"]: env name must be non-empty without '=' or NUL but was 'A=B'
            plugins: {discount: {grants: {env: {KEY: {from-hots: X}}}}} | plugins.discount.grants.env.KEY.from-hots: unknown key 'from-hots', did you mean 'from-host'?
            plugins: {discount: {grants: {env: {KEY: [x]}}}}         | plugins.discount.grants.env.KEY: expected a string but was a list
            plugins: {discount: {grants: {preopens: {data: {}}}}}     | plugins.discount.grants.preopens.data: preopen guestPath must be absolute and normalized (like /data), without '.', '..', '//' or a trailing '/', but was 'data'
            plugins: {discount: {grants: {preopens: {/data: {host-directory: rel/dir}}}}} | plugins.discount.grants.preopens["/data"].host-directory: must be an absolute path but was 'rel/dir'
            plugins: {discount: {grants: {preopens: {/data: {host-directory: /d, files: {}}}}}} | plugins.discount.grants.preopens["/data"]: use either 'host-directory' or 'files', not both
            plugins: {discount: {grants: {preopens: {/data: {files: {../x: y}}}}}} | plugins.discount.grants.preopens["/data"].files["../x"]: preopen file path must be relative and normalized (like conf/app.json) but was '../x'
            plugins: {discount: {grants: {preopens: {/data: {max-bytes: -1}}}}} | plugins.discount.grants.preopens["/data"].max-bytes: preopen maxBytes must be at least 0 but was -1
            plugins: {discount: {grants: {preopens: {/data: {max-files: -1}}}}} | plugins.discount.grants.preopens["/data"].max-files: must be between 0 and 2147483647 but was -1
            plugins: {discount: {grants: {preopens: {/data: {files: {a: xyz}, max-bytes: 2}}}}} | plugins.discount.grants.preopens["/data"]: preopen /data holds 3 bytes but maxBytes is 2
            plugins: {discount: {grants: {clock: wall}}}             | plugins.discount.grants.clock: 'wall' is not one of system
            plugins: {discount: {grants: {clock: {coarsened: 0ms}}}} | plugins.discount.grants.clock.coarsened: clock resolution must be positive but was 0ms
            plugins: {discount: {grants: {clock: {fixed: yesterday}}}} | plugins.discount.grants.clock.fixed: 'yesterday' is not an instant: use ISO-8601 UTC as in 2024-01-01T00:00:00Z
            plugins: {discount: {grants: {clock: {}}}}               | plugins.discount.grants.clock: expected 'system', {coarsened: <duration>} or {fixed: <instant>} but was a map
            plugins: {discount: {grants: {random: {seed: 1}}}}       | plugins.discount.grants.random.seed: unknown key 'seed', did you mean 'seeded'?
            plugins: {discount: {grants: {random: {seeded: x}}}}     | plugins.discount.grants.random.seeded: expected a whole number but was 'x'
            plugins: {discount: {grants: {config: {'': x}}}}         | plugins.discount.grants.config[""]: config key must not be blank
            plugins: {discount: {grants: {key-value: {' ': read}}}}  | plugins.discount.grants.key-value[" "]: key-value namespace must not be blank
            plugins: {discount: {grants: {env: {KEY: {}}}}}          | plugins.discount.grants.env.KEY: missing key 'from-host'
            plugins: {discount: {grants: {preopens: {/data: {max-files: 3000000000}}}}} | plugins.discount.grants.preopens["/data"].max-files: must be between 0 and 2147483647 but was 3000000000
            plugins: {discount: {grants: {preopens: {/data: {host-directory: "/a\\0b"}}}}} | plugins.discount.grants.preopens["/data"].host-directory: '/a\0b' is not a valid path
            plugins: {discount: {grants: {clock: {coarsened: 1ms, fixed: '2024-01-01T00:00:00Z'}}}} | plugins.discount.grants.clock: expected 'system', {coarsened: <duration>} or {fixed: <instant>} but was a map
            plugins: {discount: {grants: {random: {}}}}              | plugins.discount.grants.random: missing key 'seeded'
            plugins: {discount: {grants: {random: insecure}}}        | plugins.discount.grants.random: 'insecure' is not one of secure, did you mean 'secure'?
            plugins: {discount: {extends: [a]}}                      | plugins.discount.extends: expected a string but was a list
            plugins: {discount: {grants: {host-functions: [42]}}}    | plugins.discount.grants.host-functions[0]: expected a string but was 42
            plugins: {discount: {grants: {stdin: 42}}}               | plugins.discount.grants.stdin: expected a string but was 42
            plugins: {discount: {grants: {args: [[a]]}}}             | plugins.discount.grants.args[0]: expected a string but was a list
            plugins: {discount: {extends: kv-reder}}\\nbases: {kv-reader: {}} | plugins.discount.extends: unknown base 'kv-reder', did you mean 'kv-reader'?
            plugins: {discount: {extends: other}}\\nbases: {kv-reader: {}} | plugins.discount.extends: unknown base 'other'; expected one of kv-reader
            plugins: {discount: {extends: base}}                     | plugins.discount.extends: unknown base 'base'; the file defines no bases
            bases: {a: {extends: b}, b: {extends: a}}                | bases.b.extends: bases extend each other in a cycle: a -> b -> a
            defaults: {grants: {host-functions: [wasmbox:log/*]}}    | defaults.grants: defaults cannot grant anything, so no plugin gains a capability it does not name; put shared grants in a base and say 'extends: <base>'
            defaults: {extends: base}                                | defaults.extends: unknown key 'extends'; expected one of preset, limits, trap-on-denial, strict-manifest
            plugins: [discount]                                      | plugins: expected a map but was a list
            plugins: {discount: {preset: untrusted, limits: {fuel: 5, timeout: 1s}}} | plugins.discount: an untrusted policy must set every quota explicitly; missing limits: max-memory, max-table-elements, max-output, max-open-files, max-bytes-written
            defaults: {preset: untrusted, limits: {fuel: 5}}         | defaults: an untrusted policy must set every quota explicitly; missing limits: max-memory, max-table-elements, timeout, max-output, max-open-files, max-bytes-written
            plugins: {a: {}}\\nplugins: {b: {}}                      | not valid YAML at line 2, column 8: Duplicate Object property "plugins"
            plugins: {a: [}                                         | not valid YAML at line 1, column 15: while parsing a flow node
            """)
    void reportsEveryErrorWithItsPathValueAndHint(String yaml, String message) {
        assertThatThrownBy(() -> PolicyFiles.parseSet(yaml.replace("\\n", "\n"), Format.YAML))
                .isInstanceOf(PolicyFileException.class)
                .hasMessage(message);
    }

    @Test
    void keyPathIsExposed() {
        assertThatThrownBy(
                        () ->
                                PolicyFiles.parseSet(
                                        "plugins: {discount: {limits: {fuel: 0}}}", Format.YAML))
                .isInstanceOfSatisfying(
                        PolicyFileException.class,
                        e -> assertThat(e.keyPath()).isEqualTo("plugins.discount.limits.fuel"));
    }

    @Test
    void reportsJsonSyntaxErrorsWithTheirLocation() {
        assertThatThrownBy(
                        () -> PolicyFiles.parsePolicy("{\"limits\": {\"fuel\": 1,}}", Format.JSON))
                .isInstanceOf(PolicyFileException.class)
                .hasMessageStartingWith("not valid JSON at line 1, column 23: ")
                .extracting(e -> ((PolicyFileException) e).keyPath())
                .isEqualTo("");
        assertThatThrownBy(
                        () -> PolicyFiles.parsePolicy("{\"stdin\": 1, \"stdin\": 2}", Format.JSON))
                .hasMessageStartingWith("not valid JSON at line 1, column ")
                .hasMessageEndingWith("Duplicate Object property \"stdin\"");
        assertThatThrownBy(() -> PolicyFiles.parsePolicy("{\"extends\": \"x\"}", Format.JSON))
                .hasMessage(
                        "extends: unknown key 'extends'; expected one of preset, limits, grants,"
                                + " trap-on-denial, strict-manifest");
        assertThatThrownBy(() -> PolicyFiles.parsePolicy("[]", Format.JSON))
                .hasMessage("expected a map but was a list");
    }

    @Test
    void appliesAGrantsTreeWithoutText() {
        PluginPolicy policy =
                PolicyFiles.applyGrants(
                                Map.of(
                                        "host-functions",
                                        java.util.List.of("wasmbox:kv/get"),
                                        "clock",
                                        Map.of("coarsened", Duration.ofMillis(1500)),
                                        "key-value",
                                        Map.of(
                                                "coupons",
                                                Map.of(
                                                        "access",
                                                        "read-write",
                                                        "max-entries",
                                                        10,
                                                        "max-bytes",
                                                        4096L)),
                                        "preopens",
                                        Map.of("/data", Map.of("read-only", false))),
                                PluginPolicy.builder())
                        .build();
        assertThat(policy.allowsHostFunction("wasmbox:kv", "get")).isTrue();
        assertThat(policy.clock()).isEqualTo(ClockPolicy.coarsened(Duration.ofMillis(1500)));
        assertThat(policy.keyValueNamespaces().get("coupons"))
                .isEqualTo(KeyValueAccess.readWrite(new KeyValueQuota(10, 4096)));
        assertThat(policy.preopens())
                .singleElement()
                .satisfies(p -> assertThat(p.readOnly()).isFalse());
    }

    @Test
    void aGrantsTreeIsAsStrictAsAFileAndNamesThePathInsideIt() {
        assertThatThrownBy(
                        () ->
                                PolicyFiles.applyGrants(
                                        Map.of(
                                                "host-functions",
                                                java.util.List.of("wasmbox:log/*", "nope")),
                                        PluginPolicy.builder()))
                .isInstanceOfSatisfying(
                        PolicyFileException.class,
                        e -> assertThat(e.keyPath()).isEqualTo("host-functions[1]"));
        assertThatThrownBy(
                        () ->
                                PolicyFiles.applyGrants(
                                        Map.of("hostfunctions", java.util.List.of()),
                                        PluginPolicy.builder()))
                .hasMessageContaining("did you mean 'host-functions'");
        assertThatThrownBy(
                        () ->
                                PolicyFiles.applyGrants(
                                        Map.of("stdin", new StringBuilder("x")),
                                        PluginPolicy.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.StringBuilder");
    }
}
