package io.tributary.platform.consume;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Stored bytes known to hold exactly one well-formed JSON value, embedded in a fetch response as they are.
 *
 * <p>Why not a tree: a JSON consumer fetches thousands of records per request, and parsing each value
 * into a {@code JsonNode} only to write it back was the largest per-record cost of a fetch. The
 * tokenizer still reads every byte (syntax, string escapes, UTF-8), so malformed values are refused
 * exactly as before; nothing is built.
 */
final class JsonText implements JacksonSerializable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final byte[] bytes;

    private JsonText(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The bytes as JSON text.
     *
     * @throws IllegalArgumentException if they are empty, not JSON, or more than one value
     */
    static JsonText of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty, not JSON");
        }
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("not valid JSON (no value)");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not valid JSON (more than one value)");
            }
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            throw new IllegalArgumentException("not valid JSON ("
                    + (message.length() > 120 ? message.substring(0, 120) + "..." : message) + ")");
        }
        return new JsonText(bytes);
    }

    @Override
    public void serialize(JsonGenerator generator, SerializationContext context) {
        generator.writeRawValue(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer typeSerializer) {
        serialize(generator, context);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
