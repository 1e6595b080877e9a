package io.tributary.platform.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Format version 1 of a stored record exactly as the engine first wrote and read it (through a heap
 * {@link ByteBuffer}, big-endian), kept as the independent oracle {@link RecordCodec} is checked against:
 * files written by earlier builds must keep reading, and files written now must read the same way.
 */
final class RecordFormatV1 {

    private RecordFormatV1() {
    }

    static byte[] encode(long offset, long timestamp, NewRecord record, @Nullable ProducerStamp producer) {
        ByteBuffer out = ByteBuffer.allocate((int) RecordCodec.encodedSize(record, producer));
        out.put((byte) 1).putLong(offset).putLong(timestamp);
        if (producer == null) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1).putLong(producer.producerId()).putInt(producer.epoch()).putLong(producer.sequence());
        }
        putBytes(out, record.key());
        putBytes(out, record.value());
        out.putInt(record.headers().size());
        for (RecordHeader header : record.headers()) {
            putBytes(out, header.name().getBytes(StandardCharsets.UTF_8));
            putBytes(out, header.value());
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        byte[] bytes = new byte[out.position()];
        System.arraycopy(out.array(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    static @Nullable StoredRecord decode(byte[] bytes) {
        int length = bytes.length;
        if (length < RecordCodec.FIXED_SIZE || bytes[0] != 1) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt(length - 4) != (int) crc.getValue()) {
            return null;
        }
        in.limit(length - 4);
        try {
            in.get();
            long offset = in.getLong();
            long timestamp = in.getLong();
            ProducerStamp producer = (in.get() & 1) != 0 ? new ProducerStamp(in.getLong(), in.getInt(), in.getLong()) : null;
            byte[] key = getBytes(in);
            byte[] value = getBytes(in);
            int headerCount = in.getInt();
            if (headerCount < 0 || headerCount > in.remaining() / 8) {
                return null;
            }
            List<RecordHeader> headers = new ArrayList<>();
            for (int i = 0; i < headerCount; i++) {
                byte[] name = getBytes(in);
                byte[] headerValue = getBytes(in);
                if (name == null || headerValue == null) {
                    return null;
                }
                headers.add(new RecordHeader(new String(name, StandardCharsets.UTF_8), headerValue));
            }
            return in.hasRemaining() ? null : new StoredRecord(offset, timestamp, key, value, List.copyOf(headers), producer);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
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
            throw new IllegalArgumentException("length outside the document");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
