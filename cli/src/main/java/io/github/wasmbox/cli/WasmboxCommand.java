/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.cli;

import io.github.wasmbox.oci.OciException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wasmbox} command: checks a plugin against the real sandbox without writing a Java
 * program. Exit codes: 0 success, 1 the check or call failed, 2 a usage or input error (a missing
 * file, a file that is no WebAssembly module, a bad policy file). A user error prints one message
 * that says what to change, never a stack trace.
 */
@Command(
        name = "wasmbox",
        mixinStandardHelpOptions = true,
        versionProvider = WasmboxCommand.Version.class,
        description =
                "Inspect, audit and call wasmbox plugins in the real sandbox; sign, push and pull"
                        + " them.",
        subcommands = {
            InspectCommand.class,
            AuditCommand.class,
            CallCommand.class,
            ReplayCommand.class,
            LearnCommand.class,
            DigestCommand.class,
            KeygenCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            PushCommand.class,
            PullCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the check or the call failed (push, pull: the registry refused or failed a check)",
            "2:usage or input error (missing file, not a Wasm module, bad policy)"
        })
public final class WasmboxCommand {
    /** The check or the call failed. */
    static final int FAILED = 1;

    /** A usage or input error. */
    static final int USAGE = CommandLine.ExitCode.USAGE;

    private WasmboxCommand() {}

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine(System.in, System.out, System.err).execute(args));
    }

    /**
     * The command line on the given streams: input errors become one line on {@code err} and exit
     * code 2, a registry's refusal or failure one line and exit code 1, any other exception (a bug)
     * keeps its stack trace and exits 1.
     */
    static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine line =
                new CommandLine(
                        new WasmboxCommand(),
                        new CommandLine.IFactory() {
                            @Override
                            public <K> K create(Class<K> type) throws Exception {
                                // call writes the plugin's output as bytes and may read stdin.
                                return type == CallCommand.class
                                        ? type.cast(new CallCommand(in, out))
                                        : defaults.create(type);
                            }
                        });
        line.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        line.setExecutionExceptionHandler(
                (e, failed, parseResult) -> {
                    // An OciException is a refusal or a registry failure, whose message says
                    // which and what to change: a failed check, not a usage error.
                    if (e instanceof InputException || e instanceof OciException) {
                        PrintWriter message = failed.getErr();
                        message.println(
                                "wasmbox " + failed.getCommandName() + ": " + e.getMessage());
                        message.flush();
                        return e instanceof InputException ? USAGE : FAILED;
                    }
                    throw e;
                });
        return line;
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WasmboxCommand.class.getPackage().getImplementationVersion();
            return new String[] {"wasmbox " + (version == null ? "(development build)" : version)};
        }
    }
}
