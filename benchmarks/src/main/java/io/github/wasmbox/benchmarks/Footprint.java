package io.github.wasmbox.benchmarks;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.policy.StateMode;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.internal.CallState;
import io.github.wasmbox.sandbox.internal.engine.GuestInstance;
import io.github.wasmbox.sandbox.internal.InstanceSpec;
import io.github.wasmbox.sandbox.internal.endive.EndiveModule;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Retained heap per idle pooled instance: creates N instances the way a wasmbox pool does
 * (instantiate, serve one call, keep), and divides the heap growth measured after full GCs by N.
 * Also the same for raw Chicory with its own memory. Usage: {@code Footprint [N]}.
 */
public final class Footprint {
    private Footprint() {}

    /** One measured configuration. */
    public record Result(String fixture, String variant, int instances, long bytesPerInstance) {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        for (Result result : measureAll(n)) {
            System.out.printf(
                    "%-16s %-22s %6d instances  %,10d bytes/instance (%,d KiB)%n",
                    result.fixture(),
                    result.variant(),
                    result.instances(),
                    result.bytesPerInstance(),
                    result.bytesPerInstance() / 1024);
        }
    }

    /** Every fixture, wasmbox and raw. */
    public static List<Result> measureAll(int n) {
        List<Result> results = new ArrayList<>();
        for (String[] fixture :
                new String[][] {
                    {Fixtures.CALLS, "noop"},
                    {Fixtures.ECHO, "echo"},
                    {Fixtures.DISCOUNT, "quote"},
                    {Fixtures.SHA256, "sha256"}
                }) {
            results.add(wasmbox(fixture[0], fixture[1], n));
            results.add(raw(fixture[0], n));
        }
        return results;
    }

    private static byte[] input(String function) {
        switch (function) {
            case "quote":
                return Fixtures.ORDER;
            case "sha256":
                return new byte[4096];
            default:
                return "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** wasmbox instances (FlatMemory, CallState, WASI), each after one call. */
    public static Result wasmbox(String fixture, String function, int n) {
        PluginPolicy policy = Fixtures.policy(StateMode.STATEFUL, 1);
        EndiveModule module = EndiveModule.compile(fixture, Fixtures.wasm(fixture));
        Map<String, HostFunctionDefinition> granted = new HashMap<>();
        for (HostFunctionDefinition definition : Fixtures.discountHost().hostFunctions()) {
            granted.put(definition.qualifiedName(), definition);
        }
        InstanceSpec spec = new InstanceSpec(policy, granted, Map.of(), false, 0, 0);
        byte[] input = input(function);
        List<GuestInstance> kept = new ArrayList<>(n);
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            CallState state =
                    new CallState(
                            fixture,
                            policy,
                            PayloadCodec.json(),
                            LoggerFactory.getLogger("footprint"),
                            denied -> {},
                            quota -> {},
                            module.newFuelMeter(),
                            64 << 10);
            state.begin(new CallContext(fixture, function, i, Map.of()), input, Long.MAX_VALUE);
            GuestInstance instance = module.instantiate(spec, state);
            state.fuel().set(Long.MAX_VALUE / 4);
            if (function.equals("noop") || instance.call(function) == 0) {
                kept.add(instance);
            } else {
                throw new IllegalStateException(fixture + " failed: " + state.errorMessage());
            }
        }
        long after = usedAfterGc();
        long per = (after - before) / n;
        kept.forEach(GuestInstance::close);
        return new Result(fixture, "wasmbox (flat memory)", n, per);
    }

    /** Raw Chicory instances with ByteArrayMemory, each after one call. */
    public static Result raw(String fixture, int n) {
        var module = RawPlugin.parse(Fixtures.wasm(fixture), false);
        var compiled = RawPlugin.compile(module);
        List<RawPlugin> kept = new ArrayList<>(n);
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            kept.add(new RawPlugin(module, compiled, RawPlugin.MemoryKind.CHICORY, false));
        }
        long after = usedAfterGc();
        kept.forEach(RawPlugin::close);
        return new Result(fixture, "raw Chicory (its memory)", n, (after - before) / n);
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
