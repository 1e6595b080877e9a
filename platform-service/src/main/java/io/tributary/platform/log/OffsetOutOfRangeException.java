package io.tributary.platform.log;

/** The offset is before the beginning (deleted by retention) or after the end of the partition. */
public class OffsetOutOfRangeException extends LogException {

    public OffsetOutOfRangeException(String message) {
        super(message);
    }

    public OffsetOutOfRangeException(String message, Throwable cause) {
        super(message, cause);
    }
}
