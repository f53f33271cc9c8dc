/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundGrantTest {

    @ParameterizedTest
    @CsvSource({
        "https://api.example.com, https://api.example.com/v1/rates?x=1, true",
        "https://api.example.com, https://api.example.com:443/, true",
        "https://api.example.com, HTTPS://API.EXAMPLE.COM./, true",
        "https://api.example.com, http://api.example.com/, false",
        "https://api.example.com, https://api.example.com:8443/, false",
        "https://api.example.com/, https://api.example.com, true",
        "http://api.example.com, http://api.example.com:80/, true",
        "https://api.example.com:8443, https://api.example.com:8443/x, true",
        "https://api.example.com:8443, https://api.example.com/x, false",
        "https://api.example.com:443, https://api.example.com/, true",
        "https://*.example.com, https://a.b.example.com/, true",
        "https://*.example.com, https://example.com/, false",
        "https://*.example.com, https://example.com.evil.net/, false",
        "https://*.example.com, https://evilexample.com/, false",
        "https://api.example.com, https://api.example.com@evil.net/, false",
        "https://bücher.example, https://xn--bcher-kva.example/, true",
        "https://xn--bcher-kva.example, https://bücher.example/, true",
        "https://xn--bcher-kva.example:8443, https://user@bücher.example:8443/, true",
        "http://[::1]:8080, http://[::1]:8080/, true",
        "http://[::1]:8080, http://[0:0:0:0:0:0:0:1]:8080/, true",
        "http://[::1]:8080, http://[::1]/, false",
        "http://127.0.0.1:8080, http://127.0.0.1:8080/, true",
        "http://127.0.0.1:8080, http://localhost:8080/, false",
        "https://api.example.com, mailto:someone@api.example.com, false",
        "https://api.example.com, /relative/path, false",
    })
    void matchesSchemeHostAndPort(String pattern, String target, boolean expected) {
        assertThat(OutboundGrant.parse(pattern).matches(URI.create(target))).isEqualTo(expected);
    }

    @Test
    void normalizes() {
        OutboundGrant grant = OutboundGrant.parse("HTTPS://API.Example.com:443/");
        assertThat(grant).hasToString("https://api.example.com");
        assertThat(grant.scheme()).isEqualTo("https");
        assertThat(grant.port()).isEqualTo(443);
        assertThat(grant.allowsPrivateNetwork()).isFalse();
        assertThat(OutboundGrant.parse("http://[::1]:8080"))
                .hasToString("http://[0:0:0:0:0:0:0:1]:8080");
        assertThat(OutboundGrant.privateNetwork("http://billing.internal").allowsPrivateNetwork())
                .isTrue();
    }

    @Test
    void rejectsPatternsThatAreNotOrigins() {
        assertThatThrownBy(() -> OutboundGrant.parse("api.example.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "outbound pattern 'api.example.com' needs a scheme: write it as"
                                + " https://host[:port]");
        assertThatThrownBy(() -> OutboundGrant.parse("https://api.example.com/v1"))
                .hasMessage(
                        "outbound pattern 'https://api.example.com/v1' has a path, query or"
                                + " fragment: a grant names an origin only");
        assertThatThrownBy(() -> OutboundGrant.parse("https://u:p@api.example.com"))
                .hasMessage(
                        "outbound pattern 'https://u:p@api.example.com' must not contain user info");
        assertThatThrownBy(() -> OutboundGrant.parse("https://api.example.com:0"))
                .hasMessage(
                        "outbound pattern 'https://api.example.com:0' has port '0': use a number"
                                + " between 1 and 65535");
        assertThatThrownBy(() -> OutboundGrant.parse("https://api.example.com:65536"))
                .hasMessageContaining("has port '65536'");
        assertThatThrownBy(() -> OutboundGrant.parse("https://api.example.com:"))
                .hasMessageContaining("has port ''");
        assertThatThrownBy(() -> OutboundGrant.parse("https://api.example.com:*"))
                .hasMessageContaining("has port '*'");
        assertThatThrownBy(() -> OutboundGrant.parse("https://::1"))
                .hasMessage("'::1' looks like an IPv6 address: write it in brackets, as in [::1]");
        assertThatThrownBy(() -> OutboundGrant.parse("https://*"))
                .hasMessageContaining("misplaced '*'");
    }

    @Test
    void allowsAddressBlocksInternalAddressesUnlessExplicitlyGranted() throws UnknownHostException {
        PluginPolicy policy =
                PluginPolicy.builder()
                        .allowOutboundHost("https://api.example.com")
                        .allowOutboundHost("https://*.cdn.example.com")
                        .allowOutboundHost("http://10.0.0.5:8080")
                        .allowOutbound(OutboundGrant.privateNetwork("http://billing.internal"))
                        .build();
        URI api = URI.create("https://api.example.com/rates");

        assertThat(policy.allowsAddress(api, address("93.184.216.34"))).isTrue();
        assertThat(policy.allowsAddress(api, address("2606:2800:220:1:248:1893:25c8:1946")))
                .isTrue();
        for (String internal :
                new String[] {
                    "127.0.0.1",
                    "10.1.2.3",
                    "172.16.0.1",
                    "192.168.1.1",
                    "169.254.169.254",
                    "100.64.0.1",
                    "0.0.0.0",
                    "255.255.255.255",
                    "224.0.0.1",
                    "::1",
                    "::",
                    "fe80::1",
                    "fd00::1",
                    "::ffff:10.0.0.1",
                    "64:ff9b::a00:1",
                    "2002:a00:1::",
                    "::127.0.0.1"
                }) {
            assertThat(policy.allowsAddress(api, address(internal))).as(internal).isFalse();
            assertThat(
                            policy.allowsAddress(
                                    URI.create("https://x.cdn.example.com/"), address(internal)))
                    .as(internal)
                    .isFalse();
        }
        assertThat(policy.allowsAddress(URI.create("https://evil.net/"), address("93.184.216.34")))
                .isFalse();

        URI literal = URI.create("http://10.0.0.5:8080/");
        assertThat(policy.allowsOutbound(literal)).isTrue();
        assertThat(policy.allowsAddress(literal, address("10.0.0.5"))).isTrue();
        assertThat(policy.allowsAddress(literal, address("10.0.0.6"))).isFalse();
        assertThat(
                        policy.allowsAddress(
                                URI.create("http://93.184.216.34/"), address("93.184.216.34")))
                .isFalse();

        URI billing = URI.create("http://billing.internal/charge");
        assertThat(policy.allowsAddress(billing, address("10.9.9.9"))).isTrue();
        assertThat(policy.allowsAddress(billing, address("127.0.0.1"))).isTrue();
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
    }
}
