package io.tributary.client;

/** The calling thread was interrupted while waiting for the platform; the thread's interrupt flag is set again. */
public class TributaryInterruptedException extends TributaryException {

    public TributaryInterruptedException(InterruptedException cause) {
        super("Interrupted while waiting for the platform", cause);
        Thread.currentThread().interrupt();
    }
}
