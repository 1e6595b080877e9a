package io.tributary.platform.web;

import org.springframework.http.HttpStatus;

/**
 * The error codes Tributary answers with. Where the Confluent REST Proxy has a code for the same
 * condition we use it, so clients that switch on codes keep working; otherwise the code is the HTTP
 * status itself.
 */
public enum ErrorCode {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, 400),
    NOT_FOUND(HttpStatus.NOT_FOUND, 404),
    TOPIC_NOT_FOUND(HttpStatus.NOT_FOUND, 40401),
    PARTITION_NOT_FOUND(HttpStatus.NOT_FOUND, 40402),
    CONSUMER_INSTANCE_NOT_FOUND(HttpStatus.NOT_FOUND, 40403),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, 405),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, 406),
    CONSUMER_FORMAT_MISMATCH(HttpStatus.NOT_ACCEPTABLE, 40601),
    CONFLICT(HttpStatus.CONFLICT, 409),
    CONSUMER_ALREADY_SUBSCRIBED(HttpStatus.CONFLICT, 40901),
    CONSUMER_ALREADY_EXISTS(HttpStatus.CONFLICT, 40902),
    ILLEGAL_STATE(HttpStatus.CONFLICT, 40903),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, 413),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 415),
    UNPROCESSABLE(HttpStatus.UNPROCESSABLE_CONTENT, 422),
    /** A record's key or value cannot be converted from/to the request's embedded format. */
    INVALID_RECORD_DATA(HttpStatus.UNPROCESSABLE_CONTENT, 42203),
    INVALID_CONSUMER_CONFIG(HttpStatus.UNPROCESSABLE_CONTENT, 42204),
    /** Topic name, partition count or topic config not acceptable. */
    INVALID_TOPIC_CONFIG(HttpStatus.UNPROCESSABLE_CONTENT, 422),
    /** Idempotent produce: sequence out of order or producer epoch fenced. */
    INVALID_PRODUCER_SEQUENCE(HttpStatus.UNPROCESSABLE_CONTENT, 42206),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, 42901),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, 500),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, 50302),
    /** The disk under the data directory is nearly full: an append was refused. */
    INSUFFICIENT_STORAGE(HttpStatus.INSUFFICIENT_STORAGE, 507);

    private final HttpStatus status;
    private final int code;

    ErrorCode(HttpStatus status, int code) {
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public int code() {
        return code;
    }
}
