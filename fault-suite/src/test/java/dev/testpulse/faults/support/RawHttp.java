package dev.testpulse.faults.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over a plain socket, for what a well-behaved client library refuses to send: a raw request line (control
 * characters in the path), a Content-Length that lies, a chunked body past the limit, a body that trickles in or
 * stops half-way. Reads only the status line, the headers and at most 64 KB of the answer.
 */
public final class RawHttp {

    /** What came back: the status (0 when the server closed without an answer) and the Content-Type, if any. */
    public record Answer(int status, String contentType, String body) {
    }

    private final String host;
    private final int port;

    public RawHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /**
     * Sends {@code head} (request line and headers, without the blank line), then {@code body} in pieces of
     * {@code pieceBytes} with {@code pauseMs} between them; {@code complete=false} stops after half the body and
     * closes the socket's output, as a client that gives up.
     */
    public Answer send(String head, byte[] body, int pieceBytes, long pauseMs, boolean complete) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int end = complete ? body.length : body.length / 2;
            try {
                for (int at = 0; at < end; at += pieceBytes) {
                    out.write(body, at, Math.min(pieceBytes, end - at));
                    out.flush();
                    if (pauseMs > 0) {
                        pause(pauseMs);
                    }
                }
                if (!complete) {
                    socket.shutdownOutput();
                }
            } catch (IOException answeredEarly) {
                // the server may answer (413) and close before the whole body is sent: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    /** True once the status line, the headers and as many body bytes as the answer's Content-Length have arrived. */
    static boolean complete(String text) {
        int headersEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headersEnd < 0) {
            return false;
        }
        for (String line : text.substring(0, headersEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                try {
                    return text.length() - (headersEnd + 4) >= Long.parseLong(line.substring(15).trim());
                } catch (NumberFormatException notANumber) {
                    return false;
                }
            }
        }
        return false;
    }

    /** A chunked body: each piece as one chunk, then the last chunk. */
    public static byte[] chunked(byte[] body, int chunkBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / Math.max(1, chunkBytes) * 8 + 8);
        for (int at = 0; at < body.length; at += chunkBytes) {
            int length = Math.min(chunkBytes, body.length - at);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read = in.read(buffer); read >= 0 && received.size() < 64 * 1024; read = in.read(buffer)) {
                received.write(buffer, 0, read);
                if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                    // the whole answer is here: a server that refused a body it was still owed (a declared 5 GB)
                    // would keep the connection open for the rest until the 30 s timeout
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException closed) {
            // whatever arrived before is the answer
        }
        String text = received.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(0, null, text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        String contentType = null;
        int headersEnd = text.indexOf("\r\n\r\n");
        for (String line : text.substring(0, headersEnd < 0 ? text.length() : headersEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
        }
        return new Answer(status, contentType, headersEnd < 0 ? "" : text.substring(headersEnd + 4));
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trickling a body", e);
        }
    }
}
