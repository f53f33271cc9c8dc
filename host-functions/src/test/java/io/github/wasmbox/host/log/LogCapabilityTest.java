/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.wasmbox.host.FakeHostCall;
import io.github.wasmbox.host.HostModules;
import io.github.wasmbox.host.TestPolicy;
import io.github.wasmbox.policy.Limits;
import io.github.wasmbox.sandbox.CallContext;
import io.github.wasmbox.sandbox.spi.HostFunctionHandler;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogCapabilityTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("wasmbox.plugin.logger-test");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final HostFunctionHandler write =
            HostModules.of(LogCapability.builder().maxMessagesPerCall(3).build())
                    .hostFunctions()
                    .get(0)
                    .handler();
    private FakeHostCall call = call(1, 64 * 1024);

    private static FakeHostCall call(long callId, int maxLogBytes) {
        return new FakeHostCall(
                TestPolicy.policy()
                        .limits(Limits.builder().maxLogBytes(maxLogBytes).build())
                        .build(),
                new CallContext("logger-test", "quote", callId, Map.of()));
    }

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.TRACE);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private long write(int level, String message) {
        long[] text = call.string(message);
        return write.apply(call, new long[] {level, text[0], text[1]})[0];
    }

    @Test
    void logsAtTheLevelWithPluginCallMdc() {
        MDC.put("plugin", "outer");
        assertThat(write(2, "hello")).isZero();
        assertThat(write(4, "boom")).isZero();

        ILoggingEvent first = appender.list.get(0);
        assertThat(first.getLevel()).isEqualTo(Level.INFO);
        assertThat(first.getFormattedMessage()).isEqualTo("hello");
        assertThat(first.getMDCPropertyMap())
                .containsEntry("plugin", "logger-test")
                .containsEntry("function", "quote")
                .containsEntry("callId", "1");
        assertThat(appender.list.get(1).getLevel()).isEqualTo(Level.ERROR);
        assertThat(MDC.get("plugin")).isEqualTo("outer");
        assertThat(MDC.get("callId")).isNull();
        MDC.clear();
    }

    @Test
    void controlCharactersAreEscaped() {
        write(3, "ok\nFAKE 12:00 INFO admin logged in\r\u001b[31m\\");
        assertThat(appender.list.get(0).getFormattedMessage())
                .isEqualTo("ok\\nFAKE 12:00 INFO admin logged in\\r\\u001b[31m\\\\")
                .doesNotContain("\n");
    }

    @Test
    void invalidLevelIsAnInvalidArgument() {
        assertThat(write(5, "x")).isEqualTo(-3);
        assertThat(write(-1, "x")).isEqualTo(-3);
        assertThat(appender.list).isEmpty();
    }

    @Test
    void countCapDropsMessagesPerCall() {
        assertThat(write(2, "1")).isZero();
        assertThat(write(2, "2")).isZero();
        assertThat(write(2, "3")).isZero();
        assertThat(write(2, "4")).isEqualTo(-5);
        assertThat(call.pendingText()).contains("3 messages");
        assertThat(appender.list).hasSize(3);

        call = call(2, 64 * 1024);
        assertThat(write(2, "next call")).isZero();
    }

    @Test
    void sizeCapTruncatesThenDrops() {
        call = call(3, 10);
        assertThat(write(2, "0123456")).isZero();
        assertThat(write(2, "789abcdef")).isZero();
        assertThat(write(2, "more")).isEqualTo(-5);
        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("0123456", "789" + LogCapability.TRUNCATED);
    }

    @Test
    void onlyTheFirstRefusalOfACallRaisesQuotaReached() {
        for (int i = 0; i < 3; i++) {
            assertThat(write(2, "m" + i)).isZero();
        }
        assertThat(call.quotas).isEmpty();
        for (int i = 0; i < 100; i++) {
            assertThat(write(2, "flood")).isEqualTo(-5);
        }
        assertThat(call.quotas).containsExactly("wasmbox:log maxMessagesPerCall");

        call = call(4, 4);
        assertThat(write(2, "0123")).isZero();
        assertThat(write(2, "more")).isEqualTo(-5);
        assertThat(write(2, "more")).isEqualTo(-5);
        assertThat(call.quotas).containsExactly("wasmbox:log max-log");
    }
}
