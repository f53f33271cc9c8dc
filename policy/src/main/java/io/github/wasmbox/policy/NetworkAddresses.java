/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Classifies addresses that a server-side request forgery aims at: loopback, private, link-local
 * (cloud metadata), carrier-grade NAT, unspecified, multicast and reserved ranges, including IPv4
 * addresses embedded in IPv6 (compatible, NAT64 and 6to4).
 */
final class NetworkAddresses {
    private NetworkAddresses() {}

    static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return isInternalIpv4(bytes);
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            if (allZero(bytes, 0, 12)) {
                return true; // IPv4-compatible ::a.b.c.d, deprecated and never public
            }
            if (first == 0x00
                    && (bytes[1] & 0xff) == 0x64
                    && (bytes[2] & 0xff) == 0xff
                    && (bytes[3] & 0xff) == 0x9b
                    && allZero(bytes, 4, 12)) {
                return isInternal(ipv4(Arrays.copyOfRange(bytes, 12, 16))); // NAT64 64:ff9b::/96
            }
            if (first == 0x20 && (bytes[1] & 0xff) == 0x02) {
                return isInternal(ipv4(Arrays.copyOfRange(bytes, 2, 6))); // 6to4 2002::/16
            }
        }
        return false;
    }

    private static boolean isInternalIpv4(byte[] bytes) {
        int a = bytes[0] & 0xff;
        int b = bytes[1] & 0xff;
        int c = bytes[2] & 0xff;
        return a == 0 // "this network"
                || (a == 100 && (b & 0xc0) == 64) // carrier-grade NAT 100.64.0.0/10
                || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
                || (a == 198 && (b & 0xfe) == 18) // benchmarking 198.18.0.0/15
                || a >= 240; // reserved and broadcast
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always a valid address", e);
        }
    }
}
