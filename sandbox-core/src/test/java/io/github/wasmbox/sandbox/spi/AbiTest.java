/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Abi} is the one definition of the core ABI: {@code docs/abi.md} and the Rust PDK's import
 * declarations must say exactly what it says, and the error codes everywhere must be {@link
 * ErrorCode}'s.
 */
class AbiTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern DOC_ROW =
            Pattern.compile("^\\| `([a-z_]+)` \\| `\\(([^)]*)\\) -> ([^`]*)` \\|");
    private static final Pattern DOC_ERROR = Pattern.compile("^\\| `(-\\d+)` \\| `([A-Z_]+)` \\|");
    private static final Pattern RUST_FN =
            Pattern.compile("pub fn ([a-z_]+)\\(([^)]*)\\)(?: -> ([a-z0-9]+))?;");
    private static final Pattern RUST_ERROR =
            Pattern.compile("pub const ([A-Z_]+): i32 = (-\\d+);");

    private static Map<String, String> expectedCore() {
        Map<String, String> expected = new TreeMap<>();
        for (Abi.CoreFunction function : Abi.CoreFunction.values()) {
            expected.put(function.importName(), signature(function.params(), function.results()));
        }
        return expected;
    }

    private static Map<String, Integer> expectedErrors() {
        Map<String, Integer> expected = new TreeMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            expected.put(code.name(), code.code());
        }
        return expected;
    }

    private static String signature(List<WasmType> params, List<WasmType> results) {
        return params + " -> " + results;
    }

    @Test
    void docsDescribeTheCoreModuleAndTheErrorCodesAsDefined() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/abi.md"));
        Map<String, String> core = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        boolean inCore = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inCore = line.equals("## Core module `" + Abi.CORE_MODULE + "`");
            }
            Matcher row = DOC_ROW.matcher(line);
            if (inCore && row.find()) {
                core.put(row.group(1), signature(docTypes(row.group(2)), docTypes(row.group(3))));
            }
            Matcher error = DOC_ERROR.matcher(line);
            if (error.find()) {
                errors.put(error.group(2), Integer.parseInt(error.group(1)));
            }
        }
        assertThat(core).isEqualTo(expectedCore());
        assertThat(errors).isEqualTo(expectedErrors());
        assertThat(String.join("\n", lines))
                .startsWith("# wasmbox guest ABI, version " + Abi.VERSION);
    }

    @Test
    void theRustPdkImportsTheCoreModuleAndUsesTheErrorCodesAsDefined() throws IOException {
        String sys = Files.readString(ROOT.resolve("plugins-rust/wasmbox-pdk/src/sys.rs"));
        String coreBlock = externBlock(sys, Abi.CORE_MODULE);
        Map<String, String> core = new TreeMap<>();
        Matcher function = RUST_FN.matcher(coreBlock);
        while (function.find()) {
            List<WasmType> params = new ArrayList<>();
            for (String param : function.group(2).split(",")) {
                if (!param.isBlank()) {
                    params.add(rustType(param.substring(param.indexOf(':') + 1)));
                }
            }
            List<WasmType> results =
                    function.group(3) == null ? List.of() : List.of(rustType(function.group(3)));
            core.put(function.group(1), signature(params, results));
        }
        assertThat(core).isEqualTo(expectedCore());

        Map<String, Integer> errors = new TreeMap<>();
        Matcher error = RUST_ERROR.matcher(sys);
        while (error.find()) {
            errors.put(error.group(1), Integer.parseInt(error.group(2)));
        }
        assertThat(errors).isEqualTo(expectedErrors());
    }

    /** The body of {@code #[link(wasm_import_module = "module")] extern "C" { ... }}. */
    private static String externBlock(String source, String module) {
        String marker = "#[link(wasm_import_module = \"" + module + "\")]";
        int at = source.indexOf(marker);
        assertThat(at).as("an extern block for module %s", module).isNotNegative();
        int open = source.indexOf('{', at);
        return source.substring(open + 1, source.indexOf('}', open));
    }

    /** On wasm32 pointers and {@code usize} are {@code i32}. */
    private static WasmType rustType(String text) {
        String type = text.trim();
        if (type.startsWith("*") || type.equals("usize") || type.equals("isize")) {
            return WasmType.I32;
        }
        return WasmType.valueOf(type.toUpperCase(Locale.ROOT));
    }

    /** {@code dst: i32, len: i32}, {@code i32} or {@code ()}. */
    private static List<WasmType> docTypes(String text) {
        List<WasmType> types = new ArrayList<>();
        Arrays.stream(text.replace("(", "").replace(")", "").split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .forEach(
                        t ->
                                types.add(
                                        WasmType.valueOf(
                                                t.substring(t.indexOf(':') + 1)
                                                        .trim()
                                                        .toUpperCase(Locale.ROOT))));
        return types;
    }
}
