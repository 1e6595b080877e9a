package io.tributary.platform.consume;

import io.tributary.platform.log.StoredRecord;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import io.tributary.platform.web.KafkaMediaTypes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/** How a consumer instance embeds keys and values in fetched records: JSON, base64 bytes or UTF-8 text. */
enum RecordFormat {
    JSON(KafkaMediaTypes.JSON_V2_JSON),
    BINARY(KafkaMediaTypes.BINARY_V2_JSON),
    TEXT(KafkaMediaTypes.TEXT_V2_JSON);

    private final MediaType mediaType;

    RecordFormat(String mediaType) {
        this.mediaType = MediaType.parseMediaType(mediaType);
    }

    MediaType mediaType() {
        return mediaType;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RecordFormat parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return BINARY; // the REST Proxy's default
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "binary" -> BINARY;
            case "text", "string" -> TEXT;
            default -> throw new ApiException(ErrorCode.INVALID_CONSUMER_CONFIG,
                    "Unsupported format '" + value + "'; use json, binary or text");
        };
    }

    /**
     * The bytes as this format embeds them, ready for Jackson to write: {@link JsonText} (a base64 string, or
     * checked JSON, written as it is) or a string; null stays null.
     * Nothing is parsed into a tree or copied more than the format needs: this runs for every fetched record.
     *
     * @throws IllegalArgumentException if the bytes are not valid in this format
     */
    @Nullable Object embed(byte @Nullable [] bytes) {
        return bytes == null ? null : embed(bytes, 0, bytes.length);
    }

    /**
     * {@link #embed(byte[])} of {@code bytes[offset, offset + length)}, a stored record's key or value in the array it
     * shares with other records: read where it is, not copied first (the array must not change while the result is
     * in use); a {@code length} of {@link StoredRecord#ABSENT} is null.
     *
     * @throws IllegalArgumentException if the bytes are not valid in this format
     */
    @Nullable Object embed(byte[] bytes, int offset, int length) {
        if (length == StoredRecord.ABSENT) {
            return null;
        }
        return switch (this) {
            case BINARY -> JsonText.base64(bytes, offset, length);
            case TEXT -> decodeUtf8(bytes, offset, length);
            case JSON -> JsonText.of(bytes, offset, length);
        };
    }

    private static String decodeUtf8(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid UTF-8 text");
        }
    }

}
