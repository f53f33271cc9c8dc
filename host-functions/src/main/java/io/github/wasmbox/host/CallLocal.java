package io.github.wasmbox.host;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.wasmbox.sandbox.CallContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * State that belongs to one plugin call, such as a per-call budget or a per-call random stream:
 * like a {@link ThreadLocal}, but keyed by the call ({@link CallContext#pluginName()} and {@link
 * CallContext#callId()}), because the runtime does not promise that a call's host functions run on
 * one thread.
 *
 * <p>Entries are dropped when a call has not touched them for {@code idle} (and the least recently
 * used beyond {@code maximumCalls}), so state of finished calls does not accumulate. A call that
 * stays idle longer than that starts again from a fresh value; choose {@code idle} above the
 * longest call timeout.
 *
 * <p>Thread-safe; the values themselves must be thread-safe if one call may use them from more than
 * one thread.
 *
 * @param <T> the state's type
 */
public final class CallLocal<T> {
    private record Key(String pluginName, long callId) {}

    private final Cache<Key, T> values;
    private final Supplier<? extends T> initial;

    private CallLocal(Supplier<? extends T> initial, Duration idle, long maximumCalls) {
        this.initial = initial;
        this.values =
                Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(maximumCalls).build();
    }

    /**
     * Returns per-call state that starts as {@code initial.get()}, forgotten after ten idle minutes
     * and beyond 100,000 concurrent calls.
     */
    public static <T> CallLocal<T> of(Supplier<? extends T> initial) {
        return of(initial, Duration.ofMinutes(10), 100_000);
    }

    /** Returns per-call state with an explicit idle time and bound. */
    public static <T> CallLocal<T> of(
            Supplier<? extends T> initial, Duration idle, long maximumCalls) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(idle, "idle");
        if (idle.isNegative() || idle.isZero() || maximumCalls < 1) {
            throw new IllegalArgumentException("idle must be positive and maximumCalls at least 1");
        }
        return new CallLocal<>(initial, idle, maximumCalls);
    }

    /** Returns this call's value, creating it on first use. */
    public T get(CallContext context) {
        return values.get(new Key(context.pluginName(), context.callId()), key -> initial.get());
    }
}
