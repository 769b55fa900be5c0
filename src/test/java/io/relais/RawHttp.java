package io.relais;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http cannot do: send from a chosen source address (any of
 * 127.0.0.0/8 on loopback), one request per connection ({@code Connection: close}).
 */
public final class RawHttp {
    private RawHttp() {}

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            var values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /** Sends {@code head} (request line and headers, without the empty line) and {@code body} from {@code from}. */
    public static Response exchange(InetAddress from, int port, String head, byte[] body) throws IOException {
        try (var socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(60_000);
            var out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one response: status line, headers, then the body (chunked or to the end of the stream). */
    public static Response read(InputStream in) throws IOException {
        var statusLine = line(in);
        var headers = new LinkedHashMap<String, List<String>>();
        for (var l = line(in); !l.isEmpty(); l = line(in)) {
            var colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        var body = new ByteArrayOutputStream();
        var chunked = headers.getOrDefault("transfer-encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"));
        var length = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length").get(0)) : -1;
        if (chunked) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        } else {
            in.transferTo(body);
        }
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        var buffer = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of a line: " + buffer);
            }
            if (c != '\r') {
                buffer.write(c);
            }
        }
        return buffer.toString(StandardCharsets.ISO_8859_1);
    }
}
