package io.tributary.platform.web;

import java.io.IOException;

/** Thrown from a request body stream that went past the configured limit. */
public final class RequestTooLargeException extends IOException {

    public RequestTooLargeException(long limit) {
        super("Request body is larger than the limit of " + limit + " bytes.");
    }
}
