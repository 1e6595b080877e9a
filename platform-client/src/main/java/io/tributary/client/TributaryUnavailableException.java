package io.tributary.client;

/**
 * The platform could not be reached, or did not answer in time. The request may or may not have been
 * processed; an idempotent request can be re-sent with the same stamp safely.
 */
public class TributaryUnavailableException extends TributaryException {

    public TributaryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
