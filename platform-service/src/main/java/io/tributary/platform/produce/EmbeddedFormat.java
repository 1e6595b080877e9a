package io.tributary.platform.produce;

import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import io.tributary.platform.web.KafkaMediaTypes;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * How record keys and values are embedded in v2 request bodies: JSON (any JSON value, stored as its
 * compact UTF-8 text, like Kafka's JSON serializer), binary (base64 strings, stored as the decoded bytes)
 * or text (strings, stored as UTF-8).
 */
public enum EmbeddedFormat {
    JSON(KafkaMediaTypes.JSON_V2_JSON),
    BINARY(KafkaMediaTypes.BINARY_V2_JSON),
    TEXT(KafkaMediaTypes.TEXT_V2_JSON);

    private static final MediaType JSON_TYPE = MediaType.parseMediaType(KafkaMediaTypes.JSON_V2_JSON);
    private static final MediaType BINARY_TYPE = MediaType.parseMediaType(KafkaMediaTypes.BINARY_V2_JSON);
    private static final MediaType TEXT_TYPE = MediaType.parseMediaType(KafkaMediaTypes.TEXT_V2_JSON);

    private final String mediaType;

    EmbeddedFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format a request's Content-Type header names (the exact v2 types without parsing). */
    public static EmbeddedFormat ofContentType(@Nullable String contentType) {
        if (contentType == null) {
            return JSON;
        }
        for (EmbeddedFormat format : values()) {
            if (format.mediaType.equals(contentType)) {
                return format;
            }
        }
        try {
            return ofContentType(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type " + contentType);
        }
    }

    /** The format a request's Content-Type names; plain application/json means JSON. */
    private static EmbeddedFormat ofContentType(@Nullable MediaType contentType) {
        if (contentType == null) {
            return JSON;
        }
        if (BINARY_TYPE.equalsTypeAndSubtype(contentType)) {
            return BINARY;
        }
        if (TEXT_TYPE.equalsTypeAndSubtype(contentType)) {
            return TEXT;
        }
        if (JSON_TYPE.equalsTypeAndSubtype(contentType) || MediaType.APPLICATION_JSON.equalsTypeAndSubtype(contentType)) {
            return JSON;
        }
        throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Unsupported Content-Type " + contentType);
    }

    static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_RECORD_DATA, message);
    }
}
