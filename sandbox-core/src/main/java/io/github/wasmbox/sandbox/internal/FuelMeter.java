package io.github.wasmbox.sandbox.internal;

/**
 * The fuel counter of one instance. The engine implements it over the metering global that the
 * load-time rewrite adds; an unmetered instance uses {@link #UNMETERED}.
 */
public interface FuelMeter {

    /** For instances of modules that were not instrumented. */
    FuelMeter UNMETERED =
            new FuelMeter() {
                @Override
                public long remaining() {
                    return 0;
                }

                @Override
                public void set(long fuel) {}

                @Override
                public void charge(long fuel) {}
            };

    /** The fuel left; negative once exhausted. */
    long remaining();

    /** Sets the fuel left, before a call or instantiation. */
    void set(long fuel);

    /**
     * Charges host-side work to the guest's budget.
     *
     * @throws GuestFault of kind {@code FUEL} when the budget goes below zero
     */
    void charge(long fuel);
}
