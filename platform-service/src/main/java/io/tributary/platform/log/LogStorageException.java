package io.tributary.platform.log;

/** The disk refused an operation the engine needs (write, fsync, delete, metadata update). */
public class LogStorageException extends LogException {

    public LogStorageException(String message) {
        super(message);
    }

    public LogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
