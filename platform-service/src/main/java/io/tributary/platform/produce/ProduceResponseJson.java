package io.tributary.platform.produce;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;

/**
 * A {@link ProduceResponse} as the JSON the mapper writes for it, rendered straight into bytes.
 *
 * <p>Why not the mapper's writer: a batched request answers one offset per record, and data binding visited
 * four properties of each through its serializers (boxing the offset) — about a tenth of a 100-record request's
 * CPU. The answer's shape is fixed (the schema ids, error codes and errors are always null), so it is written
 * here; that the mapper would write the same bytes is checked once, on a sample, and the writer is used for any
 * response this does not render (or if the mapper were configured otherwise, e.g. to leave out nulls).
 */
final class ProduceResponseJson {

    private static final byte[] HEAD = ascii("{\"key_schema_id\":null,\"value_schema_id\":null,\"offsets\":[");
    private static final byte[] PARTITION = ascii("{\"partition\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] NO_ERROR = ascii(",\"error_code\":null,\"error\":null}");
    private static final byte[] END = ascii("]}");
    /** At most, per offset: the names, a comma, an int and a long. */
    private static final int MAX_OFFSET_LENGTH = PARTITION.length + OFFSET.length + NO_ERROR.length + 1 + 11 + 20;

    private static final ProduceResponse SAMPLE = ProduceResponse.of(List.of(ProduceResponse.Offset.of(0, 0),
            ProduceResponse.Offset.of(7, 41), ProduceResponse.Offset.of(Integer.MAX_VALUE, Long.MAX_VALUE),
            ProduceResponse.Offset.of(12, 1_000_000_000_000L)));

    private final ObjectWriter writer;
    private final boolean rendersAsTheMapper;

    ProduceResponseJson(ObjectMapper mapper) {
        this.writer = mapper.writerFor(ProduceResponse.class);
        this.rendersAsTheMapper = new String(bytes(SAMPLE), StandardCharsets.UTF_8)
                .equals(new String(writer.writeValueAsBytes(SAMPLE), StandardCharsets.UTF_8));
    }

    /** The response's JSON, exactly as the mapper writes it. */
    byte[] write(ProduceResponse response) {
        return rendersAsTheMapper && renders(response) ? bytes(response) : writer.writeValueAsBytes(response);
    }

    private static boolean renders(ProduceResponse response) {
        if (response.keySchemaId() != null || response.valueSchemaId() != null) {
            return false;
        }
        for (ProduceResponse.Offset offset : response.offsets()) {
            if (offset.errorCode() != null || offset.error() != null) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(ProduceResponse response) {
        List<ProduceResponse.Offset> offsets = response.offsets();
        byte[] json = new byte[HEAD.length + offsets.size() * MAX_OFFSET_LENGTH + END.length];
        int at = put(HEAD, json, 0);
        long previous = -1;
        int previousDigits = 0;
        int previousLength = 0;
        for (int i = 0; i < offsets.size(); i++) {
            if (i > 0) {
                json[at++] = ',';
            }
            ProduceResponse.Offset offset = offsets.get(i);
            at = put(PARTITION, json, at);
            at = decimal(offset.partition(), json, at);
            at = put(OFFSET, json, at);
            int digits = at;
            // A batch's records mostly get consecutive offsets: counting up from the last one's digits is a fraction of
            // the divisions that writing each in full costs (~6 % of a 100-record request's CPU samples in a JFR profile).
            at = offset.offset() > 0 && offset.offset() - 1 == previous ? successor(json, previousDigits, previousLength, at) : -1;
            if (at < 0) {
                at = decimal(offset.offset(), json, digits);
            }
            previous = offset.offset();
            previousDigits = digits;
            previousLength = at - digits;
            at = put(NO_ERROR, json, at);
        }
        at = put(END, json, at);
        return at == json.length ? json : Arrays.copyOf(json, at);
    }

    private static int put(byte[] text, byte[] json, int at) {
        System.arraycopy(text, 0, json, at, text.length);
        return at + text.length;
    }

    /**
     * The digits of one more than the non-negative decimal at {@code json[from, from + length)}, written at {@code at};
     * -1 when those digits are all nines (the successor has one more: the caller writes it in full).
     */
    static int successor(byte[] json, int from, int length, int at) {
        System.arraycopy(json, from, json, at, length);
        for (int i = at + length - 1; i >= at; i--) {
            if (json[i] != '9') {
                json[i]++;
                return at + length;
            }
            json[i] = '0';
        }
        return -1;
    }

    /** {@code value} in decimal, as {@link Long#toString(long)} writes it, without making a string. */
    static int decimal(long value, byte[] json, int at) {
        if (value == Long.MIN_VALUE) {
            return put(ascii(Long.toString(value)), json, at);
        }
        if (value < 0) {
            json[at++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            json[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
