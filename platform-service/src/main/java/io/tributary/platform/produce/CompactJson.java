package io.tributary.platform.produce;

import io.tributary.platform.json.JsonSyntax;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.ObjectMapper;

/**
 * The bytes stored for a JSON key or value: its compact text exactly as the mapper's generator writes it (what
 * {@code copyCurrentStructure} from a parser gives), so consumers see the same bytes however the value was read.
 *
 * <p>Why not always the generator: for a value without escapes, fractions or {@code -0} that text is the value's
 * own bytes minus the whitespace between tokens, and copying them costs a fraction of tokenizing the value and
 * writing every token again (a parser's and a generator's state per value, each string decoded and re-encoded).
 * Whether the mapper in use really writes such values as they are (a feature such as escaping non-ASCII or
 * forward slashes would not) is checked once, on {@link #PROBES}; if it does not, every value goes through it.
 */
final class CompactJson {

    private static final Logger log = LoggerFactory.getLogger(CompactJson.class);

    /** Values a generator with Jackson's defaults writes back byte for byte once the whitespace is gone. */
    static final List<String> PROBES = List.of("\"plain ascii <>&'`~!@#$%^*()_+=-{}[]|:;?,.\"", "\"a/b\"", "\"\u007f\"",
            "\"caf\u00e9 \u2028 \u2603 \uD83D\uDE00\"", "0", "-12", "2147483648", "-9223372036854775809", "123456789012345678901234567890",
            "true", "false", "null", "[]", "{}", "[1,[],{},[null]]", "{\"k\":{\"\":[\"v\",1]}}", "{ \"a\" :\t[ 1 ,\r\n2 ] }");

    private final ObjectMapper mapper;
    /** Whether a value without escapes, fractions or {@code -0} is stored as its own bytes (see the class comment). */
    private final boolean ownBytesWhenPlain;

    CompactJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.ownBytesWhenPlain = PROBES.stream().allMatch(this::writtenAsItsOwnBytes);
        if (!ownBytesWhenPlain) {
            log.info("The JSON mapper does not write plain JSON values back as they are; produced JSON values go through it");
        }
    }

    /** What {@link #of} needs the generator for: anything but whitespace between tokens. */
    static boolean needsGenerator(int features) {
        return (features & ~JsonSyntax.WHITESPACE) != 0;
    }

    /**
     * The stored bytes of the JSON value at {@code bytes[start, end)}, which {@link JsonSyntax#scanValue} found
     * well-formed with {@code features}.
     */
    byte[] of(byte[] bytes, int start, int end, int features) {
        if (!ownBytesWhenPlain || needsGenerator(features)) {
            try (JsonParser parser = mapper.createParser(bytes, start, end - start)) {
                parser.nextToken();
                return copy(parser);
            }
        }
        return features == 0 ? Arrays.copyOfRange(bytes, start, end) : withoutWhitespace(bytes, start, end);
    }

    /** The parser's current value (scalar or structure), written compactly by the mapper's generator. */
    byte[] copy(JsonParser parser) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = mapper.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toByteArray();
    }

    /** The value's bytes without the whitespace between its tokens; its strings have no escapes, so a quote ends one. */
    private static byte[] withoutWhitespace(byte[] bytes, int start, int end) {
        byte[] compact = new byte[end - start];
        int length = 0;
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b == '"') {
                inString = !inString;
            } else if (!inString && (b == ' ' || b == '\n' || b == '\r' || b == '\t')) {
                continue;
            }
            compact[length++] = b;
        }
        return length == compact.length ? compact : Arrays.copyOf(compact, length);
    }

    private boolean writtenAsItsOwnBytes(String probe) {
        byte[] bytes = probe.getBytes(StandardCharsets.UTF_8);
        JsonSyntax syntax = JsonSyntax.over(bytes);
        int end = syntax.scanValue(0, JsonSyntax.MAX_DEPTH);
        byte[] generated;
        try (JsonParser parser = mapper.createParser(bytes)) {
            parser.nextToken();
            generated = copy(parser);
        }
        return !needsGenerator(syntax.features()) && Arrays.equals(generated, withoutWhitespace(bytes, 0, end));
    }
}
