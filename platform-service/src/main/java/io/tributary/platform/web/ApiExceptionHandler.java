package io.tributary.platform.web;

import io.tributary.platform.log.CorruptRecordException;
import io.tributary.platform.log.InsufficientStorageException;
import io.tributary.platform.log.InvalidTopicConfigException;
import io.tributary.platform.log.LogClosedException;
import io.tributary.platform.log.LogException;
import io.tributary.platform.log.OffsetOutOfRangeException;
import io.tributary.platform.log.PartitionNotFoundException;
import io.tributary.platform.log.RecordTooLargeException;
import io.tributary.platform.log.TopicAlreadyExistsException;
import io.tributary.platform.log.TopicNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place that turns exceptions into the API's error body. Clients never see a stack trace;
 * anything unexpected is logged here with its stack and answered as a 500 with a short message.
 */
@RestControllerAdvice
public final class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final MediaType ERROR_MEDIA_TYPE = MediaType.parseMediaType(KafkaMediaTypes.V2_JSON);

    /** Builds an error response; the explicit content type skips the client's Accept negotiation. */
    public static ResponseEntity<ErrorBody> error(ErrorCode code, String message) {
        return error(new ApiException(code, message));
    }

    static ResponseEntity<ErrorBody> error(ApiException e) {
        return ResponseEntity.status(e.status())
                .header(HttpHeaders.CONTENT_TYPE, ERROR_MEDIA_TYPE.toString())
                .body(new ErrorBody(e.errorCode(), e.getMessage()));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return error(e);
    }

    @ExceptionHandler(LogException.class)
    ResponseEntity<ErrorBody> log(LogException e) {
        return error(fromLog(e));
    }

    /** Maps a storage-engine exception to the API's codes. */
    public static ApiException fromLog(LogException e) {
        if (e instanceof TopicNotFoundException) {
            return new ApiException(ErrorCode.TOPIC_NOT_FOUND, e.getMessage());
        }
        if (e instanceof PartitionNotFoundException) {
            return new ApiException(ErrorCode.PARTITION_NOT_FOUND, e.getMessage());
        }
        if (e instanceof TopicAlreadyExistsException) {
            return new ApiException(ErrorCode.CONFLICT, e.getMessage());
        }
        if (e instanceof InvalidTopicConfigException) {
            return new ApiException(ErrorCode.INVALID_TOPIC_CONFIG, e.getMessage());
        }
        if (e instanceof RecordTooLargeException) {
            return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage());
        }
        if (e instanceof OffsetOutOfRangeException) {
            return new ApiException(ErrorCode.UNPROCESSABLE, e.getMessage());
        }
        if (e instanceof LogClosedException) {
            return new ApiException(ErrorCode.UNAVAILABLE, e.getMessage());
        }
        if (e instanceof InsufficientStorageException) {
            return new ApiException(ErrorCode.INSUFFICIENT_STORAGE, e.getMessage()); // FreeSpace logs it, once
        }
        if (e instanceof CorruptRecordException) {
            log.error("Corrupt record", e);
            return new ApiException(ErrorCode.INTERNAL, e.getMessage());
        }
        log.error("Storage error", e);
        return new ApiException(ErrorCode.INTERNAL, "Storage error: " + e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestTooLargeException tooLarge) {
                return error(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
            }
            if (t instanceof ApiException api) {
                return error(api);
            }
        }
        Throwable root = e.getMostSpecificCause();
        String detail = root.getMessage() == null ? "" : firstLine(root.getMessage());
        return error(ErrorCode.BAD_REQUEST, "Malformed request body" + (detail.isEmpty() ? "." : ": " + detail));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return error(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type " + e.getContentType()
                + "; use one of " + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(ErrorCode.NOT_ACCEPTABLE, "Cannot answer in the requested Accept type; supported: "
                + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        ResponseEntity<ErrorBody> body = error(ErrorCode.METHOD_NOT_ALLOWED, "Method " + e.getMethod()
                + " is not allowed here; allowed: " + e.getSupportedHttpMethods());
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(body.getHeaders());
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return new ResponseEntity<>(body.getBody(), headers, body.getStatusCode());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noResource(NoResourceFoundException e) {
        return error(ErrorCode.NOT_FOUND, "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(MethodArgumentTypeMismatchException e) {
        return error(ErrorCode.BAD_REQUEST, "Invalid value '" + abbreviate(String.valueOf(e.getValue()))
                + "' for " + e.getName());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class})
    ResponseEntity<ErrorBody> missing(Exception e) {
        return error(ErrorCode.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request body");
        return error(ErrorCode.UNPROCESSABLE, detail);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ErrorBody> invalidParameters(HandlerMethodValidationException e) {
        String detail = e.getAllErrors().stream()
                .map(err -> err.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return error(ErrorCode.UNPROCESSABLE, detail);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        log.error("Unexpected error answering a request", e);
        return error(ErrorCode.INTERNAL, "Internal error: " + e.getClass().getSimpleName());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return abbreviate(line);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
