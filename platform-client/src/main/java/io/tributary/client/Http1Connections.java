package io.tributary.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Plain HTTP/1.1 exchanges on kept-alive sockets, each on the calling thread: what the produce path uses instead of
 * {@link java.net.http.HttpClient}, whose asynchronous machinery (a selector thread and a worker thread per
 * exchange, futures and reactive body plumbing) cost the outbox relay more CPU per request than building and sending
 * the request itself. Only for {@code http} URIs; TLS stays with {@code HttpClient}.
 *
 * <p>Thread-safe: a connection is used by one exchange at a time; idle ones wait in a pool. A connection idle for
 * longer than {@link #MAX_IDLE} is closed rather than reused, so an exchange does not meet a socket the server has
 * already closed; a reused connection that fails before any answer byte arrived is reported as such, and the caller
 * decides whether the request may be sent again. An exchange is not interruptible (blocking socket I/O): an
 * interrupted caller gets its answer, or the timeout, first.
 */
final class Http1Connections implements AutoCloseable {

    /** Well below the keep-alive timeouts of common servers (Tomcat's default is 60 s, many proxies' 15-60 s). */
    static final Duration MAX_IDLE = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final String hostHeader;
    private final Duration connectTimeout;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    Http1Connections(URI baseUri, Duration connectTimeout) {
        this.host = baseUri.getHost();
        this.port = baseUri.getPort() >= 0 ? baseUri.getPort() : 80;
        this.hostHeader = baseUri.getPort() >= 0 ? host + ":" + port : host;
        this.connectTimeout = connectTimeout;
    }

    /** An answer: status, headers by lower-case name (first value), body as UTF-8 text. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    /** The exchange failed on a reused connection before any byte of the answer arrived: the server may have closed it. */
    static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * Sends the request and reads the answer, each read waiting at most {@code timeout}; on a new connection if
     * {@code fresh}. {@code headers} are name, value, name, value...
     *
     * @throws StaleConnectionException when a reused connection failed before the answer began
     * @throws IOException              when the exchange failed otherwise; the server may have processed the request
     */
    Response exchange(String method, String path, List<String> headers, byte[] body, Duration timeout, boolean fresh)
            throws IOException {
        Connection connection = fresh ? null : take();
        boolean reused = connection != null;
        if (connection == null) {
            connection = open();
        }
        try {
            connection.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            connection.write(method, path, hostHeader, headers, body);
            Response response = connection.read();
            if (closed || "close".equalsIgnoreCase(response.headers().get("connection"))) {
                connection.close();
            } else {
                connection.idleSince = System.nanoTime();
                idle.push(connection);
            }
            return response;
        } catch (IOException | RuntimeException e) {
            connection.close();
            if (reused && !connection.answerBegan && e instanceof IOException io && !(e instanceof SocketTimeoutException)) {
                throw new StaleConnectionException(io);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.poll()) != null) {
            connection.close();
        }
    }

    private Connection take() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (System.nanoTime() - connection.idleSince < MAX_IDLE.toNanos()) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One socket; reads the answer framed by Content-Length, chunked transfer coding, or the end of the stream. */
    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private long idleSince;
        private boolean answerBegan;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        void write(String method, String path, String hostHeader, List<String> headers, byte[] body) throws IOException {
            answerBegan = false;
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(hostHeader).append("\r\nContent-Length: ").append(body.length).append("\r\n");
            for (int i = 0; i + 1 < headers.size(); i += 2) {
                head.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
            }
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] request = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, request, 0, headBytes.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            out.write(request);
            out.flush();
        }

        Response read() throws IOException {
            String statusLine = line();
            answerBegan = true;
            // "HTTP/1.1 200 OK" (the reason is optional)
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("Not an HTTP/1.x answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new HashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
            }
            if (status / 100 == 1) {
                return read(); // 100 Continue and the like: the real answer follows
            }
            String encoding = headers.get("transfer-encoding");
            String length = headers.get("content-length");
            byte[] body;
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = chunked();
            } else if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
                if (body.length != Integer.parseInt(length)) {
                    throw new EOFException("Answer ended after " + body.length + " of " + length + " bytes");
                }
            } else if (status == 204 || status == 304) {
                body = new byte[0];
            } else {
                body = in.readAllBytes();
                headers.put("connection", "close");
            }
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int n = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (n == 0) {
                    // trailers, up to the empty line
                    while (!line().isEmpty()) {
                        // ignored
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length != n) {
                    throw new EOFException("Chunk ended after " + chunk.length + " of " + n + " bytes");
                }
                body.write(chunk);
                line();
            }
        }

        /** A line without its CRLF (ISO-8859-1, as HTTP heads are). */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("Connection closed by the server");
                }
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
