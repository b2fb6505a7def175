package io.mlctl.logger;

import io.mlctl.protocol.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proxy's own HTTP/1.1 framing (it forwards received bytes unchanged and only finds where messages end), checked
 * on the wire: a raw-socket client before the proxy and a raw-socket model server behind it, so every byte each side
 * sends and receives is visible. The model server reads requests by their own framing (content-length or chunked) and
 * answers with the exact bytes each case scripts.
 */
class ProxyFramingTest {
    private static final Pattern ID_LINE = Pattern.compile("(?imd)^x-request-id: *([^\\r]*)\\r$");

    private RawServer upstream;
    private ProxyServer proxy;
    private final List<Exchange> logged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        upstream = new RawServer();
        ProxySettings settings = new ProxySettings(new InetSocketAddress("127.0.0.1", upstream.port()), 1 << 20, 1.0,
                10_000, (method, path) -> path.startsWith("/v2/"), CpuBudget.ofUpdatingThread(1.0));
        proxy = new ProxyServer(new InetSocketAddress("127.0.0.1", 0), 1, settings, new LoggerMetrics(() -> 0),
                logged::add);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        upstream.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private Socket client() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(60_000);
        return s;
    }

    private void awaitLogged(int n) throws InterruptedException {
        Harness.await(n + " pairs logged", java.time.Duration.ofSeconds(60), () -> logged.size() >= n);
    }

    @Test
    void aRequestWithoutAnIdGetsOneOnBothSidesAndOneWithAnIdPassesByteForByte() throws Exception {
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                + "{\"ok\":true}");
        String body = "{\"inputs\":[]}";
        try (Socket c = client()) {
            c.getOutputStream().write(ascii("POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
            String answer = text(readResponse(c.getInputStream(), false));
            RawServer.Request seen = upstream.next();
            Matcher forwarded = ID_LINE.matcher(seen.head);
            assertTrue(forwarded.find(), seen.head);
            String id = forwarded.group(1);
            assertFalse(forwarded.find(), "one id line only: " + seen.head);
            assertEquals(36, id.length(), id);
            Matcher back = ID_LINE.matcher(answer);
            assertTrue(back.find(), answer);
            assertEquals(id, back.group(1));
            assertTrue(answer.endsWith("\r\n\r\n{\"ok\":true}"), answer);
            assertEquals(body, text(seen.rawBody));

            // the same connection, an id of the client's: the request and the answer pass unchanged
            String request = "POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nX-Request-Id: client-7\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
            c.getOutputStream().write(ascii(request));
            answer = text(readResponse(c.getInputStream(), false));
            seen = upstream.next();
            assertEquals(request, seen.head + text(seen.rawBody));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
                    answer);
            awaitLogged(2);
            assertEquals(id, logged.get(0).requestId());
            assertEquals("client-7", logged.get(1).requestId());
            assertEquals(body, text(logged.get(1).requestBody()));
            assertEquals("{\"ok\":true}", text(logged.get(1).responseBody()));
            assertEquals("application/json", logged.get(0).requestContentType());
            assertEquals("application/json", logged.get(1).responseContentType());
        }
    }

    @Test
    void anEmptyIdIsReplacedNotDoubled() throws Exception {
        upstream.answer = r -> ascii("HTTP/1.1 204 No Content\r\n\r\n");
        try (Socket c = client()) {
            c.getOutputStream().write(ascii("GET /v2/health/ready HTTP/1.1\r\nx-request-id:\r\nHost: x\r\n\r\n"));
            String answer = text(readResponse(c.getInputStream(), true));
            RawServer.Request seen = upstream.next();
            Matcher m = ID_LINE.matcher(seen.head);
            assertTrue(m.find(), seen.head);
            String id = m.group(1);
            assertFalse(id.isEmpty(), seen.head);
            assertFalse(m.find(), seen.head);
            assertTrue(answer.contains("x-request-id: " + id + "\r\n"), answer);
        }
    }

    @Test
    void chunkedRequestBodiesPassAsSentAndAreLoggedDechunked() throws Exception {
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        String chunked = "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";
        try (Socket c = client()) {
            OutputStream out = c.getOutputStream();
            String head = "POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nx-request-id: r1\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n";
            // in pieces that cut through the chunk-size line, the data and the trailer
            out.write(ascii(head + chunked.substring(0, 3)));
            out.flush();
            Thread.sleep(50);
            out.write(ascii(chunked.substring(3, 12)));
            out.flush();
            Thread.sleep(50);
            out.write(ascii(chunked.substring(12)));
            out.flush();
            assertTrue(text(readResponse(c.getInputStream(), false)).endsWith("\r\n\r\nok"));
            RawServer.Request seen = upstream.next();
            assertEquals(head, seen.head);
            assertEquals(chunked, text(seen.rawBody));
            awaitLogged(1);
            assertEquals("hello, world", text(logged.get(0).requestBody()));
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        upstream.answer = r -> {
            String n = r.head.substring(r.head.indexOf("x-request-id: ") + 14, r.head.indexOf("x-request-id: ") + 16);
            return ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n" + n);
        };
        StringBuilder all = new StringBuilder();
        for (int i = 10; i < 13; i++) {
            all.append("POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nx-request-id: ").append(i)
                    .append("\r\nContent-Length: 3\r\n\r\nb").append(i);
        }
        try (Socket c = client()) {
            c.getOutputStream().write(ascii(all.toString())); // three requests in one write
            for (int i = 10; i < 13; i++) {
                assertTrue(text(readResponse(c.getInputStream(), false)).endsWith("\r\n\r\n" + i));
            }
            awaitLogged(3);
            for (int i = 0; i < 3; i++) {
                assertEquals(String.valueOf(10 + i), logged.get(i).requestId());
                assertEquals("b" + (10 + i), text(logged.get(i).requestBody()));
            }
        }
    }

    @Test
    void answersWithoutABodyEndAtTheirHeadHeadAnd204And304() throws Exception {
        // each announces a body it does not send (HEAD, 304) or frames none (204): the next answer must still be read
        upstream.answer = r -> switch (r.head.substring(0, r.head.indexOf(' '))) {
            case "HEAD" -> ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n");
            case "PUT" -> ascii("HTTP/1.1 204 No Content\r\n\r\n");
            case "GET" -> ascii("HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\nContent-Length: 10\r\n\r\n");
            default -> ascii("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast");
        };
        try (Socket c = client()) {
            OutputStream out = c.getOutputStream();
            InputStream in = c.getInputStream();
            out.write(ascii("HEAD /v2/models/m HTTP/1.1\r\nHost: x\r\nx-request-id: h\r\n\r\n"));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n",
                    text(readResponse(in, true)));
            out.write(ascii("PUT /v2/models/m HTTP/1.1\r\nHost: x\r\nx-request-id: p\r\nContent-Length: 0\r\n\r\n"));
            assertEquals("HTTP/1.1 204 No Content\r\n\r\n", text(readResponse(in, true)));
            out.write(ascii("GET /v2/models/m HTTP/1.1\r\nHost: x\r\nx-request-id: g\r\n\r\n"));
            assertEquals("HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\nContent-Length: 10\r\n\r\n",
                    text(readResponse(in, true)));
            out.write(ascii("POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nx-request-id: l\r\nContent-Length: 0\r\n\r\n"));
            assertTrue(text(readResponse(in, false)).endsWith("\r\n\r\nlast"));
            assertEquals(1, upstream.connections.get(), "all on one model-server connection");
        }
    }

    @Test
    void expectContinueGetsTheInterimAnswerBeforeTheBodyIsSent() throws Exception {
        upstream.continueFirst = true;
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nContent-Length: " + r.rawBody.length + "\r\n\r\n"
                + text(r.rawBody));
        try (Socket c = client()) {
            OutputStream out = c.getOutputStream();
            InputStream in = c.getInputStream();
            out.write(ascii("POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nx-request-id: e\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 5\r\n\r\n"));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", text(readResponse(in, true)));
            out.write(ascii("12345"));
            assertTrue(text(readResponse(in, false)).endsWith("\r\n\r\n12345"));
            awaitLogged(1);
            assertEquals(200, logged.get(0).status());
            assertEquals("12345", text(logged.get(0).responseBody()));
        }
    }

    @Test
    void aCloseDelimitedAnswerIsPassedWholeAndTheClientConnectionCloses() throws Exception {
        upstream.closeAfterAnswer = true;
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"outputs\":[]}");
        try (Socket c = client()) {
            c.getOutputStream().write(ascii("POST /v2/models/m/infer HTTP/1.1\r\nHost: x\r\nx-request-id: cd\r\n"
                    + "Content-Length: 2\r\n\r\n{}"));
            byte[] all = c.getInputStream().readAllBytes(); // to the end of the stream: the proxy closes
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"outputs\":[]}", text(all));
            awaitLogged(1);
            assertEquals("{\"outputs\":[]}", text(logged.get(0).responseBody()));
        }
    }

    @Test
    void aChunkedAnswerStreamsAsItArrives() throws Exception {
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        upstream.rest = ascii("2\r\nde\r\n0\r\n\r\n");
        try (Socket c = client()) {
            c.getOutputStream().write(ascii("GET /v2/stream HTTP/1.1\r\nHost: x\r\nx-request-id: s\r\n\r\n"));
            InputStream in = c.getInputStream();
            String first = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n";
            // the first chunk arrives while the model server still holds the rest
            assertEquals(first, text(in.readNBytes(first.length())));
            upstream.release.countDown();
            assertEquals("2\r\nde\r\n0\r\n\r\n", text(in.readNBytes(12)));
            awaitLogged(1);
            assertEquals("abcde", text(logged.get(0).responseBody()));
        }
    }

    @Test
    void connectionCloseFromEitherSideClosesTheClientAfterTheAnswer() throws Exception {
        upstream.answer = r -> r.head.contains("x-request-id: upstream-closes")
                ? ascii("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                : ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        String[] requests = {
                "GET /v2/x HTTP/1.1\r\nHost: x\r\nx-request-id: client-closes\r\nConnection: close\r\n\r\n",
                "GET /v2/x HTTP/1.0\r\nx-request-id: http10\r\n\r\n",
                "GET /v2/x HTTP/1.1\r\nHost: x\r\nx-request-id: upstream-closes\r\n\r\n",
        };
        for (String request : requests) {
            try (Socket c = client()) {
                c.getOutputStream().write(ascii(request));
                String answer = text(c.getInputStream().readAllBytes()); // the answer, then the end of the stream
                assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n") && answer.endsWith("\r\n\r\nok"), answer);
            }
        }
        awaitLogged(3);
    }

    @Test
    void anUpgradeOfferIsLeftOutSoTheAnswerStaysHttp11() throws Exception {
        // what Java's HttpClient sends on every plain-http request unless told HTTP/1.1
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        try (Socket c = client()) {
            c.getOutputStream().write(ascii("POST /v2/models/m/infer HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Content-Length: 2\r\nHost: x\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
                    + "Upgrade: h2c\r\nx-request-id: up\r\nContent-Type: application/json\r\n\r\n{}"));
            assertTrue(text(readResponse(c.getInputStream(), false)).endsWith("\r\n\r\nok"));
            RawServer.Request seen = upstream.next();
            assertEquals("POST /v2/models/m/infer HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                    + "Content-Length: 2\r\nHost: x\r\nx-request-id: up\r\nContent-Type: application/json\r\n\r\n",
                    seen.head);
            assertEquals("{}", text(seen.rawBody));
        }
        // and with a generated id: the offer left out, the id added
        try (Socket c = client()) {
            c.getOutputStream().write(ascii("GET /v2/x HTTP/1.1\r\nUpgrade: websocket\r\nHost: x\r\n"
                    + "Connection: Upgrade\r\n\r\n"));
            readResponse(c.getInputStream(), false);
            String head = upstream.next().head;
            assertTrue(head.matches("(?s)GET /v2/x HTTP/1\\.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "x-request-id: [0-9a-f-]{36}\r\n\r\n"), head);
        }
    }

    @Test
    void malformedFramingIs400AndConnectIs501() throws Exception {
        upstream.answer = r -> ascii("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        String[][] cases = {
                {"POST /v2/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "400"},
                {"POST /v2/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "400"},
                {"POST /v2/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "400"},
                {"POST /v2/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", "400"},
                {"GET /v2/x HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "400"},
                {"GET /v2/x HTTP/1.1\nHost: x\n\n", "400"},
                {"GET /v2/x HTTP/1.1\r\nHost: x\rContent-Length: 5\r\n\r\n", "400"},
                {"GET /v2/x HTTP/2.0\r\nHost: x\r\n\r\n", "400"},
                {"CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n", "501"},
        };
        for (String[] k : cases) {
            try (Socket c = client()) {
                c.getOutputStream().write(ascii(k[0]));
                String answer = text(c.getInputStream().readAllBytes()); // answered, then closed
                assertTrue(answer.startsWith("HTTP/1.1 " + k[1] + " "), k[0] + " -> " + answer);
                assertTrue(answer.contains("content-type: application/problem+json\r\n"), answer);
            }
        }
        assertEquals(0, upstream.requests.size(), "nothing malformed reached the model server");
    }

    /** Reads one response: its head, then the body its headers frame (none when {@code noBody}). */
    private static byte[] readResponse(InputStream in, boolean noBody) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String head = readHead(in, b);
        if (noBody) {
            return b.toByteArray();
        }
        Matcher cl = Pattern.compile("(?imd)^content-length: *(\\d+)\\r$").matcher(head);
        assertTrue(cl.find(), "the test reads only content-length answers: " + head);
        b.write(in.readNBytes(Integer.parseInt(cl.group(1))));
        return b.toByteArray();
    }

    private static String readHead(InputStream in, ByteArrayOutputStream b) throws IOException {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("end of stream inside a head: " + b);
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    /** A model server on a raw socket: reads each request by its framing, answers with the scripted bytes. */
    static final class RawServer implements AutoCloseable {
        record Request(String head, byte[] rawBody) {
        }

        final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        volatile Function<Request, byte[]> answer;
        /** Sent after {@link #release} once the answer went out (a stream's later part). */
        volatile byte[] rest;
        volatile boolean continueFirst;
        volatile boolean closeAfterAnswer;
        private final Thread acceptor;

        RawServer() throws IOException {
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s), "raw-upstream");
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "raw-upstream-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        Request next() throws InterruptedException {
            Request r = requests.poll(60, TimeUnit.SECONDS);
            assertNotNull(r, "the model server got no request");
            return r;
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                while (true) {
                    ByteArrayOutputStream h = new ByteArrayOutputStream();
                    String head;
                    try {
                        head = readHead(in, h);
                    } catch (IOException e) {
                        return; // the proxy closed the connection
                    }
                    if (continueFirst && head.toLowerCase().contains("expect: 100-continue")) {
                        out.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
                        out.flush();
                    }
                    byte[] body = readBody(in, head);
                    Request r = new Request(head, body);
                    requests.add(r);
                    out.write(answer.apply(r));
                    out.flush();
                    if (rest != null) {
                        release.await(60, TimeUnit.SECONDS);
                        out.write(rest);
                        out.flush();
                    }
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (IOException | InterruptedException e) {
                if (!(e instanceof SocketException)) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** The body's bytes as received (chunked framing included). */
        private static byte[] readBody(InputStream in, String head) throws IOException {
            Matcher cl = Pattern.compile("(?imd)^content-length: *(\\d+)\\r$").matcher(head);
            if (cl.find()) {
                return in.readNBytes(Integer.parseInt(cl.group(1)));
            }
            if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
                return new byte[0];
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String line = readLine(in, b);
                int size = Integer.parseInt(line.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine(in, b).isEmpty()) {
                        // trailers
                    }
                    return b.toByteArray();
                }
                b.write(in.readNBytes(size));
                readLine(in, b);
            }
        }

        private static String readLine(InputStream in, ByteArrayOutputStream all) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("end of stream in chunked framing");
                }
                all.write(c);
                line.append((char) c);
            }
            all.write(c);
            return line.toString().trim();
        }

        @Override
        public void close() throws IOException {
            release.countDown();
            server.close();
        }
    }
}
