package io.tributary.platform.web;

import org.springframework.http.HttpStatus;

/**
 * An error answered to the client as {@code {"error_code": ..., "message": ...}} with {@code status}.
 * Every feature throws this (or a log-engine exception that {@link ApiExceptionHandler} maps) instead
 * of building error bodies itself.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final int errorCode;

    public ApiException(HttpStatus status, int errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public ApiException(ErrorCode code, String message) {
        this(code.status(), code.code(), message);
    }

    public HttpStatus status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
