package io.tributary.payments.messaging;

/**
 * A record that can never be processed as it is (no event id, unknown type, unparseable payload): retrying is
 * pointless, so it goes to the dead-letter topic at once.
 */
public final class PoisonMessageException extends RuntimeException {

    PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }

    PoisonMessageException(String message) {
        super(message);
    }
}
