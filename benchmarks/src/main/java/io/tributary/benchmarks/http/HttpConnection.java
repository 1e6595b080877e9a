package io.tributary.benchmarks.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection over a blocking socket, used by one thread at a time; re-opened when
 * the server answers {@code Connection: close}, as any HTTP client would. Deliberately
 * minimal (fixed request bytes in, status and body out; Content-Length and chunked bodies) so the load
 * generator spends as little of the shared 2 cores as possible per request, and so "16 connections"
 * means exactly 16 TCP connections.
 */
public final class HttpConnection implements AutoCloseable {

    private static final AtomicLong RECONNECTS = new AtomicLong();

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean closeRequested;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private HttpConnection(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        connect();
    }

    public static HttpConnection open(String host, int port) throws IOException {
        return new HttpConnection(host, port);
    }

    /**
     * Times a connection was re-opened because the server answered {@code Connection: close} (Tomcat does so
     * after {@code server.tomcat.max-keep-alive-requests} requests, 100 by default).
     */
    public static long reconnects() {
        return RECONNECTS.get();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        position = 0;
        limit = 0;
        closeRequested = false;
    }

    /** A status and (when asked for) the body of a response. */
    public record Response(int status, byte @Nullable [] body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends a complete request (see {@link Requests}) and reads the response. */
    public Response exchange(byte[] request, boolean keepBody) throws IOException {
        if (closeRequested) {
            socket.close();
            RECONNECTS.incrementAndGet();
            connect();
        }
        out.write(request);
        out.flush();
        return read(keepBody);
    }

    private Response read(boolean keepBody) throws IOException {
        String statusLine = line();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(header.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && header.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && header.toLowerCase().contains("close")) {
                closeRequested = true;
            }
        }
        body.reset();
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            // no body
        } else if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
                copy(size, keepBody);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are ignored
            }
        } else if (contentLength >= 0) {
            copy(contentLength, keepBody);
        } else {
            throw new IOException("Response without length (connection close) is not supported");
        }
        return new Response(status, keepBody ? body.toByteArray() : null);
    }

    private static String chunkSize(String line) {
        int semicolon = line.indexOf(';');
        return (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
    }

    private void copy(long length, boolean keep) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (position == limit) {
                fill();
            }
            int n = (int) Math.min(remaining, limit - position);
            if (keep) {
                body.write(buffer, position, n);
            }
            position += n;
            remaining -= n;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("Connection closed by the server");
        }
        position = 0;
        limit = n;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
