/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPatternTest {

    @ParameterizedTest
    @CsvSource({
        "api.example.com, api.example.com, true",
        "api.example.com, API.Example.COM, true",
        "API.EXAMPLE.COM., api.example.com, true",
        "api.example.com, api.example.com., true",
        "api.example.com, api.example.com.., false",
        "api.example.com, example.com, false",
        "api.example.com, xapi.example.com, false",
        "*.example.com, a.example.com, true",
        "*.example.com, a.b.example.com, true",
        "*.example.com, A.EXAMPLE.COM., true",
        "*.example.com, example.com, false",
        "*.example.com, evilexample.com, false",
        "*.example.com, example.com.evil.net, false",
        "*.example.com, a.example.com.evil.net, false",
        "*.example.com, .example.com, false",
        "bücher.example, xn--bcher-kva.example, true",
        "xn--bcher-kva.example, Bücher.example, true",
        "*.bücher.example, shop.xn--bcher-kva.example, true",
        "127.0.0.1, 127.0.0.1, true",
        "127.0.0.1, 127.0.0.2, false",
        "127.0.0.1, 0177.0.0.1, false",
        "127.0.0.1, 2130706433, false",
        "[::1], [::1], true",
        "[::1], [0:0:0:0:0:0:0:1], true",
        "[2001:DB8::1], [2001:db8:0::1], true",
        "[::1], localhost, false",
        "localhost, [::1], false",
        "*.example.com, [::1], false",
        "[::ffff:127.0.0.1], 127.0.0.1, true",
    })
    void matches(String pattern, String host, boolean expected) {
        assertThat(HostPattern.parse(pattern).matches(host)).isEqualTo(expected);
    }

    @Test
    void normalizes() {
        assertThat(HostPattern.parse("API.Example.COM.")).hasToString("api.example.com");
        assertThat(HostPattern.parse("*.Bücher.example")).hasToString("*.xn--bcher-kva.example");
        assertThat(HostPattern.parse("[2001:DB8::1]")).hasToString("[2001:db8:0:0:0:0:0:1]");
        assertThat(HostPattern.parse("192.0.2.7")).hasToString("192.0.2.7");
        assertThat(HostPattern.parse("*.example.com").isWildcard()).isTrue();
        assertThat(HostPattern.parse("192.0.2.7").address()).isPresent();
        assertThat(HostPattern.parse("example.com").address()).isEmpty();
        assertThat(HostPattern.parse("Example.com")).isEqualTo(HostPattern.parse("example.com."));
    }

    @Test
    void rejectsPatternsThatAreNotHosts() {
        assertThatThrownBy(() -> HostPattern.parse("*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "host pattern '*' has a misplaced '*': a wildcard is allowed only as the"
                                + " whole first label, as in *.example.com");
        assertThatThrownBy(() -> HostPattern.parse("a.*.example.com"))
                .hasMessageContaining("misplaced '*'");
        assertThatThrownBy(() -> HostPattern.parse("*example.com"))
                .hasMessageContaining("misplaced '*'");
        assertThatThrownBy(() -> HostPattern.parse("*.com"))
                .hasMessage(
                        "host pattern '*.com' is too broad: a wildcard needs a domain of at least"
                                + " two labels, as in *.example.com");
        assertThatThrownBy(() -> HostPattern.parse("*.10.0.0.1")).hasMessageContaining("too broad");
        assertThatThrownBy(() -> HostPattern.parse("")).hasMessage("host pattern '' has no host");
        assertThatThrownBy(() -> HostPattern.parse("a..example.com"))
                .hasMessageStartingWith("host pattern 'a..example.com' is not a valid host name");
        assertThatThrownBy(() -> HostPattern.parse("exa mple.com"))
                .hasMessageStartingWith("host pattern 'exa mple.com' is not a valid host name");
        assertThatThrownBy(() -> HostPattern.parse("-example.com"))
                .hasMessageStartingWith("host pattern '-example.com' is not a valid host name");
        assertThatThrownBy(() -> HostPattern.parse("::1"))
                .hasMessage("'::1' looks like an IPv6 address: write it in brackets, as in [::1]");
        assertThatThrownBy(() -> HostPattern.parse("[fe80::1%eth0]"))
                .hasMessage("'[fe80::1%eth0]' is not an IPv6 literal (zone ids are not allowed)");
        assertThatThrownBy(() -> HostPattern.parse("[::g]"))
                .hasMessage("'[::g]' is not an IPv6 literal");
        assertThatThrownBy(() -> HostPattern.parse("010.0.0.1"))
                .hasMessage(
                        "'010.0.0.1' is not a valid IPv4 address: use four decimal parts 0-255"
                                + " without leading zeros");
        assertThatThrownBy(() -> HostPattern.parse("10.1"))
                .hasMessageContaining("not a valid IPv4");
        assertThatThrownBy(() -> HostPattern.parse("256.0.0.1"))
                .hasMessageContaining("not a valid IPv4");
        assertThatThrownBy(() -> HostPattern.parse("0x7f.0.0.1"))
                .hasMessageContaining("not a valid IPv4");
        assertThatThrownBy(() -> HostPattern.parse("a".repeat(64) + ".com"))
                .hasMessageStartingWith(
                        "host pattern '" + "a".repeat(64) + ".com' is not a valid host name");
    }
}
