package io.tributary.client;

/** Base of everything the client throws. */
public class TributaryException extends RuntimeException {

    public TributaryException(String message) {
        super(message);
    }

    public TributaryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether sending the same request again may succeed (connection errors, 5xx, 429). */
    public boolean isRetriable() {
        return false;
    }
}
