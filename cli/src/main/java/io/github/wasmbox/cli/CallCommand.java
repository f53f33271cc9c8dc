/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PolicyFileException;
import io.github.wasmbox.policy.PolicyFiles;
import io.github.wasmbox.sandbox.CallResult;
import io.github.wasmbox.sandbox.Plugin;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code wasmbox call FILE FUNCTION}: loads the plugin in the real sandbox under the policy and
 * calls one function. The output goes to stdout as the plugin wrote it; the call's fuel, time and
 * peak memory follow on stderr.
 */
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description = {
            "Runs one plugin function in the real sandbox and prints its output (stdout), then"
                    + " the fuel, time and peak memory it used (stderr). A command-mode plugin"
                    + " (exports _start) reads the input as its stdin; any FUNCTION name works.",
            "Without --policy the plugin runs under the deny-all policy (a link error names each"
                    + " grant it lacks) with the default limits, but a 10 s timeout: a fresh JVM runs"
                    + " a first call far slower than a warmed-up host."
        })
final class CallCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The plugin module (.wasm).")
    Path file;

    @Parameters(
            index = "1",
            paramLabel = "FUNCTION",
            description = "The plugin function to call (_start for a command-mode plugin).")
    String function;

    @Option(
            names = "--input",
            paramLabel = "FILE|-",
            description = "The call's input: a file, or - for stdin. Default: empty.")
    @Nullable String input;

    @Mixin PolicyOption policyOption;

    @Option(names = "--fuel", paramLabel = "N", description = "Overrides the policy's fuel.")
    @Nullable String fuel;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Overrides the policy's timeout, in policy-file syntax (250ms, 2s).")
    @Nullable String timeout;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            description = "Overrides the policy's max-memory, in policy-file syntax (16MB).")
    @Nullable String maxMemory;

    @Option(names = "--json", description = "Print one JSON object instead of raw output.")
    boolean json;

    @Option(
            names = "--record",
            paramLabel = "DIR",
            description =
                    "Records the call into DIR/<plugin>.jsonl (input, host answers, output, fuel),"
                            + " for replay and learn. Records hold inputs and host answers such as"
                            + " config values: keep them as private as the data.")
    @Nullable Path record;

    /** Deny-all with the default limits; the timeout leaves room for a cold JVM's first call. */
    private static final PluginPolicy WITHOUT_POLICY =
            PluginPolicy.builder()
                    .limits(Limits.defaults().toBuilder().timeout(Duration.ofSeconds(10)).build())
                    .build();

    private final InputStream stdin;
    private final OutputStream stdout;

    CallCommand(InputStream stdin, OutputStream stdout) {
        this.stdin = stdin;
        this.stdout = stdout;
    }

    @Override
    public Integer call() throws IOException {
        PluginFile plugin = PluginFile.read(file);
        PluginPolicy policy = withOverrides(policyOption.policy(WITHOUT_POLICY));
        byte[] in = readInput();
        String name = policyOption.name(plugin.defaultName());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CallResult result;
        try (Sandbox sandbox = new Sandbox(name, record)) {
            Plugin loaded = sandbox.runtime.load(name, source(plugin), policy);
            result = loaded.invoke(function, in);
        } catch (PluginException e) {
            if (json) {
                ObjectNode root = Json.object();
                root.putObject("error")
                        .put("type", e.getClass().getSimpleName())
                        .put("message", e.getMessage());
                Json.print(out, root);
            } else {
                err.println("wasmbox call: " + e.getMessage());
                err.flush();
            }
            return WasmboxCommand.FAILED;
        }
        if (json) {
            ObjectNode root = Json.object();
            putBytes(root, "output", result.output());
            root.put("fuel", result.fuelConsumed());
            root.put("timeNanos", result.duration().toNanos());
            root.put("peakMemoryBytes", result.peakMemoryBytes());
            putBytes(root, "stdout", result.stdout());
            putBytes(root, "stderr", result.stderr());
            Json.print(out, root);
        } else {
            out.flush();
            stdout.write(result.output());
            stdout.flush();
            err.printf(
                    "%nfuel %d, time %.3f ms, peak memory %d bytes%n",
                    result.fuelConsumed(),
                    result.duration().toNanos() / 1e6,
                    result.peakMemoryBytes());
            err.flush();
        }
        return 0;
    }

    /** The module's bytes as read, described by its absolute path, which a record keeps. */
    private PluginSource source(PluginFile plugin) {
        byte[] bytes = plugin.bytes;
        return PluginSource.of(
                file.toAbsolutePath().normalize().toString(),
                () -> new ByteArrayInputStream(bytes));
    }

    /**
     * The limits given as options, parsed as the policy file's {@code limits} section so that they
     * take the same syntax and give the same messages.
     */
    private PluginPolicy withOverrides(PluginPolicy policy) {
        if (fuel == null && timeout == null && maxMemory == null) {
            return policy;
        }
        ObjectNode limits = Json.object();
        ObjectNode file = Json.object().set("limits", limits);
        if (fuel != null) {
            try {
                limits.put("fuel", Long.parseLong(fuel));
            } catch (NumberFormatException e) {
                throw new InputException("--fuel must be a whole number, got '" + fuel + "'");
            }
        }
        if (timeout != null) {
            limits.put("timeout", timeout);
        }
        if (maxMemory != null) {
            limits.put("max-memory", maxMemory);
        }
        Limits given;
        try {
            given = PolicyFiles.parsePolicy(file.toString(), PolicyFiles.Format.JSON).limits();
        } catch (PolicyFileException e) {
            throw new InputException("a limit option is invalid: " + e.getMessage(), e);
        }
        Limits.Builder merged = policy.limits().toBuilder();
        if (fuel != null) {
            merged.fuel(given.fuel());
        }
        if (timeout != null) {
            merged.timeout(given.timeout());
        }
        if (maxMemory != null) {
            merged.maxMemoryBytes(given.maxMemoryBytes());
        }
        try {
            return policy.toBuilder().limits(merged.build()).build();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage(), e);
        }
    }

    private byte[] readInput() {
        if (input == null) {
            return new byte[0];
        }
        if (input.equals("-")) {
            try {
                return stdin.readNBytes((int) PluginFile.MAX_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return PluginFile.readBytes(Path.of(input));
    }

    /** Valid UTF-8 as text, anything else as {@code <key>Base64}. */
    private static void putBytes(ObjectNode node, String key, byte[] bytes) {
        try {
            node.put(
                    key,
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            node.put(key + "Base64", Base64.getEncoder().encodeToString(bytes));
        }
    }
}
