/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.ClockPolicy;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.PreopenGrant;
import io.github.wasmbox.policy.RandomPolicy;
import io.github.wasmbox.sandbox.ResourceExhaustedException.Resource;
import io.github.wasmbox.sandbox.internal.wasi.CallerEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WASI through wasmbox, driven by a C program ({@code wasi/probe.c}) and two Rust programs ({@code
 * wasi/conformance.rs} through Rust's std, {@code wasi/preview1.rs} calling every preview-1
 * function directly): what a granted plugin can still do (conformance), the errno of every failure
 * path the official WASI testsuite checks, and each way a hostile one tries to leave its grant,
 * with the errno or exception that stops it.
 */
class WasiTest {
    private static final byte[] PROBE = wasm("probe");
    private static final byte[] CONFORMANCE = wasm("conformance");
    private static final byte[] PREVIEW1 = wasm("preview1");

    // One runtime for the class: it compiles each module once, which is most of the cost.
    private static final PluginRuntime runtime = PluginRuntime.builder().build();
    private static final AtomicInteger names = new AtomicInteger();

    @TempDir Path host;

    @AfterAll
    static void close() {
        runtime.close();
    }

    static byte[] wasm(String name) {
        try (InputStream in = WasiTest.class.getResourceAsStream("/wasi/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PluginPolicy.Builder policy(
            UnaryOperator<Limits.Builder> limits, String... args) {
        return Fixtures.limits(limits).toBuilder().args(args);
    }

    private static PluginPolicy.Builder probePolicy(String scenario) {
        return policy(l -> l, scenario);
    }

    private static PreopenGrant.Builder data() {
        return PreopenGrant.inMemory("/data").file("x.txt", "x".getBytes(UTF_8)).readOnly(false);
    }

    private static PreopenGrant readOnly() {
        return PreopenGrant.inMemory("/ro").file("hello.txt", "hi".getBytes(UTF_8)).build();
    }

    private static Plugin load(byte[] module, PluginPolicy policy) {
        return runtime.load("probe-" + names.incrementAndGet(), PluginSource.bytes(module), policy);
    }

    private static String run(byte[] module, PluginPolicy policy, String input) {
        return new String(load(module, policy).call("_start", input.getBytes(UTF_8)), UTF_8);
    }

    private static String probe(PluginPolicy policy) {
        return run(PROBE, policy, "");
    }

    // --- conformance: what a granted plugin can do ---

    @Test
    void cFilesDirectoriesSeekTruncateAppendRenameAndReaddirWork() {
        assertThat(probe(probePolicy("files").preopen(data().build()).build()))
                .isEqualTo(
                        String.join(
                                "\n",
                                "mkdir ok",
                                "read /data/sub/a.txt: hello world",
                                "open rw ok",
                                "seek 6",
                                "overwrite ok",
                                "seek end 11",
                                "truncate ok",
                                "read /data/sub/a.txt: hello WA",
                                "append ok",
                                "read /data/sub/a.txt: hello WA+tail",
                                "stat ok",
                                "size 13",
                                "rename ok",
                                "ls /data: b.txt sub x.txt",
                                "ls /data/sub:",
                                "unlink ok",
                                "rmdir ok",
                                "open missing ENOENT",
                                "ls /data: x.txt",
                                ""));
    }

    @Test
    void rustStdFilesEnvArgsAndExitCodeWork() {
        PreopenGrant data =
                PreopenGrant.inMemory("/data")
                        .file("input.txt", "from the host".getBytes(UTF_8))
                        .readOnly(false)
                        .build();
        PluginPolicy policy = policy(l -> l, "0").allowEnv("REGION", "eu").preopen(data).build();

        assertThat(run(CONFORMANCE, policy, ""))
                .isEqualTo(
                        String.join(
                                "\n",
                                "args [\"0\"]",
                                "env [(\"REGION\", \"eu\")]",
                                "seek+read 23xy67",
                                "len 5",
                                "readdir [\"b\", \"two.txt\"]",
                                "content 0123x",
                                "input from the host",
                                "passwd Uncategorized",
                                "cleaned true",
                                ""));

        PluginPolicy failing = policy.toBuilder().args("3").build();
        assertThatThrownBy(() -> run(CONFORMANCE, failing, ""))
                .isInstanceOfSatisfying(
                        PluginFailedException.class, e -> assertThat(e.code()).isEqualTo(3))
                .hasMessageContaining("exiting with 3");
    }

    @Test
    void cAppendModeReadsPwritesAtTheEndAndTurnsOffAsOnLinux() {
        assertThat(probe(probePolicy("append").preopen(data().build()).build()))
                .isEqualTo(
                        String.join(
                                "\n",
                                "open append ok",
                                "offset 4",
                                "read abcd",
                                "pwrite 1 offset 4 end 5",
                                "flags append 1",
                                "setfl ok",
                                "same file 1",
                                "read /data/log.txt: ZbcdX",
                                "a+ read ZbcdX+a+b",
                                ""));
    }

    @Test
    void everyPreview1FunctionAndTheErrnoOfEachFailureMatchLinux() {
        assertThat(run(PREVIEW1, policy(l -> l).preopen(data().build()).build(), "").split("\n"))
                .containsExactly(
                        // append mode: reads, seeks, fd_pwrite at the end, fd_fdstat_set_flags
                        "append tell 6",
                        "append read abcdef",
                        "append pwrite ok",
                        "append pwrite tell 6 size 7",
                        "append flags 1",
                        "set flags 0 ok",
                        "after set flags ZbcdefX",
                        "set flags unknown EINVAL",
                        "pread at 2 ok",
                        "pread 3 cde",
                        // rights narrow and never widen; a directory passes on what it has
                        "drop read ok",
                        "read without right EBADF",
                        "widen ENOTCAPABLE",
                        "tell still ok",
                        "trunc with right ok",
                        "drop set size ok",
                        "trunc without right ENOTCAPABLE",
                        // path_open
                        "open absolute EPERM",
                        "open escape EPERM",
                        "open dotted ok",
                        "open file/ ENOTDIR",
                        "open d/// ok",
                        "open missing ENOENT",
                        "open file as dir ENOTDIR",
                        "create excl existing EEXIST",
                        "open dir for write EISDIR",
                        "create new/ EISDIR",
                        "open with NUL EINVAL",
                        "file as dirfd ENOTDIR",
                        // symlinks
                        "symlink ok",
                        "open symlink nofollow ELOOP",
                        "open symlink follow ok",
                        "open symlink as dir ENOTDIR",
                        "symlink loop ok",
                        "open loop ELOOP",
                        "readlink ok",
                        "readlink file",
                        "readlink short ok",
                        "readlink short fi",
                        "readlink file EINVAL",
                        "symlink to nothing/ ENOENT",
                        "symlink onto dir/ EEXIST",
                        "symlink onto file/ ENOTDIR",
                        "symlink onto file EEXIST",
                        "symlink absolute EPERM",
                        "symlink filetype 7",
                        "set times nofollow ok",
                        "symlink mtim moved true file mtim kept true",
                        "set times both atim EINVAL",
                        "set times missing ENOENT",
                        "symlink up inside ok",
                        "open through up ok",
                        "open up above its dirfd EPERM",
                        // hard links, a dangling symlink included
                        "link ok",
                        "nlink 2",
                        "link onto existing EEXIST",
                        "link to dir EPERM",
                        "link to x/ ENOENT",
                        "link missing ENOENT",
                        "link dangling symlink ok",
                        "linked symlink filetype 7",
                        "link dangling follow ENOENT",
                        // rename, rmdir, unlink
                        "rmdir nonempty ENOTEMPTY",
                        "rename dir onto nonempty ENOTEMPTY",
                        "rename file onto dir EISDIR",
                        "rename dir into itself EINVAL",
                        "rename dir/ to c/ ok",
                        "rename file/ ENOTDIR",
                        "rename missing ENOENT",
                        "rename file over file ok",
                        "rmdir file ENOTDIR",
                        "rmdir dot EINVAL",
                        "unlink dir EISDIR",
                        "unlink file/ ENOTDIR",
                        "rmdir c/ ok",
                        "rmdir b ok",
                        // descriptor functions, on the wrong kind of descriptor and on a file
                        "read dir EISDIR",
                        "write dir EISDIR",
                        "pread dir EISDIR",
                        "seek dir EISDIR",
                        "tell dir EISDIR",
                        "allocate dir EISDIR",
                        "set size dir EISDIR",
                        "seek stdout ESPIPE",
                        "pwrite stdout ESPIPE",
                        "readdir file ENOTDIR",
                        "allocate ok",
                        "allocated size 30",
                        "set size ok",
                        "set size 5",
                        "seek negative EINVAL",
                        "seek whence EINVAL",
                        "advise ok",
                        "advise bad EINVAL",
                        "set times now ok",
                        "sync ok",
                        "datasync ok",
                        "fstat ok",
                        "fstat size 5 type 4",
                        "renumber ok",
                        "close renumbered EBADF",
                        "renumber bad EBADF",
                        "close ok",
                        "close again EBADF",
                        "prestat name short ENAMETOOLONG",
                        "prestat stdin EBADF",
                        // fd_readdir a buffer at a time: cookies continue, . and .. first
                        "readdir .:3 ..:3 one:4 two:4",
                        // the rest
                        "clock res ok",
                        "clock time ok",
                        "clock cputime ENOTSUP",
                        "random ok",
                        "yield ok",
                        "raise ENOSYS",
                        "shutdown bad fd EBADF",
                        "shutdown stdin ENOTSOCK",
                        "poll ok",
                        "poll events 2 7 8",
                        "poll none EINVAL");
    }

    @Test
    void argsAndEnvironmentAreExactlyWhatThePolicyGrants() {
        // argv[0] is the plugin's name; the policy's args follow it.
        assertThat(probe(probePolicy("env").allowEnv("REGION", "eu").build()))
                .matches("arg probe-\\d+\narg env\nREGION=eu\nHOME=\\(unset\\)\n");
    }

    @Test
    void aCallersEnvironmentReachesThatCallOfACommandOnly() {
        Plugin plugin = load(PROBE, probePolicy("env").allowEnv("REGION", "eu").build());
        CallResult withHome =
                plugin.invoke(
                        "_start", new byte[0], Map.of("env.HOME", "/home/guest", "tenant", "t1"));
        assertThat(new String(withHome.output(), UTF_8))
                .matches("arg probe-\\d+\narg env\nREGION=eu\nHOME=/home/guest\n");
        // A command runs a new instance per call: the next call does not see the last one's.
        assertThat(new String(plugin.call("_start", new byte[0]), UTF_8))
                .endsWith("HOME=(unset)\n");
    }

    @Test
    void aCallerCannotReplaceThePolicysVariablesNorPassHostileOnes() {
        Plugin plugin = load(PROBE, probePolicy("env").allowEnv("REGION", "eu").build());
        // The policy grants REGION even where it has no value: the grant's name is reserved.
        Plugin unset =
                load(
                        PROBE,
                        probePolicy("env")
                                .passHostEnv("REGION", "WASMBOX_TEST_UNSET_VARIABLE")
                                .build());
        Map<String, String> tooMany = new HashMap<>();
        for (int i = 0; i <= CallerEnvironment.MAX_VARIABLES; i++) {
            tooMany.put("env.V" + i, "x");
        }
        Map<Map<String, String>, String> refused =
                Map.of(
                        Map.of("env.REGION", "us"),
                        "granted by the plugin's policy",
                        Map.of("env.PATH=/evil", "x"),
                        "not valid",
                        Map.of("env.", "x"),
                        "not valid",
                        Map.of("env.A\0B", "x"),
                        "not valid",
                        Map.of("env." + "N".repeat(CallerEnvironment.MAX_NAME_BYTES + 1), "x"),
                        "not valid",
                        Map.of("env.A", "x\0y"),
                        "NUL",
                        Map.of("env.BIG", "v".repeat(CallerEnvironment.MAX_BYTES)),
                        "bytes of them",
                        tooMany,
                        "more than " + CallerEnvironment.MAX_VARIABLES);
        refused.forEach(
                (attributes, message) ->
                        assertThatThrownBy(() -> plugin.invoke("_start", new byte[0], attributes))
                                .isInstanceOf(IllegalArgumentException.class)
                                .hasMessageContaining(message));
        assertThatThrownBy(() -> unset.invoke("_start", new byte[0], Map.of("env.REGION", "us")))
                .hasMessageContaining("granted by the plugin's policy");
        // Variables are for commands: a reactor's instances outlive the call.
        Plugin reactor =
                runtime.load(
                        "reactor-" + names.incrementAndGet(),
                        Fixtures.source("echo"),
                        Fixtures.relaxed());
        assertThatThrownBy(() -> reactor.invoke("echo", new byte[0], Map.of("env.A", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a command plugin");
    }

    @Test
    void aCommandsStdinIsTheCallInputAndNothingElse() {
        assertThat(run(PROBE, probePolicy("stdin").build(), "piped input"))
                .isEqualTo("piped input");
        assertThat(run(PROBE, probePolicy("stdin").build(), "")).isEmpty();
    }

    @Test
    void exitCodesReachTheHostWithTheTailOfStderr() {
        assertThatThrownBy(() -> probe(policy(l -> l, "exit", "42").build()))
                .isInstanceOfSatisfying(
                        PluginFailedException.class, e -> assertThat(e.code()).isEqualTo(42))
                .hasMessageContaining("exiting with 42");
    }

    @Test
    void aShortSleepEndsNormally() {
        assertThat(probe(policy(l -> l, "sleep", "5").build())).isEqualTo("woke\n");
    }

    // --- file system escapes ---

    @Test
    void pathTraversalAbsolutePathsAndEscapingSymlinksStayInsideTheGrant() {
        assertThat(probe(probePolicy("escape").preopen(data().build()).preopen(readOnly()).build()))
                .isEqualTo(
                        String.join(
                                "\n",
                                "open /etc/passwd ENOTCAPABLE",
                                "open ../etc/passwd EPERM",
                                "open ../../../etc/passwd EPERM",
                                "symlink abs EPERM",
                                "symlink up EPERM",
                                "symlink inside ok",
                                "rename across EXDEV",
                                "reserved name EINVAL",
                                "reserved name lpt EINVAL",
                                "read /data/in: x",
                                "ls /data: in x.txt",
                                ""));
    }

    @Test
    void aHostSymlinkToEtcFailsTheLoadInsteadOfExposingTheHost() throws IOException {
        Files.writeString(host.resolve("ok.txt"), "fine");
        Files.createSymbolicLink(host.resolve("outdir"), Path.of("/etc"));
        PluginPolicy policy =
                probePolicy("files").preopen(PreopenGrant.directory("/data", host).build()).build();

        assertThatThrownBy(() -> load(PROBE, policy))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("'outdir' is an absolute symlink");
    }

    @Test
    void aRelativeSymlinkThatClimbsOutOfTheGrantFailsTheLoad() throws IOException {
        Path granted = Files.createDirectory(host.resolve("granted"));
        Files.writeString(host.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(granted.resolve("peek"), Path.of("../secret.txt"));
        PluginPolicy policy =
                probePolicy("files")
                        .preopen(PreopenGrant.directory("/data", granted).build())
                        .build();

        assertThatThrownBy(() -> load(PROBE, policy))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("points outside the directory");
    }

    @Test
    void aHostDirectoryIsCopiedInSoTheGuestNeverTouchesTheHost() throws IOException {
        Files.writeString(host.resolve("x.txt"), "x");
        Files.createSymbolicLink(host.resolve("alias.txt"), Path.of("x.txt"));
        PluginPolicy policy =
                probePolicy("files")
                        .preopen(PreopenGrant.directory("/data", host).readOnly(false).build())
                        .build();
        Plugin plugin = load(PROBE, policy);
        // A link planted after the load is not seen: instances mount the load-time copy.
        Files.createSymbolicLink(host.resolve("late"), Path.of("/etc"));

        String out = new String(plugin.call("_start", new byte[0]), UTF_8);

        assertThat(out)
                .contains("ls /data: alias.txt b.txt sub x.txt", "ls /data: alias.txt x.txt");
        try (var listing = Files.list(host)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("x.txt", "alias.txt", "late");
        }
    }

    @Test
    void aHostDirectoryOverItsSizeOrFileCapFailsTheLoad() throws IOException {
        Files.write(host.resolve("big.bin"), new byte[4096]);
        PluginPolicy tooBig =
                probePolicy("files")
                        .preopen(PreopenGrant.directory("/data", host).maxBytes(1024).build())
                        .build();
        assertThatThrownBy(() -> load(PROBE, tooBig))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("more than maxBytes");

        Files.write(host.resolve("second.bin"), new byte[1]);
        PluginPolicy tooMany =
                probePolicy("files")
                        .preopen(PreopenGrant.directory("/data", host).maxFiles(1).build())
                        .build();
        assertThatThrownBy(() -> load(PROBE, tooMany))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("more than maxFiles = 1");
    }

    @Test
    void aReadOnlyGrantRefusesEveryMutationTruncationIncluded() {
        assertThat(probe(probePolicy("readonly").preopen(readOnly()).build()))
                .isEqualTo(
                        String.join(
                                "\n",
                                "read /ro/hello.txt: hi",
                                "ls /ro: hello.txt",
                                "open write EROFS",
                                "open trunc EROFS",
                                "create EROFS",
                                "mkdir EROFS",
                                "unlink EROFS",
                                "rename EROFS",
                                "symlink EROFS",
                                "ftruncate EROFS",
                                "read /ro/hello.txt: hi",
                                ""));
    }

    @Test
    void aReadOnlyViolationTrapsWhenThePolicyTrapsOnDenials() {
        PluginPolicy policy =
                probePolicy("readonly").preopen(readOnly()).trapOnDenial(true).build();

        assertThatThrownBy(() -> probe(policy))
                .isInstanceOfSatisfying(
                        PolicyViolationException.class,
                        e -> assertThat(e.capability()).isEqualTo("wasi:path_open"))
                .hasMessageContaining("EROFS");
    }

    // --- quotas ---

    @Test
    void openingFilesWithoutEndGetsEmfileAtTheQuota() {
        PluginPolicy policy = policy(l -> l.maxOpenFiles(8), "fds").preopen(data().build()).build();
        assertThat(probe(policy)).isEqualTo("opened 8 then EMFILE\n");
    }

    @Test
    void writingWithoutEndGetsEnospcAtTheBytesWrittenQuota() {
        PluginPolicy policy =
                policy(l -> l.maxBytesWritten(100_000), "fill")
                        .preopen(data().maxBytes(1 << 20).build())
                        .build();
        assertThat(probe(policy)).isEqualTo("wrote 100000 then ENOSPC\n");
    }

    @Test
    void writingWithoutEndGetsEnospcAtTheGrantsSize() {
        PluginPolicy policy =
                policy(l -> l.maxBytesWritten(1 << 20), "fill")
                        .preopen(data().maxBytes(50_001).build())
                        .build();
        // The grant holds x.txt (1 byte) already.
        assertThat(probe(policy)).isEqualTo("wrote 50000 then ENOSPC\n");
    }

    @Test
    void aWriteIsChargedForTheEntriesItsGrantHoldsNotForItsFileQuota() {
        // Before each write the guard walks the grant to measure it: the walk, and its charge,
        // follow the two entries the grant holds, whatever its file quota.
        assertThat(fuelToFill(100_000)).isEqualTo(fuelToFill(64));
    }

    private static long fuelToFill(int maxFiles) {
        PluginPolicy policy =
                policy(l -> l.maxBytesWritten(100_000), "fill")
                        .preopen(data().maxBytes(1 << 20).maxFiles(maxFiles).build())
                        .build();
        CallResult result = load(PROBE, policy).invoke("_start", new byte[0]);
        assertThat(result.outputAsString()).isEqualTo("wrote 100000 then ENOSPC\n");
        return result.fuelConsumed();
    }

    @Test
    void creatingFilesWithoutEndGetsEnospcAtTheFileQuota() {
        PluginPolicy policy = probePolicy("manyfiles").preopen(data().maxFiles(5).build()).build();
        assertThat(probe(policy)).isEqualTo("created 4 then ENOSPC\n");
    }

    @Test
    void oneGiantWriteIsShortenedToThePerCallCap() {
        PluginPolicy policy =
                policy(l -> l.maxHostResultBytes(65536).maxMemoryBytes(32 << 20), "bigwrite")
                        .preopen(data().maxBytes(16 << 20).build())
                        .build();
        assertThat(probe(policy)).isEqualTo("single write 65536\n");
    }

    @Test
    void aCommandsStdoutPastTheOutputCapStopsTheCall() {
        // A command's stdout is its output, so max-output caps it (max-stdout caps reactors').
        PluginPolicy policy = policy(l -> l.maxOutputBytes(4), "stdin").build();
        assertThatThrownBy(() -> run(PROBE, policy, "more than four bytes"))
                .isInstanceOfSatisfying(
                        ResourceExhaustedException.class,
                        e -> assertThat(e.resource()).isEqualTo(Resource.OUTPUT));
    }

    // --- time and randomness ---

    @Test
    void aFixedClockIsFrozenAndCpuTimeClocksAreRefused() {
        PluginPolicy policy =
                probePolicy("clock")
                        .clock(ClockPolicy.fixed(Instant.ofEpochSecond(1_700_000_000)))
                        .build();
        assertThat(probe(policy))
                .isEqualTo(
                        String.join(
                                "\n",
                                "realtime ok",
                                "realtime 1700000000.000000000",
                                "monotonic ok",
                                "resolution ok",
                                "resolution 1.000000000",
                                "process cputime ENOTSUP",
                                "thread cputime ENOTSUP",
                                ""));
    }

    @Test
    void aCoarsenedClockReportsAndKeepsItsResolution() {
        PluginPolicy policy =
                probePolicy("clock").clock(ClockPolicy.coarsened(Duration.ofMillis(10))).build();
        String out = probe(policy);
        assertThat(out).contains("resolution 0.010000000");
        String realtime =
                out.lines()
                        .filter(l -> l.matches("realtime \\d+\\.\\d+"))
                        .findFirst()
                        .orElseThrow();
        assertThat(realtime).endsWith("0000000");
    }

    @Test
    void randomIsSecureByDefaultAndReproducibleWhenSeeded() {
        String first = probe(probePolicy("random").build());
        String second = probe(probePolicy("random").build());
        assertThat(first).startsWith("getentropy ok\n").isNotEqualTo(second);

        PluginPolicy seeded = probePolicy("random").random(RandomPolicy.seeded(7)).build();
        assertThat(probe(seeded)).isEqualTo(probe(seeded));
    }

    @Test
    void aSleepPastTheDeadlineEndsAtTheDeadline() {
        PluginPolicy policy =
                policy(l -> l.timeout(Duration.ofMillis(300)), "sleep", "60000").build();
        assertThatThrownBy(() -> probe(policy))
                .isInstanceOf(PluginTimeoutException.class)
                .hasMessageContaining("timed out after 300 ms");
    }
}
