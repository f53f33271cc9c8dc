/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.wasm;

import io.github.wasmbox.policy.WasmFeature;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Valid modules from seeds, made by binaryen's {@code wasm-opt -ttf} ("translate to fuzz"), which
 * reads arbitrary bytes as a recipe for a module. The same seed and binaryen version give the same
 * module.
 *
 * <p>The modules use Wasm 2.0 (the features every wasmbox policy accepts, SIMD excluded: Endive 1.0
 * does not run it without its separate engine) plus whichever opt-in features are asked for. They
 * import binaryen's {@code fuzzing-support} logging functions, bound their own loops and recursion
 * with a {@code hangLimit} global that the export {@code hangLimitInitializer} resets, and export
 * their memory.
 */
final class TranslateToFuzz {
    /** The executable, from Debian's (and most distributions') {@code binaryen} package. */
    static final String WASM_OPT = "wasm-opt";

    private static final List<String> WASM_2_0 =
            List.of(
                    "--mvp-features",
                    "--enable-sign-ext",
                    "--enable-nontrapping-float-to-int",
                    "--enable-bulk-memory",
                    "--enable-multivalue",
                    "--enable-mutable-globals");

    private final Path wasmOpt;
    private final Path dir;

    private TranslateToFuzz(Path wasmOpt, Path dir) {
        this.wasmOpt = wasmOpt;
        this.dir = dir;
    }

    /** A generator working in {@code dir}, or empty when {@value #WASM_OPT} is not on the PATH. */
    static Optional<TranslateToFuzz> find(Path dir) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, WASM_OPT);
            if (Files.isExecutable(candidate)) {
                return Optional.of(new TranslateToFuzz(candidate, dir));
            }
        }
        return Optional.empty();
    }

    /**
     * The module for {@code seed}: 1 to 16 KiB of the seed's pseudo-random bytes, translated.
     *
     * @param features opt-in features the module may use: any but {@link WasmFeature#SIMD} (see
     *     above), {@link WasmFeature#GC} (binaryen 108 implements a draft) and {@link
     *     WasmFeature#MULTI_MEMORY} (binaryen 108 does not generate it)
     */
    byte[] module(long seed, Set<WasmFeature> features) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] recipe = new byte[1024 + random.nextInt(15 * 1024)];
        random.nextBytes(recipe);
        List<String> command = new ArrayList<>(List.of(wasmOpt.toString()));
        command.addAll(WASM_2_0);
        for (WasmFeature feature : features) {
            command.add(
                    switch (feature) {
                        case TAIL_CALLS -> "--enable-tail-call";
                        case EXTENDED_CONST -> "--enable-extended-const";
                        case MEMORY64 -> "--enable-memory64";
                        case THREADS -> "--enable-threads";
                        case EXCEPTIONS -> "--enable-exception-handling"; // the legacy try/catch
                        default -> throw new IllegalArgumentException(feature.fileName());
                    });
        }
        try {
            Path in = dir.resolve("seed-" + seed + ".bin");
            Path out = dir.resolve("seed-" + seed + ".wasm");
            Files.write(in, recipe);
            command.addAll(List.of("-ttf", in.toString(), "-o", out.toString()));
            Process process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("wasm-opt.log").toFile())
                            .start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command)
                                + " failed: "
                                + Files.readString(
                                        dir.resolve("wasm-opt.log"), StandardCharsets.UTF_8));
            }
            byte[] module = Files.readAllBytes(out);
            Files.delete(in);
            Files.delete(out);
            return module;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + WASM_OPT, e);
        }
    }
}
