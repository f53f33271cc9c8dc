/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.oci;

import io.github.wasmbox.policy.PluginPolicy;
import io.github.wasmbox.sandbox.PinRequirement;
import io.github.wasmbox.sandbox.PluginException;
import io.github.wasmbox.sandbox.PluginRuntime;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one plugin at the version a tag points to: each {@link #check()} asks the registry where
 * the tag points, and when that is a new digest, pulls it (every check of {@link
 * OciRegistry#pull(String)}) and swaps it in, by default with {@link PluginRuntime#replace}, which
 * drains the calls in flight on the old version. Replicas that check the same tag converge on the
 * same digest. When the registry cannot be reached, or the new version is refused or fails to load,
 * the version already loaded keeps serving and {@link #status()} says why.
 *
 * <pre>{@code
 * ProbationListener calls = new ProbationListener();
 * PluginRuntime runtime = PluginRuntime.builder().trustedKeys(keys).listener(calls).build();
 * OciRollout rollout = OciRollout.builder(registry, "registry.example.com/acme/discount:stable")
 *         .runtime(runtime, "discount", policy)
 *         .probation(calls, new OciRollout.Probation(20, 0.25))
 *         .build();
 * scheduler.scheduleWithFixedDelay(rollout::check, 0, 30, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p><b>Probation.</b> With {@link Builder#probation}, a version swapped in for another is on
 * probation for its first calls: when more of them fail (for the plugin's own reasons, see {@link
 * ProbationListener}) than the probation allows, the next check swaps the previous version back —
 * the module pulled and verified before, not fetched again — and refuses the failing digest until
 * the tag moves on to another one. The first version a rollout loads has nothing to fall back to
 * and is not on probation.
 *
 * <p>Following a tag means trusting whoever can move it, so the registry must require a trusted
 * signature ({@link PinRequirement#SIGNATURE} or {@link PinRequirement#DIGEST_AND_SIGNATURE}): the
 * digest a poll finds is pinned only by the tag.
 *
 * <p>Thread-safe; {@code check()} calls are serialized, and {@link #status()} never waits for one.
 * It starts no thread: call it from the application's scheduler.
 */
public final class OciRollout {
    private static final Logger log = LoggerFactory.getLogger(OciRollout.class);

    /** Where a rollout stands after its last check. */
    public enum State {
        /** The plugin serves the digest the tag points to. */
        CURRENT,
        /** The plugin serves the tag's new digest, whose first calls are still being counted. */
        PROBATION,
        /** The registry could not be asked; the loaded version, if any, keeps serving. */
        REGISTRY_UNAVAILABLE,
        /**
         * The tag's new digest could not be pulled, was refused, or failed to load; the loaded
         * version keeps serving, and the next check tries again.
         */
        REFUSED,
        /**
         * The tag's digest failed its probation and the previous version serves again; that digest
         * is not tried again until the tag moves to another one.
         */
        ROLLED_BACK
    }

    /**
     * The outcome of the last check.
     *
     * @param state where the rollout stands
     * @param serving the manifest digest the rollout serves, or null before the first load
     * @param detail why, when the state is not {@link State#CURRENT}
     * @param checked when the check ended, or null before the first check
     */
    public record Status(
            State state,
            @Nullable String serving,
            @Nullable String detail,
            @Nullable Instant checked) {}

    /**
     * How long a new version is on probation and how many of its calls may fail.
     *
     * @param calls the first calls of a new version that are counted, at least 1
     * @param maxFailureRate the share of those calls (0 to 1, 1 excluded) that may fail; more
     *     failures roll the version back
     */
    public record Probation(int calls, double maxFailureRate) {
        /** 20 calls, of which at most a quarter may fail. */
        public static final Probation DEFAULT = new Probation(20, 0.25);

        public Probation {
            if (calls < 1) {
                throw new IllegalArgumentException(
                        "a probation counts at least 1 call, got " + calls);
            }
            if (!(maxFailureRate >= 0 && maxFailureRate < 1)) {
                throw new IllegalArgumentException(
                        "the probation's maxFailureRate must be at least 0 and below 1, got "
                                + maxFailureRate);
            }
        }

        /** The most failures of {@link #calls()} that pass. */
        int allowedFailures() {
            return (int) Math.floor(calls * maxFailureRate);
        }
    }

    /**
     * Puts a module in service under the rollout's plugin name. {@link Builder#runtime} swaps it in
     * with {@link PluginRuntime#replace}; an application that loads its plugins through a registry
     * of its own (the Spring starter's) gives its own.
     */
    @FunctionalInterface
    public interface Target {

        /**
         * Serves {@code module} instead of the version serving now, draining the calls in flight on
         * that one.
         *
         * @throws PluginException if the module does not load; the version serving keeps serving
         */
        void serve(OciModule module);
    }

    private final OciRegistry registry;
    private final OciReference tag;
    private final String name;
    private final Target target;
    private final @Nullable ProbationListener calls;
    private final Probation probation;
    private final Clock clock = Clock.systemUTC();

    // Guarded by this.
    private @Nullable OciModule current;
    private @Nullable OciModule previous;
    private ProbationListener.@Nullable Window window;
    private @Nullable String refused;
    private @Nullable String refusal;

    /** Written under this by a check, read without it: a status read never waits for a pull. */
    private volatile Status status =
            new Status(State.REGISTRY_UNAVAILABLE, null, "not checked yet", null);

    private OciRollout(Builder builder) {
        this.registry = builder.registry;
        this.tag = builder.tag;
        this.name = Objects.requireNonNull(builder.name, "runtime(…) or target(…) is required");
        this.target = Objects.requireNonNull(builder.target);
        this.calls = builder.calls;
        this.probation = builder.probation;
        this.current = builder.serving;
        if (current != null) {
            status = new Status(State.CURRENT, current.digest(), null, null);
        }
    }

    /**
     * A rollout of {@code reference} (a tag, such as {@code registry.example.com/acme/calc:stable})
     * pulled through {@code registry}.
     *
     * @throws IllegalArgumentException if {@code reference} is malformed or names a digest, or
     *     {@code registry} does not require a trusted signature
     */
    public static Builder builder(OciRegistry registry, String reference) {
        return new Builder(registry, reference);
    }

    /**
     * Ends or continues a probation, then asks the registry once and moves the plugin to the tag's
     * digest if it changed. Never throws for a registry or plugin failure: the status says it.
     */
    public synchronized Status check() {
        if (window != null) {
            Status verdict = probation();
            if (verdict != null) {
                return verdict;
            }
        }
        @Nullable String serving = current == null ? null : current.digest();
        String digest;
        try {
            digest = registry.resolve(tag.toString());
        } catch (OciException e) {
            return record(
                    State.REGISTRY_UNAVAILABLE,
                    serving,
                    "the registry could not be asked where "
                            + tag
                            + " points, so the version loaded keeps serving and the next check"
                            + " asks again: "
                            + e.getMessage());
        }
        if (digest.equals(serving)) {
            return record(State.CURRENT, serving, null);
        }
        if (digest.equals(refused)) {
            return record(State.ROLLED_BACK, serving, refusal);
        }
        refused = null;
        refusal = null;
        OciModule module;
        try {
            module = registry.pull(tag.at(digest).toString());
            target.serve(module);
        } catch (OciException | PluginException e) {
            return record(
                    State.REFUSED,
                    serving,
                    tag + " moved to " + digest + ", which failed: " + e.getMessage());
        }
        log.info("Plugin '{}' now serves {} ({})", name, digest, tag);
        if (current != null && calls != null) {
            previous = current;
            window = calls.open(name, probation.calls());
            current = module;
            return record(State.PROBATION, digest, onProbation(window));
        }
        current = module;
        return record(State.CURRENT, digest, null);
    }

    /** The outcome of the last check; never waits for a check in progress. */
    public Status status() {
        return status;
    }

    /**
     * The probation's verdict: the status after a rollback, after its last call passed or while it
     * goes on; null once it has passed, for the check to go on to the registry.
     */
    private @Nullable Status probation() {
        ProbationListener.Window counting = Objects.requireNonNull(window);
        OciModule failing = Objects.requireNonNull(current);
        OciModule fallback = Objects.requireNonNull(previous);
        int failed = counting.failed();
        int observed = counting.observed();
        if (failed > probation.allowedFailures()) {
            String why =
                    String.format(
                            Locale.ROOT,
                            "%s failed %d of its first %d calls on probation (more than %.0f%% of"
                                    + " %d)",
                            failing.digest(),
                            failed,
                            observed,
                            probation.maxFailureRate() * 100,
                            probation.calls());
            try {
                target.serve(fallback);
            } catch (PluginException e) {
                // The fallback loaded before; if it no longer does, the failing version serves on.
                return record(
                        State.PROBATION,
                        failing.digest(),
                        why
                                + "; rolling back to "
                                + fallback.digest()
                                + " failed: "
                                + e.getMessage());
            }
            endProbation(counting);
            current = fallback;
            refused = failing.digest();
            refusal =
                    why
                            + "; rolled back to "
                            + fallback.digest()
                            + ". "
                            + failing.digest()
                            + " is not tried again until "
                            + tag
                            + " moves: publish a fixed version under the tag, or move the tag"
                            + " back.";
            return record(State.ROLLED_BACK, fallback.digest(), refusal);
        }
        if (observed < probation.calls()) {
            return record(State.PROBATION, failing.digest(), onProbation(counting));
        }
        endProbation(counting);
        log.info(
                "Plugin '{}': {} passed its probation ({} of {} calls failed)",
                name,
                failing.digest(),
                failed,
                observed);
        return null;
    }

    private void endProbation(ProbationListener.Window counting) {
        Objects.requireNonNull(calls).close(name, counting);
        window = null;
        previous = null;
    }

    private String onProbation(ProbationListener.Window counting) {
        return "on probation: "
                + counting.failed()
                + " of "
                + counting.observed()
                + " calls failed so far, "
                + probation.calls()
                + " are counted and at most "
                + probation.allowedFailures()
                + " may fail";
    }

    private Status record(State state, @Nullable String serving, @Nullable String detail) {
        Status next = new Status(state, serving, detail, clock.instant());
        boolean changed =
                state != status.state()
                        || !Objects.equals(serving, status.serving())
                        || !Objects.equals(detail, status.detail());
        if (changed && state != State.CURRENT && state != State.PROBATION) {
            log.warn("Plugin '{}' stays on {}: {}", name, serving, detail);
        }
        status = next;
        return next;
    }

    /** Configures an {@link OciRollout}. Not thread-safe. */
    public static final class Builder {
        private final OciRegistry registry;
        private final OciReference tag;
        private @Nullable String name;
        private @Nullable Target target;
        private @Nullable ProbationListener calls;
        private Probation probation = Probation.DEFAULT;
        private @Nullable OciModule serving;

        private Builder(OciRegistry registry, String reference) {
            this.registry = Objects.requireNonNull(registry, "registry");
            if (!registry.requirement().needsSignature()) {
                throw new IllegalArgumentException(
                        "a rollout follows a tag, and a tag pins nothing: give its registry"
                                + " require(PinRequirement.SIGNATURE) and the vendors'"
                                + " trustedKeys(…)");
            }
            this.tag = OciReference.parse(reference);
            if (tag.tag() == null) {
                throw new IllegalArgumentException(
                        "a rollout follows a tag; "
                                + tag
                                + " names a digest, load it once instead");
            }
        }

        /** Serves each version in {@code runtime} under {@code name}, with {@code policy}. */
        public Builder runtime(PluginRuntime runtime, String name, PluginPolicy policy) {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(policy, "policy");
            return target(name, module -> runtime.replace(name, module.source(), policy));
        }

        /** Serves each version under {@code name} through {@code target}. */
        public Builder target(String name, Target target) {
            this.name = Objects.requireNonNull(name, "name");
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /**
         * Puts each version that replaces another on probation, counting its calls through {@code
         * calls}, which must be a listener of the runtime that runs the plugin. Default: no
         * probation.
         */
        public Builder probation(ProbationListener calls, Probation probation) {
            this.calls = Objects.requireNonNull(calls, "calls");
            this.probation = Objects.requireNonNull(probation, "probation");
            return this;
        }

        /**
         * The version already serving, pulled from this tag by the application itself (at start-up,
         * say): the first check compares the tag with its digest instead of loading the tag's
         * version again, and it is the version a probation falls back to. Default: none, and the
         * first check loads the tag's version.
         */
        public Builder serving(OciModule module) {
            this.serving = Objects.requireNonNull(module, "module");
            return this;
        }

        /** Creates the rollout; nothing is loaded until its first {@link OciRollout#check()}. */
        public OciRollout build() {
            return new OciRollout(this);
        }
    }
}
