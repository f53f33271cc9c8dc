/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.record;

import io.github.wasmbox.policy.PluginPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A policy {@link PolicyLearner} proposed from recorded calls. Immutable.
 *
 * @param calls how many records it was learned from
 * @param yaml the proposal as a single-policy YAML file ({@code PolicyFiles.readPolicy} reads it),
 *     with comments saying how it was made
 * @param policy the proposal, as the policy module reads {@code yaml}: limits it does not name
 *     (such as stack size or pool size) are at their defaults
 * @param unusedGrants grants of the current policy that no recorded call used, such as {@code
 *     host-functions: wasmbox:kv/delete} or {@code config: api_key}; empty without a current policy
 */
public record LearnedPolicy(
        int calls, String yaml, PluginPolicy policy, List<String> unusedGrants) {
    public LearnedPolicy {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(policy, "policy");
        unusedGrants = List.copyOf(unusedGrants);
    }
}
