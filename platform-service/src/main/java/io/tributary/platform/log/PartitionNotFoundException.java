package io.tributary.platform.log;

/** The partition number is outside the topic's partitions. */
public class PartitionNotFoundException extends LogException {

    public PartitionNotFoundException(String message) {
        super(message);
    }

    public PartitionNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
