/*
 * Copyright 2026 The wasmbox maintainers
 * SPDX-License-Identifier: Apache-2.0
 */
package io.github.wasmbox.sandbox.internal.engine;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state every PRISTINE call of one plugin version starts in, and the reset that returns a used
 * instance to it, so that a call gets an instance indistinguishable from a fresh one without the
 * cost of instantiating (linking, WASI set-up, allocating and initialising linear memory, the start
 * function and {@code _initialize}).
 *
 * <p>The image is copied once, from the version's first fresh instance right after instantiation
 * ({@link #capture}). A reset ({@link #reset}) restores every memory (bytes, size, dropped data
 * segments), every mutable global, every table slot and dropped element segment, and replaces the
 * instance's WASI session (descriptors, stdin position, preopened files, clocks, seeded randomness)
 * unless the guest left it untouched ({@link GuestInstance#restore}); the per-call host state is
 * reset by {@code CallState.begin} as for every call. Some versions never get an image, and their
 * PRISTINE calls keep instantiating: a command module (its {@code _start} is the call and its stdin
 * the input; the runtime does not pool those), a module whose instantiation calls the host (the
 * result could depend on that call's input, the time or randomness), and a module whose state the
 * engine cannot copy exactly.
 *
 * <p>Reset only instances whose call ended normally: one that trapped, timed out, ran out of a
 * quota, exited or was cancelled must be closed instead, as its state is not known to be
 * consistent.
 *
 * <p>Thread-safe: the image is immutable and published once; {@link #reset} changes only the
 * instance it is given, which must be confined to the calling thread.
 */
public final class PristineImage {
    private static final Logger LOG = LoggerFactory.getLogger(PristineImage.class);

    /** Marks a version whose first instance could not serve as the image. */
    private static final Object NONE = new Object();

    private final String pluginName;
    private final AtomicReference<Object> image = new AtomicReference<>();

    /** An image not captured yet, for plugin {@code pluginName} (used in logs). */
    public PristineImage(String pluginName) {
        this.pluginName = pluginName;
    }

    /**
     * Copies the image from {@code fresh} if none was copied yet: call it right after
     * instantiation, before the instance's first call, on the thread that owns it. Later calls,
     * from any thread, do nothing.
     */
    public void capture(GuestInstance fresh) {
        if (image.get() != null) {
            return;
        }
        GuestInstance.Snapshot copied = fresh.snapshot();
        if (image.compareAndSet(null, copied == null ? NONE : copied)) {
            if (copied == null) {
                LOG.debug(
                        "plugin '{}': PRISTINE calls instantiate anew, because instantiation calls"
                                + " the host or the instance's state cannot be copied exactly",
                        pluginName);
            } else {
                LOG.debug("plugin '{}': PRISTINE calls reset instances to a snapshot", pluginName);
            }
        }
    }

    /**
     * Returns {@code used}, whose last call ended normally, to the image. Returns false when there
     * is no image or the instance cannot be reset exactly (a table grew, or its files cannot be
     * mounted again); the caller then closes it. Never throws: the call that used the instance has
     * already succeeded.
     */
    public boolean reset(GuestInstance used) {
        Object current = image.get();
        if (!(current instanceof GuestInstance.Snapshot)) {
            return false;
        }
        try {
            return used.restore((GuestInstance.Snapshot) current);
        } catch (RuntimeException e) {
            LOG.warn(
                    "plugin '{}': could not reset an instance for its next PRISTINE call, so it is"
                            + " discarded: {}",
                    pluginName,
                    e.toString());
            return false;
        }
    }
}
