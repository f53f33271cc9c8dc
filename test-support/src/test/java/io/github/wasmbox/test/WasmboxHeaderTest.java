/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.clock.ClockCapability;
import io.github.wasmbox.host.config.ConfigCapability;
import io.github.wasmbox.host.http.HttpCapability;
import io.github.wasmbox.host.kv.InMemoryKeyValueStore;
import io.github.wasmbox.host.kv.KeyValueCapability;
import io.github.wasmbox.host.log.LogCapability;
import io.github.wasmbox.host.random.RandomCapability;
import io.github.wasmbox.sandbox.spi.Abi;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * plugins-rust/wasmbox-c/wasmbox.h declares exactly the guest ABI: the core functions of {@link
 * Abi} and every function of the built-in capabilities, each with the host's signature.
 */
class WasmboxHeaderTest {
    private static final Path ROOT = WasmboxExtensionTest.ROOT;

    /** {@code WASMBOX_IMPORT("module", "name") <return type> <c name>(<params>);} */
    private static final Pattern IMPORT =
            Pattern.compile(
                    "WASMBOX_IMPORT\\(\"([^\"]+)\", \"([^\"]+)\"\\)\\s*(\\w+)\\s+\\w+\\(([^)]*)\\);");

    @Test
    void declaresEveryFunctionWithTheHostsSignature() throws Exception {
        assertThat(header()).isEqualTo(abi());
    }

    /** "module/name" to "(params) -> results" as the header declares them. */
    private static Map<String, String> header() throws Exception {
        String text = Files.readString(ROOT.resolve("plugins-rust/wasmbox-c/wasmbox.h"));
        Map<String, String> declared = new TreeMap<>();
        Matcher m = IMPORT.matcher(text);
        while (m.find()) {
            List<String> params = new ArrayList<>();
            if (!m.group(4).strip().equals("void")) {
                for (String param : m.group(4).split(",")) {
                    params.add(cType(param.strip().replaceAll("\\s*\\w+$", "")));
                }
            }
            String result = m.group(3).equals("void") ? "" : cType(m.group(3));
            declared.put(m.group(1) + "/" + m.group(2), signature(params, result));
        }
        return declared;
    }

    /**
     * The same for the core module ({@link Abi}, the ABI's one definition) and the capabilities.
     */
    private static Map<String, String> abi() throws Exception {
        Map<String, String> abi = new TreeMap<>();
        for (Abi.CoreFunction f : Abi.CoreFunction.values()) {
            abi.put(
                    Abi.CORE_MODULE + "/" + f.importName(),
                    signature(names(f.params()), String.join(", ", names(f.results()))));
        }
        try (HttpCapability http = new HttpCapability()) {
            for (HostFunctionDefinition f :
                    HostModules.of(
                                    new LogCapability(),
                                    new ClockCapability(),
                                    new RandomCapability(),
                                    new ConfigCapability(),
                                    new KeyValueCapability(new InMemoryKeyValueStore()),
                                    http)
                            .hostFunctions()) {
                abi.put(
                        f.qualifiedName(),
                        signature(names(f.params()), String.join(", ", names(f.results()))));
            }
        }
        return abi;
    }

    private static List<String> names(List<WasmType> types) {
        return types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
    }

    private static String cType(String type) {
        String bare = type.replace("const ", "").strip();
        if (bare.equals("int64_t")) {
            return "i64";
        }
        // int32_t, and every pointer: a 32-bit offset into the guest's memory.
        assertThat(bare).matches("int32_t|\\w+ ?\\*");
        return "i32";
    }

    private static String signature(List<String> params, String result) {
        return "(" + String.join(", ", params) + ") -> " + result;
    }
}
