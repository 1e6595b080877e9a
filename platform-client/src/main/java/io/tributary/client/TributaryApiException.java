package io.tributary.client;

/**
 * The platform answered with an error: the HTTP status and the Kafka REST Proxy v2 error body
 * {@code {"error_code": 40401, "message": "..."}}. 5xx and 429 are retriable; other 4xx are permanent for
 * that request and are thrown as they are, typed where a caller is likely to branch on them.
 */
public class TributaryApiException extends TributaryException {

    /** Topic not found. */
    public static final int TOPIC_NOT_FOUND = 40401;
    /** Partition not found. */
    public static final int PARTITION_NOT_FOUND = 40402;
    /** Consumer instance not found (expired, deleted, or the platform restarted). */
    public static final int CONSUMER_INSTANCE_NOT_FOUND = 40403;
    /** Consumer instance name already taken in the group. */
    public static final int CONSUMER_ALREADY_EXISTS = 40902;
    /** A key or value cannot be converted from the request's embedded format. */
    public static final int INVALID_RECORD_DATA = 42203;
    /** Idempotent produce: sequence out of order, or the producer's epoch was fenced. */
    public static final int INVALID_PRODUCER_SEQUENCE = 42206;
    /** Too many requests or consumer instances. */
    public static final int TOO_MANY_REQUESTS = 42901;

    private final int status;
    private final int errorCode;

    public TributaryApiException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The exception for this answer: a typed subclass where there is one. */
    public static TributaryApiException of(int status, int errorCode, String message) {
        if (errorCode == TOPIC_NOT_FOUND) {
            return new TopicNotFoundException(status, errorCode, message);
        }
        if (errorCode == CONSUMER_INSTANCE_NOT_FOUND) {
            return new ConsumerInstanceNotFoundException(status, errorCode, message);
        }
        if (errorCode == INVALID_PRODUCER_SEQUENCE) {
            return new InvalidProducerSequenceException(status, errorCode, message);
        }
        if (status == 413) {
            return new RecordTooLargeException(status, errorCode, message);
        }
        return new TributaryApiException(status, errorCode, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The {@code error_code} of the body (Confluent's code where one exists, else the HTTP status). */
    public int errorCode() {
        return errorCode;
    }

    @Override
    public boolean isRetriable() {
        return status >= 500 || status == 429 || status == 408;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status + "/" + errorCode + ": " + getMessage() + "]";
    }

    /** 404 / 40401: the topic does not exist (and the platform does not auto-create it). */
    public static final class TopicNotFoundException extends TributaryApiException {
        TopicNotFoundException(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /** 404 / 40403: the consumer instance expired or is unknown; the member must rejoin. */
    public static final class ConsumerInstanceNotFoundException extends TributaryApiException {
        ConsumerInstanceNotFoundException(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /**
     * 422 / 42206: the request's producer sequence is out of order (a gap, or older than the platform
     * remembers) or its epoch is lower than the producer's current one (fenced by a newer incarnation).
     */
    public static final class InvalidProducerSequenceException extends TributaryApiException {
        InvalidProducerSequenceException(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }

    /** 413: a record or the request body is larger than the platform accepts. */
    public static final class RecordTooLargeException extends TributaryApiException {
        RecordTooLargeException(int status, int errorCode, String message) {
            super(status, errorCode, message);
        }
    }
}
