package io.tributary.platform.log;

/** A record is larger than the topic's max.message.bytes. */
public class RecordTooLargeException extends LogException {

    public RecordTooLargeException(String message) {
        super(message);
    }

    public RecordTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
