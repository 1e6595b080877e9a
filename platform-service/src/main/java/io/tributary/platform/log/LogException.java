package io.tributary.platform.log;

/** Base of the storage engine's exceptions; each names what went wrong in words fit for a client. */
public abstract class LogException extends RuntimeException {

    public LogException(String message) {
        super(message);
    }

    public LogException(String message, Throwable cause) {
        super(message, cause);
    }
}
