package io.tributary.platform.log;

/** A topic with that name exists already. */
public class TopicAlreadyExistsException extends LogException {

    public TopicAlreadyExistsException(String message) {
        super(message);
    }

    public TopicAlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
