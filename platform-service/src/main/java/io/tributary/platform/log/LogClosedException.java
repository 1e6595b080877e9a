package io.tributary.platform.log;

/** The log (or the topic, being deleted) is closed. */
public class LogClosedException extends LogException {

    public LogClosedException(String message) {
        super(message);
    }

    public LogClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
