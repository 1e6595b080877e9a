package io.tributary.platform.log;

/** Stored bytes failed their checksum or could not be parsed; the record is never served. */
public class CorruptRecordException extends LogException {

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
