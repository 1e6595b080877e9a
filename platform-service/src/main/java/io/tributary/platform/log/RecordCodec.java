package io.tributary.platform.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one record, as stored in one Chronicle document (big-endian):
 *
 * <pre>
 * byte    format version (1)
 * long    offset
 * long    timestamp (epoch ms, log-append time)
 * byte    flags: bit 0 = producer stamp present
 * [long producerId, int epoch, long sequence]      only when bit 0 is set
 * int     key length (-1 = null), key bytes
 * int     value length (-1 = null), value bytes
 * int     header count, then per header: int name length, UTF-8 name, int value length, value bytes
 * int     CRC32C of every byte above
 * </pre>
 *
 * A document that is too short, has another version, inconsistent lengths or a wrong checksum decodes
 * to {@code null}: it is never served.
 *
 * <p>An instance is not thread-safe: it owns a reusable encode buffer and checksum, used under the
 * partition's append lock. {@link #decode} is static and safe to call from any thread.
 */
final class RecordCodec {

    static final byte VERSION = 1;
    private static final int FLAG_PRODUCER = 1;
    /** version + offset + timestamp + flags + key length + value length + header count + crc. */
    static final int FIXED_SIZE = 1 + 8 + 8 + 1 + 4 + 4 + 4 + 4;
    private static final int PRODUCER_SIZE = 8 + 4 + 8;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocate(4096);

    /** The encoded size of a record (exact, or a little more for malformed UTF-16 names), without encoding it. */
    static long encodedSize(NewRecord record, @Nullable ProducerStamp producer) {
        long size = FIXED_SIZE + (producer == null ? 0 : PRODUCER_SIZE);
        size += record.key() == null ? 0 : record.key().length;
        size += record.value() == null ? 0 : record.value().length;
        for (RecordHeader header : record.headers()) {
            size += 8 + utf8Length(header.name()) + header.value().length;
        }
        return size;
    }

    /**
     * Encodes the record into this codec's buffer and returns it, positioned at 0 and limited to the
     * encoded bytes. Valid until the next call.
     */
    ByteBuffer encode(long offset, long timestamp, NewRecord record, @Nullable ProducerStamp producer) {
        int size = (int) encodedSize(record, producer);
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
        }
        ByteBuffer out = buffer;
        out.clear();
        out.put(VERSION).putLong(offset).putLong(timestamp);
        if (producer == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) FLAG_PRODUCER).putLong(producer.producerId()).putInt(producer.epoch()).putLong(producer.sequence());
        }
        putBytes(out, record.key());
        putBytes(out, record.value());
        out.putInt(record.headers().size());
        for (RecordHeader header : record.headers()) {
            putBytes(out, header.name().getBytes(StandardCharsets.UTF_8));
            putBytes(out, header.value());
        }
        crc.reset();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        out.flip();
        return out;
    }

    /**
     * The record in {@code bytes[0, length)}, or null if it is corrupt or cannot be parsed.
     *
     * @param crc a checksum the caller owns (reset here), so concurrent readers share nothing
     */
    static @Nullable StoredRecord decode(byte[] bytes, int length, CRC32C crc) {
        if (length < FIXED_SIZE || bytes[0] != VERSION) {
            return null;
        }
        crc.reset();
        crc.update(bytes, 0, length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        if (in.getInt(length - 4) != (int) crc.getValue()) {
            return null;
        }
        in.limit(length - 4);
        try {
            in.get();
            long offset = in.getLong();
            long timestamp = in.getLong();
            byte flags = in.get();
            ProducerStamp producer = null;
            if ((flags & FLAG_PRODUCER) != 0) {
                producer = new ProducerStamp(in.getLong(), in.getInt(), in.getLong());
            }
            byte[] key = getBytes(in);
            byte[] value = getBytes(in);
            int headerCount = in.getInt();
            if (headerCount < 0 || headerCount > in.remaining() / 8) {
                return null;
            }
            List<RecordHeader> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
            for (int i = 0; i < headerCount; i++) {
                byte[] name = getBytes(in);
                byte[] headerValue = getBytes(in);
                if (name == null || headerValue == null) {
                    return null;
                }
                headers.add(new RecordHeader(new String(name, StandardCharsets.UTF_8), headerValue));
            }
            if (in.hasRemaining()) {
                return null;
            }
            return new StoredRecord(offset, timestamp, key, value, headerCount == 0 ? headers : List.copyOf(headers), producer);
        } catch (BufferUnderflowException | MalformedLengthException e) {
            return null;
        }
    }

    private static void putBytes(ByteBuffer out, byte @Nullable [] bytes) {
        if (bytes == null) {
            out.putInt(-1);
        } else {
            out.putInt(bytes.length).put(bytes);
        }
    }

    private static byte @Nullable [] getBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw MalformedLengthException.INSTANCE;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** A length field that points outside the document; cheap to throw, caught right away. */
    private static final class MalformedLengthException extends RuntimeException {
        static final MalformedLengthException INSTANCE = new MalformedLengthException();

        private MalformedLengthException() {
            super("length outside the document", null, false, false);
        }
    }
}
