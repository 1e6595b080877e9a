package io.tributary.platform.log;

/** A topic config value, partition count or topic name is not acceptable. */
public class InvalidTopicConfigException extends LogException {

    public InvalidTopicConfigException(String message) {
        super(message);
    }

    public InvalidTopicConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
