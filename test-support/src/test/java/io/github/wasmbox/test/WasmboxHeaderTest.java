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
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
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
 * plugins-rust/wasmbox-c/wasmbox.h declares exactly the guest ABI: the core functions of
 * docs/abi.md and every function of the built-in capabilities, each with the host's signature.
 */
class WasmboxHeaderTest {
    private static final Path ROOT = WasmboxExtensionTest.ROOT;

    /** {@code WASMBOX_IMPORT("module", "name") <return type> <c name>(<params>);} */
    private static final Pattern IMPORT =
            Pattern.compile(
                    "WASMBOX_IMPORT\\(\"([^\"]+)\", \"([^\"]+)\"\\)\\s*(\\w+)\\s+\\w+\\(([^)]*)\\);");

    /** {@code | `name` | `(a: i32, b: i32) -> i32` |} in the core module's table. */
    private static final Pattern CORE_ROW =
            Pattern.compile("\\| `(\\w+)` \\| `\\(([^)]*)\\) -> ([^`]+)` \\|");

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

    /** The same for the core module (docs/abi.md) and the built-in capabilities. */
    private static Map<String, String> abi() throws Exception {
        Map<String, String> abi = new TreeMap<>();
        String doc = Files.readString(ROOT.resolve("docs/abi.md"));
        String core =
                doc.substring(
                        doc.indexOf("## Core module `wasmbox`"),
                        doc.indexOf("## Capability functions"));
        Matcher row = CORE_ROW.matcher(core);
        while (row.find()) {
            List<String> params = new ArrayList<>();
            for (String param : row.group(2).split(",")) {
                if (!param.isBlank()) {
                    params.add(param.substring(param.indexOf(':') + 1).strip());
                }
            }
            abi.put(
                    "wasmbox/" + row.group(1),
                    signature(params, row.group(3).equals("()") ? "" : row.group(3)));
        }
        assertThat(abi).as("core functions in docs/abi.md").hasSize(6);
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
                        signature(
                                f.params().stream()
                                        .map(t -> t.name().toLowerCase(Locale.ROOT))
                                        .toList(),
                                String.join(
                                        ", ",
                                        f.results().stream()
                                                .map(t -> t.name().toLowerCase(Locale.ROOT))
                                                .toList())));
            }
        }
        return abi;
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
