package io.tributary.benchmarks.http;

import java.nio.charset.StandardCharsets;

/** Builds the bytes of HTTP/1.1 requests once, so sending one costs a socket write. */
public final class Requests {

    private Requests() {
    }

    public static byte[] get(String path, String accept) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] get(String path) {
        return get(path, "*/*");
    }

    public static byte[] post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] post(String path, String contentType, byte[] body) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nAccept: application/vnd.kafka.v2+json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    public static byte[] delete(String path) {
        return ("DELETE " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/vnd.kafka.v2+json\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
