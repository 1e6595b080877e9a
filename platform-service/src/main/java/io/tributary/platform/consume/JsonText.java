package io.tributary.platform.consume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Stored bytes known to hold exactly one well-formed JSON value, embedded in a fetch response as they are.
 *
 * <p>Why not a tree: a JSON consumer fetches thousands of records per request, and parsing each value
 * into a {@code JsonNode} only to write it back was the largest per-record cost of a fetch. {@link JsonSyntax}
 * still reads every byte (syntax, string escapes, UTF-8), so malformed values are refused; nothing is built.
 */
final class JsonText implements JacksonSerializable {

    private final byte[] bytes;

    private JsonText(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The bytes as a JSON string of their base64 (RFC 4648, no line feeds), as the binary format embeds them.
     * The JDK's encoder is vectorised (~5x Jackson's per-byte base64 on a 100-byte value here), and what it
     * writes never needs escaping, so the quoted result is embedded as it is.
     */
    static JsonText base64(byte[] bytes) {
        byte[] encoded = Base64.getEncoder().encode(bytes);
        byte[] quoted = new byte[encoded.length + 2];
        quoted[0] = '"';
        System.arraycopy(encoded, 0, quoted, 1, encoded.length);
        quoted[quoted.length - 1] = '"';
        return new JsonText(quoted);
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
        JsonSyntax.check(bytes);
        return new JsonText(bytes);
    }

    @Override
    public void serialize(JsonGenerator generator, SerializationContext context) {
        writeTo(generator);
    }

    /** Writes the value as it is stored: its UTF-8 bytes are copied into the generator's buffer, never decoded. */
    void writeTo(JsonGenerator generator) {
        generator.writeRawValue(new Utf8Bytes(bytes));
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer typeSerializer) {
        serialize(generator, context);
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Already-encoded UTF-8 as Jackson's {@link SerializableString}, which the UTF-8 generator copies straight
     * into its output buffer: decoding the bytes into a {@code String} only for the generator to encode it back
     * cost a copy and a transcoding per fetched record. Only the unquoted UTF-8 forms are used by
     * {@link JsonGenerator#writeRawValue(SerializableString)}; the rest answer through a decoded string.
     */
    private record Utf8Bytes(byte[] utf8) implements SerializableString {

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1; // the generator then flushes and writes asUnquotedUTF8()
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return new SerializedString(getValue()).asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return new SerializedString(getValue()).asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return new SerializedString(getValue()).appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return new SerializedString(getValue()).appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return new SerializedString(getValue()).appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return new SerializedString(getValue()).writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return new SerializedString(getValue()).putQuotedUTF8(buffer);
        }
    }
}
