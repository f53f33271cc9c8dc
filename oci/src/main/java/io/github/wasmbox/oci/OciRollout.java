/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginRuntime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one plugin of a runtime at the version a tag points to: each {@link #check()} asks the
 * registry where the tag points, and when that is a new digest, pulls it (every check of {@link
 * OciRegistry#pull(String)}), and swaps it in with {@link PluginRuntime#replace}, which drains the
 * calls in flight on the old version. Replicas that check the same tag converge on the same digest.
 * When the registry cannot be reached, or the new version is refused or fails to load, the version
 * already loaded keeps serving and {@link #status()} says why.
 *
 * <p>Following a tag means trusting whoever can move it, so the registry must require a trusted
 * signature ({@link PinRequirement#SIGNATURE} or {@link PinRequirement#DIGEST_AND_SIGNATURE}): the
 * digest a poll finds is pinned only by the tag.
 *
 * <p>Thread-safe; {@code check()} calls are serialized. It starts no thread: call it from the
 * application's scheduler.
 */
public final class OciRollout {
    private static final Logger log = LoggerFactory.getLogger(OciRollout.class);

    /** Where a rollout stands after its last check. */
    public enum State {
        /** The plugin serves the digest the tag points to. */
        CURRENT,
        /** The registry could not be asked; the loaded version, if any, keeps serving. */
        REGISTRY_UNAVAILABLE,
        /**
         * The tag's new digest could not be pulled, was refused, or failed to load; the loaded
         * version keeps serving, and the next check tries again.
         */
        REFUSED
    }

    /**
     * The outcome of the last check.
     *
     * @param state where the rollout stands
     * @param serving the manifest digest the runtime serves, or null before the first load
     * @param detail why, when the state is not {@link State#CURRENT}
     */
    public record Status(State state, @Nullable String serving, @Nullable String detail) {}

    private final OciRegistry registry;
    private final PluginRuntime runtime;
    private final String name;
    private final OciReference tag;
    private final PluginPolicy policy;
    private Status status = new Status(State.REGISTRY_UNAVAILABLE, null, "not checked yet");

    /**
     * A rollout of {@code reference} (a tag) into {@code runtime} under {@code name}. Nothing is
     * loaded until the first {@link #check()}.
     *
     * @throws IllegalArgumentException if {@code reference} names a digest, or {@code registry}
     *     does not require a trusted signature
     */
    public OciRollout(
            OciRegistry registry,
            PluginRuntime runtime,
            String name,
            String reference,
            PluginPolicy policy) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.name = Objects.requireNonNull(name, "name");
        this.policy = Objects.requireNonNull(policy, "policy");
        if (!registry.requirement().needsSignature()) {
            throw new IllegalArgumentException(
                    "a rollout follows a tag, and a tag pins nothing: give its registry"
                            + " require(PinRequirement.SIGNATURE) and the vendors' trustedKeys(…)");
        }
        this.tag = OciReference.parse(reference);
        if (tag.tag() == null) {
            throw new IllegalArgumentException(
                    "a rollout follows a tag; " + tag + " names a digest, load it once instead");
        }
    }

    /** Asks the registry once and moves the plugin to the tag's digest if it changed. */
    public synchronized Status check() {
        @Nullable String serving = status.serving();
        String digest;
        try {
            digest = registry.resolve(tag.toString());
        } catch (OciException e) {
            return record(new Status(State.REGISTRY_UNAVAILABLE, serving, e.getMessage()));
        }
        if (digest.equals(serving)) {
            return record(new Status(State.CURRENT, serving, null));
        }
        try {
            OciModule module = registry.pull(tag.at(digest).toString());
            if (serving == null && runtime.plugin(name).isEmpty()) {
                runtime.load(name, module.source(), policy);
            } else {
                runtime.replace(name, module.source(), policy);
            }
            log.info("Plugin '{}' now serves {} ({})", name, digest, tag);
            return record(new Status(State.CURRENT, digest, null));
        } catch (OciException | PluginException e) {
            return record(
                    new Status(
                            State.REFUSED,
                            serving,
                            tag + " moved to " + digest + ", which failed: " + e.getMessage()));
        }
    }

    /** The outcome of the last check. */
    public synchronized Status status() {
        return status;
    }

    private Status record(Status next) {
        if (next.state() != State.CURRENT && !next.equals(status)) {
            log.warn("Plugin '{}' stays on {}: {}", name, next.serving(), next.detail());
        }
        status = next;
        return next;
    }
}
