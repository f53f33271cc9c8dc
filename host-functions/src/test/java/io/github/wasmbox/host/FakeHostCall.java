/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.PayloadCodec;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.spi.ErrorCode;
import io.github.wasmbox.sandbox.spi.GuestMemory;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import io.github.wasmbox.sandbox.spi.HostCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HostCall} over a byte array, standing in for the runtime in unit tests. It allocates
 * guest buffers bump-style from offset 16, records the pending result, every denial and every
 * reached quota.
 */
public final class FakeHostCall implements HostCall, GuestMemory {
    private final java.util.Map<Object, Object> attachments = new java.util.HashMap<>();
    private final byte[] memory;
    private final PluginPolicy policy;
    private final CallContext context;
    private int next = 16;
    private byte[] pending = new byte[0];
    private Duration remaining = Duration.ofSeconds(5);
    public final List<String> denials = new ArrayList<>();
    public final List<String> quotas = new ArrayList<>();
    private long charged;

    public FakeHostCall(PluginPolicy policy) {
        this(policy, new CallContext("test", "run", 1, Map.of()));
    }

    public FakeHostCall(PluginPolicy policy, CallContext context) {
        this.memory = new byte[64 * 1024];
        this.policy = policy;
        this.context = context;
    }

    /** Copies {@code bytes} into guest memory and returns its pointer. */
    public int put(byte[] bytes) {
        int ptr = next;
        System.arraycopy(bytes, 0, memory, ptr, bytes.length);
        next += bytes.length;
        return ptr;
    }

    /** Copies a string as UTF-8 and returns {@code {ptr, len}} as Wasm arguments. */
    public long[] string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return new long[] {put(bytes), bytes.length};
    }

    public byte[] pending() {
        return pending;
    }

    public String pendingText() {
        return new String(pending, StandardCharsets.UTF_8);
    }

    public FakeHostCall remaining(Duration remaining) {
        this.remaining = remaining;
        return this;
    }

    /** Concatenates argument groups into one Wasm argument array. */
    public static long[] args(long[]... groups) {
        return Arrays.stream(groups).flatMapToLong(Arrays::stream).toArray();
    }

    @Override
    public CallContext context() {
        return context;
    }

    @Override
    public PluginPolicy policy() {
        return policy;
    }

    @Override
    public GuestMemory memory() {
        return this;
    }

    @Override
    public PayloadCodec codec() {
        return PayloadCodec.json();
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("wasmbox.plugin." + context.pluginName());
    }

    @Override
    public void charge(long fuel) {
        if (fuel < 0) {
            throw new IllegalArgumentException("negative fuel " + fuel);
        }
        charged += fuel;
    }

    /** The fuel host functions charged through {@link #charge}. */
    public long charged() {
        return charged;
    }

    @Override
    public <T> T attachment(Object key, Supplier<? extends T> initial) {
        @SuppressWarnings("unchecked")
        T value = (T) attachments.computeIfAbsent(key, ignored -> initial.get());
        return value;
    }

    /** Ends the call: drops its attachments, as the runtime does. */
    public void endCall() {
        attachments.clear();
    }

    @Override
    public Duration remaining() {
        return remaining;
    }

    @Override
    public int result(byte[] bytes) {
        if (bytes.length > policy.limits().maxHostResultBytes()) {
            return error(ErrorCode.TOO_LARGE, "over max-host-result");
        }
        pending = bytes.clone();
        return bytes.length;
    }

    @Override
    public int error(ErrorCode code, String message) {
        pending = message.getBytes(StandardCharsets.UTF_8);
        return code.code();
    }

    @Override
    public int denied(String capability, String target) {
        denials.add(capability + " " + target);
        if (policy.trapOnDenial()) {
            throw new PolicyViolationException(
                    context.pluginName(), context.functionName(), capability, target, "denied");
        }
        return error(ErrorCode.DENIED, capability + " denied: " + target);
    }

    @Override
    public int quotaReached(String capability, String quota, String message) {
        quotas.add(capability + " " + quota);
        return error(ErrorCode.TOO_LARGE, message);
    }

    @Override
    public long size() {
        return memory.length;
    }

    @Override
    public byte[] read(int ptr, int len) {
        check(ptr, len);
        return Arrays.copyOfRange(memory, ptr, ptr + len);
    }

    @Override
    public String readUtf8(int ptr, int len) {
        return new String(read(ptr, len), StandardCharsets.UTF_8);
    }

    @Override
    public void write(int ptr, byte[] bytes) {
        check(ptr, bytes.length);
        System.arraycopy(bytes, 0, memory, ptr, bytes.length);
    }

    private void check(int ptr, int len) {
        if (Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(len) > memory.length) {
            throw new GuestMemoryException("out of bounds", false);
        }
    }
}
