/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wasmbox.host.WasmImports.FunctionImport;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guest ABI v1 ({@code docs/abi.md}) against the built-in capabilities: every capability function
 * the contract lists is declared here with the same Wasm signature, and nothing else is; and every
 * {@code wasmbox:*} import of the Rust PDK's built plugins resolves to one of them.
 */
class AbiContractTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("^### `(wasmbox:[a-z]+)`");
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z_]+)` \\| `\\(([^)]*)\\) -> ([^`]*)` \\|");

    record Signature(List<WasmType> params, List<WasmType> results) {}

    static Map<String, Signature> declared() {
        return HostModules.of(
                        new LogCapability(),
                        new ClockCapability(),
                        new RandomCapability(),
                        new ConfigCapability(),
                        new KeyValueCapability(new InMemoryKeyValueStore()),
                        new HttpCapability())
                .hostFunctions()
                .stream()
                .collect(
                        Collectors.toMap(
                                d -> d.qualifiedName(),
                                d -> new Signature(d.params(), d.results()),
                                (a, b) -> a,
                                TreeMap::new));
    }

    static Map<String, Signature> documented() throws IOException {
        Map<String, Signature> functions = new TreeMap<>();
        String module = null;
        for (String line : Files.readAllLines(ROOT.resolve("docs/abi.md"))) {
            Matcher heading = MODULE.matcher(line);
            if (heading.find()) {
                module = heading.group(1);
            } else if (line.startsWith("## ")) {
                module = null;
            } else if (module != null) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    functions.put(
                            module + "/" + row.group(1),
                            new Signature(params(row.group(2)), results(row.group(3))));
                }
            }
        }
        return functions;
    }

    /** {@code a: i32, b, c: i64}: a name without a type takes the next type given. */
    private static List<WasmType> params(String text) {
        List<WasmType> types = new ArrayList<>();
        int untyped = 0;
        for (String param : text.split(",")) {
            if (param.isBlank()) {
                continue;
            }
            int colon = param.indexOf(':');
            if (colon < 0) {
                untyped++;
                continue;
            }
            WasmType type = type(param.substring(colon + 1));
            for (int i = 0; i <= untyped; i++) {
                types.add(type);
            }
            untyped = 0;
        }
        assertThat(untyped).as("untyped trailing parameters in " + text).isZero();
        return types;
    }

    private static List<WasmType> results(String text) {
        String inner = text.trim().replace("(", "").replace(")", "");
        List<WasmType> types = new ArrayList<>();
        for (String result : inner.split(",")) {
            if (!result.isBlank()) {
                types.add(type(result));
            }
        }
        return types;
    }

    private static WasmType type(String text) {
        return WasmType.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    @Test
    void everyCapabilityFunctionOfTheAbiIsDeclaredWithItsSignature() throws IOException {
        Map<String, Signature> documented = documented();
        assertThat(documented)
                .as("capability functions parsed from docs/abi.md")
                .containsKeys(
                        "wasmbox:log/write",
                        "wasmbox:clock/now_millis",
                        "wasmbox:clock/monotonic_nanos",
                        "wasmbox:random/fill",
                        "wasmbox:config/get",
                        "wasmbox:kv/get",
                        "wasmbox:kv/put",
                        "wasmbox:kv/delete",
                        "wasmbox:kv/list",
                        "wasmbox:http/request");
        assertThat(declared()).isEqualTo(documented);
    }

    @Test
    void rustPluginImportsResolveToDeclaredFunctions() throws IOException {
        // Overridable so a PDK build elsewhere can be checked before it is merged.
        Path dist =
                Path.of(
                        System.getProperty(
                                "wasmbox.plugins.dist",
                                ROOT.resolve("plugins-rust/dist").toString()));
        List<Path> modules;
        try (Stream<Path> files = Files.isDirectory(dist) ? Files.list(dist) : Stream.empty()) {
            modules = files.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
        }
        assumeTrue(!modules.isEmpty(), "no built plugins in plugins-rust/dist yet");
        Map<String, Signature> declared = declared();
        List<String> checked = new ArrayList<>();
        for (Path module : modules) {
            for (FunctionImport imported :
                    WasmImports.functionImports(Files.readAllBytes(module))) {
                if (!imported.module().startsWith("wasmbox:")) {
                    continue;
                }
                String name = imported.module() + "/" + imported.name();
                assertThat(declared.get(name))
                        .as(module.getFileName() + " imports " + name)
                        .isEqualTo(new Signature(imported.params(), imported.results()));
                checked.add(name);
            }
        }
        assertThat(checked).as("capability imports of the built plugins").isNotEmpty();
    }

    @Test
    void importReaderReadsFunctionImportsWithTheirTypes() throws IOException {
        ByteArrayOutputStream wasm = new ByteArrayOutputStream();
        wasm.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(wasm, 1, bytes(2, 0x60, 2, 0x7f, 0x7f, 1, 0x7f, 0x60, 0, 1, 0x7e));
        ByteArrayOutputStream imports = new ByteArrayOutputStream();
        imports.write(3);
        name(imports, "env");
        name(imports, "memory");
        imports.writeBytes(bytes(2, 1, 1, 2));
        name(imports, "wasmbox:config");
        name(imports, "get");
        imports.writeBytes(bytes(0, 0));
        name(imports, "wasmbox:clock");
        name(imports, "now_millis");
        imports.writeBytes(bytes(0, 1));
        section(wasm, 2, imports.toByteArray());

        assertThat(WasmImports.functionImports(wasm.toByteArray()))
                .containsExactly(
                        new FunctionImport(
                                "wasmbox:config",
                                "get",
                                List.of(WasmType.I32, WasmType.I32),
                                List.of(WasmType.I32)),
                        new FunctionImport(
                                "wasmbox:clock", "now_millis", List.of(), List.of(WasmType.I64)));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] body) {
        out.write(id);
        out.write(body.length);
        out.writeBytes(body);
    }
}
