package io.tributary.platform.produce;

import io.tributary.platform.log.NewRecord;
import io.tributary.platform.log.RecordHeader;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a v2 produce body ({@link ProduceRequest} is its documented shape) in one streaming pass,
 * straight into the records to append: keys and values become bytes as they are read.
 *
 * <p>Why by hand: binding {@code ProduceRequest} built a {@code JsonNode} tree per key and value, wrote JSON
 * trees back to bytes, and made Jackson construct a Java record per entry (a method-handle spread per call);
 * for 100 records per request that was most of the request's CPU. What is accepted is unchanged: unknown
 * fields and the schema fields of the Avro/Protobuf formats are skipped; a body that is not JSON of this
 * shape is a 400; data that does not fit the format (bad base64, a number for a binary value, ...) is a
 * 422 / 42203 naming the record, as before. JSON values are stored as Jackson writes them (compact; {@link CompactJson}).
 *
 * <p>A body of the usual shape is read by {@link ProduceBodyScanner} without Jackson; the scanner declines
 * anything else (malformed bodies included), which is then read here as it always was.
 */
final class ProduceRequestParser {

    /** A record of the request, with the partition it names (null: none). */
    record ParsedRecord(NewRecord record, @Nullable Integer partition) {
    }

    private final ObjectMapper mapper;
    private final CompactJson compactJson;
    /**
     * Larger bodies are left to Jackson: no string in a smaller one can reach its maximum string length, so the
     * scanner need not measure strings (Jackson's other limits the scanner keeps well below).
     */
    private final long maxScannedBytes;

    ProduceRequestParser(ObjectMapper mapper) {
        this.mapper = mapper;
        this.compactJson = new CompactJson(mapper);
        this.maxScannedBytes = mapper.tokenStreamFactory().streamReadConstraints().getMaxStringLength();
    }

    /**
     * The request's records in order, keys and values embedded per {@code format}.
     *
     * @throws ApiException                        422 for an empty or missing record list or data that does not fit the format,
     *                                             400 for a body of another shape
     * @throws tools.jackson.core.JacksonException for a body that is not JSON
     */
    List<ParsedRecord> parse(byte[] body, EmbeddedFormat format) {
        List<ParsedRecord> scanned = body.length > maxScannedBytes ? null : new ProduceBodyScanner(body, format, compactJson).scan();
        return scanned != null ? scanned : parseWithJackson(body, format);
    }

    /** As {@link #parse}, always with Jackson's parser: what the scanner declines, and the reference it is tested against. */
    List<ParsedRecord> parseWithJackson(byte[] body, EmbeddedFormat format) {
        List<ParsedRecord> records = null;
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw malformed("a JSON object with \"records\" is required");
            }
            expect(parser, first, JsonToken.START_OBJECT, "the body must be a JSON object with \"records\"");
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("records".equals(field)) {
                    records = value == JsonToken.VALUE_NULL ? null : records(parser, value, format);
                } else {
                    parser.skipChildren(); // key_schema, value_schema, *_schema_id and anything unknown
                }
            }
            if (parser.nextToken() != null) {
                throw malformed("unexpected content after the JSON object");
            }
        }
        if (records == null || records.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "records must contain at least one record");
        }
        return records;
    }

    private List<ParsedRecord> records(JsonParser parser, JsonToken start, EmbeddedFormat format) {
        expect(parser, start, JsonToken.START_ARRAY, "records must be an array");
        List<ParsedRecord> records = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            int index = records.size();
            if (token == JsonToken.VALUE_NULL) {
                throw EmbeddedFormat.invalid("records[" + index + "] must be an object");
            }
            expect(parser, token, JsonToken.START_OBJECT, "records[" + index + "] must be an object");
            records.add(record(parser, index, format));
        }
        return records;
    }

    private ParsedRecord record(JsonParser parser, int index, EmbeddedFormat format) {
        byte[] key = null;
        byte[] value = null;
        Integer partition = null;
        List<RecordHeader> headers = List.of();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String field = parser.currentName();
            JsonToken valueToken = parser.nextToken();
            switch (field) {
                case "key" -> key = embedded(parser, valueToken, format, "records[" + index + "].key");
                case "value" -> value = embedded(parser, valueToken, format, "records[" + index + "].value");
                case "partition" -> partition = partition(parser, valueToken, index);
                case "headers" -> headers = headers(parser, valueToken, index);
                default -> parser.skipChildren();
            }
        }
        return new ParsedRecord(new NewRecord(key, value, headers), partition);
    }

    /** The bytes to store for an embedded key or value; null stays null. */
    private byte @Nullable [] embedded(JsonParser parser, JsonToken token, EmbeddedFormat format, String what) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (format) {
            case JSON -> compactJson.copy(parser);
            case BINARY -> {
                if (token != JsonToken.VALUE_STRING) {
                    parser.skipChildren();
                    throw EmbeddedFormat.invalid(what + " must be a base64 string for the binary format");
                }
                try {
                    yield Base64.getDecoder().decode(parser.getString());
                } catch (IllegalArgumentException e) {
                    throw EmbeddedFormat.invalid(what + " is not valid base64: " + e.getMessage());
                }
            }
            case TEXT -> {
                if (token != JsonToken.VALUE_STRING) {
                    parser.skipChildren();
                    throw EmbeddedFormat.invalid(what + " must be a string for the text format");
                }
                yield parser.getString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private static @Nullable Integer partition(JsonParser parser, JsonToken token, int index) {
        String what = "records[" + index + "].partition";
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() != JsonParser.NumberType.INT) {
                    throw malformed(what + " is out of range");
                }
                yield parser.getIntValue();
            }
            case VALUE_STRING -> {
                try {
                    yield Integer.parseInt(parser.getString().trim());
                } catch (NumberFormatException e) {
                    throw malformed(what + " must be a whole number, not \"" + abbreviate(parser.getString()) + "\"");
                }
            }
            default -> throw malformed(what + " must be a whole number");
        };
    }

    private static List<RecordHeader> headers(JsonParser parser, JsonToken start, int index) {
        if (start == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(parser, start, JsonToken.START_ARRAY, "records[" + index + "].headers must be an array");
        List<RecordHeader> headers = new ArrayList<>(2);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            String where = "records[" + index + "].headers[" + headers.size() + "]";
            if (token == JsonToken.VALUE_NULL) {
                throw EmbeddedFormat.invalid(where + ".key is required");
            }
            expect(parser, token, JsonToken.START_OBJECT, where + " must be an object");
            String name = null;
            String value = null;
            for (JsonToken field = parser.nextToken(); field != JsonToken.END_OBJECT; field = parser.nextToken()) {
                String fieldName = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                switch (fieldName) {
                    case "key" -> name = scalarText(parser, valueToken, where + ".key");
                    case "value" -> value = scalarText(parser, valueToken, where + ".value");
                    default -> parser.skipChildren();
                }
            }
            if (name == null || name.isEmpty()) {
                throw EmbeddedFormat.invalid(where + ".key is required");
            }
            byte[] bytes;
            try {
                bytes = value == null ? new byte[0] : Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw EmbeddedFormat.invalid(where + ".value is not valid base64: " + e.getMessage());
            }
            headers.add(new RecordHeader(name, bytes));
        }
        return headers;
    }

    /** A string field's text; numbers and booleans as their text (as data binding coerces them). */
    private static @Nullable String scalarText(JsonParser parser, JsonToken token, String what) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw malformed(what + " must be a string");
        }
        return parser.getString();
    }

    private static void expect(JsonParser parser, JsonToken actual, JsonToken expected, String message) {
        if (actual != expected) {
            throw malformed(message + " (found " + describe(actual) + " at line " + parser.currentLocation().getLineNr()
                    + ", column " + parser.currentLocation().getColumnNr() + ")");
        }
    }

    private static String describe(@Nullable JsonToken token) {
        if (token == null) {
            return "the end of the body";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static ApiException malformed(String detail) {
        return new ApiException(ErrorCode.BAD_REQUEST, "Malformed request body: " + detail);
    }
}
