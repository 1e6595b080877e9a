package io.tributary.platform.log;

/** The topic does not exist. */
public class TopicNotFoundException extends LogException {

    public TopicNotFoundException(String message) {
        super(message);
    }

    public TopicNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
