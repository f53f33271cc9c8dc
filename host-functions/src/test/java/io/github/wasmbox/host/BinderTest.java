/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host;

import static io.github.wasmbox.host.FakeHostCall.args;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.HostFunctionException;
import io.github.wasmbox.sandbox.PolicyViolationException;
import io.github.wasmbox.sandbox.spi.GuestMemoryException;
import io.github.wasmbox.sandbox.spi.HostFunctionDefinition;
import io.github.wasmbox.sandbox.spi.WasmType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class BinderTest {
    public record Order(List<Integer> amounts) {}

    public record Total(int sum) {}

    @HostModule("test:calc")
    public static final class Calc {
        @HostFunction
        public int add(int a, int b) {
            return a + b;
        }

        @HostFunction
        public long mulLong(long a, long b) {
            return a * b;
        }

        @HostFunction
        public double half(double x) {
            return x / 2;
        }

        @HostFunction
        public float twice(float x) {
            return x * 2;
        }

        @HostFunction
        public boolean not(boolean b) {
            return !b;
        }

        @HostFunction
        public String greet(CallContext context, String name) {
            return "hello " + name + " from " + context.pluginName();
        }

        @HostFunction
        public byte[] reverse(byte[] bytes) {
            byte[] out = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = bytes[bytes.length - 1 - i];
            }
            return out;
        }

        @HostFunction
        public Total total(Order order) {
            return new Total(order.amounts().stream().mapToInt(Integer::intValue).sum());
        }

        @HostFunction
        public Optional<String> find(String key) {
            return key.equals("a") ? Optional.of("found") : Optional.empty();
        }

        @HostFunction
        public void check(int value) {
            if (value < 0) {
                throw CapabilityException.invalidArgument("value must not be negative");
            }
        }

        @HostFunction
        public void deny(String target) {
            throw CapabilityException.denied(target);
        }

        @HostFunction
        public int broken() {
            throw new IllegalStateException("bug");
        }

        @HostFunction
        public @Nullable String nothing() {
            return null;
        }

        @HostFunction
        public long numberFails() {
            throw CapabilityException.notFound("nope");
        }

        @HostFunction
        public long length(String text) {
            return text.length();
        }

        @HostFunction("custom_name")
        public int renamed() {
            return 7;
        }

        @HostFunction
        public String big(int n) {
            return "x".repeat(n);
        }
    }

    private final Map<String, HostFunctionDefinition> functions = bind(new Calc());
    private final FakeHostCall call = new FakeHostCall(TestPolicy.policy().build());

    private static Map<String, HostFunctionDefinition> bind(Object capability) {
        return HostModules.of(capability).hostFunctions().stream()
                .collect(java.util.stream.Collectors.toMap(HostFunctionDefinition::name, d -> d));
    }

    private long[] invoke(String name, long... args) {
        return functions.get(name).handler().apply(call, args);
    }

    @Test
    void numbersPassDirectly() {
        assertThat(invoke("add", 2, 3)).containsExactly(5);
        assertThat(invoke("add", -1, -2)).containsExactly(-3);
        assertThat(invoke("mul_long", 1L << 40, 3)).containsExactly(3L << 40);
        assertThat(Double.longBitsToDouble(invoke("half", Double.doubleToRawLongBits(3.0))[0]))
                .isEqualTo(1.5);
        assertThat(Float.intBitsToFloat((int) invoke("twice", Float.floatToRawIntBits(1.25f))[0]))
                .isEqualTo(2.5f);
        assertThat(invoke("not", 0)).containsExactly(1);
        assertThat(invoke("not", 42)).containsExactly(0);
    }

    @Test
    void signaturesFollowTheJavaTypes() {
        assertThat(functions.get("add").params()).containsExactly(WasmType.I32, WasmType.I32);
        assertThat(functions.get("mul_long").results()).containsExactly(WasmType.I64);
        assertThat(functions.get("half").params()).containsExactly(WasmType.F64);
        assertThat(functions.get("twice").results()).containsExactly(WasmType.F32);
        assertThat(functions.get("greet").params()).containsExactly(WasmType.I32, WasmType.I32);
        assertThat(functions.get("greet").results()).containsExactly(WasmType.I32);
        assertThat(functions.get("check").results()).containsExactly(WasmType.I32);
        assertThat(functions.get("custom_name").module()).isEqualTo("test:calc");
    }

    @Test
    void stringsAndBytesTravelAsPointerAndLength() {
        int length = (int) invoke("greet", call.string("ana"))[0];
        assertThat(call.pendingText()).isEqualTo("hello ana from test");
        assertThat(length).isEqualTo(call.pending().length);

        int ptr = call.put(new byte[] {1, 2, 3});
        assertThat(invoke("reverse", ptr, 3)).containsExactly(3);
        assertThat(call.pending()).containsExactly(3, 2, 1);
    }

    @Test
    void otherTypesTravelAsJson() {
        invoke("total", call.string("{\"amounts\":[1,2,39]}"));
        assertThat(call.pendingText()).isEqualTo("{\"sum\":42}");

        assertThat(invoke("total", call.string("{\"amounts\":"))).containsExactly(-3);
        assertThat(call.pendingText()).contains("not valid JSON");
        assertThat(invoke("total", call.string("null"))).containsExactly(-3);
    }

    @Test
    void invalidUtf8IsAnInvalidArgument() {
        int ptr = call.put(new byte[] {(byte) 0xc3, (byte) 0x28});
        assertThat(invoke("greet", ptr, 2)).containsExactly(-3);
        assertThat(call.pendingText()).contains("not valid UTF-8");
    }

    @Test
    void optionalEmptyIsNotFound() {
        assertThat(invoke("find", call.string("a"))).containsExactly(5);
        assertThat(call.pendingText()).isEqualTo("found");
        assertThat(invoke("find", call.string("b"))).containsExactly(-2);
    }

    @Test
    void voidReturnsStatusAndCapabilityExceptionsReturnCodes() {
        assertThat(invoke("check", 1)).containsExactly(0);
        assertThat(invoke("check", -1)).containsExactly(-3);
        assertThat(call.pendingText()).isEqualTo("value must not be negative");
    }

    @Test
    void denialsGoThroughTheRuntime() {
        assertThat(invoke("deny", call.string("secret"))).containsExactly(-1);
        assertThat(call.denials).containsExactly("test:calc secret");

        FakeHostCall trapping = new FakeHostCall(TestPolicy.policy().trapOnDenial().build());
        long[] args = trapping.string("secret");
        assertThatThrownBy(() -> functions.get("deny").handler().apply(trapping, args))
                .isInstanceOf(PolicyViolationException.class);
    }

    @Test
    void unexpectedExceptionsBecomeHostFunctionExceptions() {
        assertThatThrownBy(() -> invoke("broken"))
                .isInstanceOf(HostFunctionException.class)
                .hasMessageContaining("test:calc/broken")
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> invoke("nothing"))
                .isInstanceOf(HostFunctionException.class)
                .hasMessageContaining("returned null");
        assertThatThrownBy(() -> invoke("number_fails"))
                .isInstanceOf(HostFunctionException.class)
                .hasMessageContaining("cannot report NOT_FOUND");
    }

    @Test
    void badArgumentsToNumberFunctionsTrapTheGuest() {
        int ptr = call.put(new byte[] {(byte) 0xff});
        assertThatThrownBy(() -> invoke("length", ptr, 1))
                .isInstanceOfSatisfying(
                        GuestMemoryException.class, e -> assertThat(e.overCap()).isFalse())
                .hasMessageContaining("test:calc/length: argument 0 is not valid UTF-8");
        assertThat(invoke("length", call.string("abc"))).containsExactly(3);
    }

    @Test
    void badPointersTrapBeforeAnythingIsRead() {
        assertThatThrownBy(() -> invoke("greet", 65_530, 10))
                .isInstanceOf(GuestMemoryException.class);
        // A length with the high bit set is huge, not negative: unsigned arithmetic.
        assertThatThrownBy(() -> invoke("greet", 16, -1)).isInstanceOf(GuestMemoryException.class);
        assertThatThrownBy(() -> invoke("greet", -16, 32)).isInstanceOf(GuestMemoryException.class);
    }

    @Test
    void sizesOverMaxHostResultAreTooLarge() {
        FakeHostCall small =
                new FakeHostCall(
                        TestPolicy.policy()
                                .limits(Limits.builder().maxHostResultBytes(1024).build())
                                .build());
        long[] args = args(new long[] {small.put(new byte[2000])}, new long[] {2000});
        assertThat(functions.get("reverse").handler().apply(small, args)).containsExactly(-5);
        assertThat(functions.get("big").handler().apply(small, new long[] {1025}))
                .containsExactly(-5);
        assertThat(small.pendingText()).contains("max-host-result");
        assertThat(functions.get("big").handler().apply(small, new long[] {1024}))
                .containsExactly(1024);
    }

    @Test
    void namesDefaultToSnakeCase() {
        assertThat(Binder.snakeCase("nowMillis")).isEqualTo("now_millis");
        assertThat(Binder.snakeCase("get")).isEqualTo("get");
        assertThat(Binder.snakeCase("parseHTTPResponse")).isEqualTo("parse_http_response");
        assertThat(Binder.snakeCase("sha256Of")).isEqualTo("sha256_of");
    }

    static final class NotAModule {
        @HostFunction
        public int f() {
            return 0;
        }
    }

    @HostModule("test:empty")
    static final class Empty {}

    @HostModule("test:bad")
    public static final class BadParameter {
        @HostFunction
        public int f(char c) {
            return c;
        }
    }

    @HostModule("test:bad")
    public static final class OptionalParameter {
        @HostFunction
        public int f(Optional<String> value) {
            return value.map(String::length).orElse(0);
        }
    }

    @HostModule("test:dup")
    public static final class Duplicate {
        @HostFunction("same")
        public int a() {
            return 0;
        }

        @HostFunction("same")
        public int b() {
            return 1;
        }
    }

    @HostModule("test:bad")
    public static final class NotPublic {
        @HostFunction
        int f() {
            return 0;
        }
    }

    @HostModule("wasmbox")
    public static final class Reserved {
        @HostFunction
        public int f() {
            return 0;
        }
    }

    @Test
    void bindingErrorsAreReportedAtBindTime() {
        assertThatThrownBy(() -> HostModules.of(new NotAModule()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not annotated with @HostModule");
        assertThatThrownBy(() -> HostModules.of(new Empty()))
                .hasMessageContaining("declares no @HostFunction method");
        assertThatThrownBy(() -> HostModules.of(new BadParameter()))
                .hasMessageContaining("parameter 0 has unsupported type char");
        assertThatThrownBy(() -> HostModules.of(new OptionalParameter()))
                .hasMessageContaining("unsupported type java.util.Optional<java.lang.String>");
        assertThatThrownBy(() -> HostModules.of(new Duplicate()))
                .hasMessageContaining("test:dup/same is declared twice");
        assertThatThrownBy(() -> HostModules.of(new Calc(), new Calc()))
                .hasMessageContaining("test:calc/add is declared twice");
        assertThatThrownBy(() -> HostModules.of(new NotPublic()))
                .hasMessageContaining("is not accessible");
        assertThatThrownBy(() -> HostModules.of(new Reserved()))
                .hasMessageContaining("reserved for the runtime");
    }

    @Test
    void resultsAreUtf8() {
        invoke("greet", call.string("Zoë"));
        assertThat(call.pending())
                .isEqualTo("hello Zoë from test".getBytes(StandardCharsets.UTF_8));
    }
}
