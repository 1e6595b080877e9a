package io.tributary.platform.log;

/** An append refused because the disk under the data directory is (nearly) full; nothing was appended. */
public class InsufficientStorageException extends LogException {

    public InsufficientStorageException(String message) {
        super(message);
    }
}
