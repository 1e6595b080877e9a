package io.tributary.platform.consume;

import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import io.tributary.platform.web.KafkaMediaTypes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** How a consumer instance embeds keys and values in fetched records: JSON, base64 bytes or UTF-8 text. */
enum RecordFormat {
    JSON(KafkaMediaTypes.JSON_V2_JSON),
    BINARY(KafkaMediaTypes.BINARY_V2_JSON),
    TEXT(KafkaMediaTypes.TEXT_V2_JSON);

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
     * The bytes as this format embeds them: a JSON tree, a base64 string or a string; null stays null.
     *
     * @throws IllegalArgumentException if the bytes are not valid in this format
     */
    @Nullable Object embed(byte @Nullable [] bytes) {
        if (bytes == null) {
            return null;
        }
        return switch (this) {
            case BINARY -> Base64.getEncoder().encodeToString(bytes);
            case TEXT -> decodeUtf8(bytes);
            case JSON -> parseJson(bytes);
        };
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid UTF-8 text");
        }
    }

    private static Object parseJson(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty, not JSON");
        }
        try {
            return STRICT.readTree(bytes);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            throw new IllegalArgumentException("not valid JSON (" + (message.length() > 120 ? message.substring(0, 120) + "..." : message) + ")");
        }
    }
}
