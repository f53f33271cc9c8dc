/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.host.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasmbox.policy.KeyValueQuota;
import org.junit.jupiter.api.Test;

class InMemoryKeyValueStoreTest {
    private static final KeyValueQuota UNBOUNDED =
            new KeyValueQuota(Long.MAX_VALUE, Long.MAX_VALUE);

    @Test
    void tinyEntriesAreAccountedAtWhatTheyCostOnTheHeap() {
        // An 8-character key with an empty value: a skip-list node, a String, two arrays. On a
        // 64-bit JVM with compressed references that is 24 + 24 + 24 + 16 bytes plus index nodes;
        // without compressed references 40 + 32 + 24 + 16. The old weigher said 18.
        assertThat(InMemoryKeyValueStore.heapCost("k0000001", new byte[0])).isGreaterThan(140);

        InMemoryKeyValueStore store = InMemoryKeyValueStore.builder().maximumBytes(1 << 20).build();
        int stored = 0;
        try {
            for (; stored < 1 << 20; stored++) {
                store.put("ns", String.format("k%07d", stored), new byte[0], UNBOUNDED);
            }
        } catch (KeyValueQuotaException full) {
            assertThat(full).hasMessageContaining("maximumBytes");
        }
        // 1 MiB of budget holds a few thousand such entries, not the 58,000 the old weigher
        // allowed.
        assertThat(stored).isBetween(4_000, 7_000);
        assertThat(store.heapUsed()).isLessThanOrEqualTo(1 << 20);
    }

    @Test
    void aFullStoreRefusesWritesAndEvictsNothing() {
        InMemoryKeyValueStore store =
                InMemoryKeyValueStore.builder().maximumBytes(10 * (64 << 10)).build();
        store.put("victim", "kept", new byte[] {42}, UNBOUNDED);
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            try {
                store.put("attacker", "big-" + i, new byte[64 << 10], UNBOUNDED);
            } catch (KeyValueQuotaException e) {
                refused++;
            }
        }

        assertThat(refused).isPositive();
        assertThat(store.get("victim", "kept"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(42));
        store.delete("attacker", "big-0");
        store.put("victim", "more", new byte[1 << 10], UNBOUNDED);
    }

    @Test
    void namespaceQuotasCountKeysAndValuesAndReplacementsCountTheDifference() {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        KeyValueQuota quota = new KeyValueQuota(2, 10);
        store.put("n", "ab", new byte[3], quota);
        store.put("n", "cd", new byte[3], quota);
        assertThatThrownBy(() -> store.put("n", "ef", new byte[0], quota))
                .isInstanceOf(KeyValueQuotaException.class)
                .hasMessageContaining("'n' would hold 3 keys, over its grant's max-entries of 2");
        assertThatThrownBy(() -> store.put("n", "ab", new byte[5], quota))
                .isInstanceOf(KeyValueQuotaException.class)
                .hasMessageContaining("would hold 12 bytes");
        store.put("n", "ab", new byte[2], quota);
        store.delete("n", "cd");
        store.put("n", "ef", new byte[0], quota);
        assertThat(store.list("n", "", 10)).containsExactly("ab", "ef");
    }

    @Test
    void deletesGiveTheirHeapBack() {
        InMemoryKeyValueStore store = new InMemoryKeyValueStore();
        store.put("n", "warm", new byte[0], UNBOUNDED);
        long base = store.heapUsed();
        store.put("n", "k", new byte[100], UNBOUNDED);
        store.put("n", "k", new byte[10], UNBOUNDED);
        store.delete("n", "k");
        assertThat(store.heapUsed()).isEqualTo(base);
    }
}
