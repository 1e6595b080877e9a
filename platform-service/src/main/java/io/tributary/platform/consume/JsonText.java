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
    /** Whether the text is {@code bytes} between double quotes (a base64 string), written around them when embedded. */
    private final boolean quoted;

    private JsonText(byte[] bytes, boolean quoted) {
        this.bytes = bytes;
        this.quoted = quoted;
    }

    /**
     * The bytes as a JSON string of their base64 (RFC 4648, no line feeds), as the binary format embeds them.
     * The JDK's encoder is vectorised (~5x Jackson's per-byte base64 on a 100-byte value here), and what it
     * writes never needs escaping, so it is embedded as it is, between the quotes (not copied into a quoted array).
     */
    static JsonText base64(byte[] bytes) {
        return new JsonText(Base64.getEncoder().encode(bytes), true);
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
        return new JsonText(bytes, false);
    }

    @Override
    public void serialize(JsonGenerator generator, SerializationContext context) {
        writeTo(generator);
    }

    /** Writes the value as it is stored: its UTF-8 bytes are copied into the generator's buffer, never decoded. */
    void writeTo(JsonGenerator generator) {
        generator.writeRawValue(new Utf8Bytes(bytes, quoted));
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer typeSerializer) {
        serialize(generator, context);
    }

    @Override
    public String toString() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return quoted ? '"' + text + '"' : text;
    }

    /**
     * Already-encoded UTF-8 as Jackson's {@link SerializableString}, which the UTF-8 generator copies straight
     * into its output buffer: decoding the bytes into a {@code String} only for the generator to encode it back
     * cost a copy and a transcoding per fetched record. Only the unquoted UTF-8 forms are used by
     * {@link JsonGenerator#writeRawValue(SerializableString)}; the rest answer through a decoded string. "Unquoted"
     * is Jackson's word for "as it is": with {@code quoted}, that is {@code utf8} between double quotes.
     */
    private record Utf8Bytes(byte[] utf8, boolean quoted) implements SerializableString {

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            int length = quoted ? utf8.length + 2 : utf8.length;
            if (offset + length > buffer.length) {
                return -1; // the generator then flushes and writes asUnquotedUTF8()
            }
            if (quoted) {
                buffer[offset] = '"';
                System.arraycopy(utf8, 0, buffer, offset + 1, utf8.length);
                buffer[offset + length - 1] = '"';
            } else {
                System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            }
            return length;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            if (!quoted) {
                return utf8;
            }
            byte[] text = new byte[utf8.length + 2];
            text[0] = '"';
            System.arraycopy(utf8, 0, text, 1, utf8.length);
            text[text.length - 1] = '"';
            return text;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            byte[] text = asUnquotedUTF8();
            out.write(text);
            return text.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            byte[] text = asUnquotedUTF8();
            if (text.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(text);
            return text.length;
        }

        @Override
        public String getValue() {
            return new String(asUnquotedUTF8(), StandardCharsets.UTF_8);
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
