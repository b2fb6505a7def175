package io.mlctl.logger;

import io.mlctl.protocol.Exchange;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One client connection of the proxy, with its own connection to the model server on the same event loop (so
 * forwarding never crosses threads and needs no locks).
 *
 * <p>Framing only: the proxy finds where each request and response ends ({@link HttpHead}, {@link BodyFramer}) and
 * forwards the bytes it received unchanged, as slices of the received buffers; it never decodes a message into
 * objects nor encodes it again. The changes it makes: an upgrade offer is left out (below), and a generated
 * {@code x-request-id} line is added to the
 * forwarded request's head and to the response's when the request had none (DESIGN: "when absent one is generated and
 * added to the forwarded request and to the response"). A streamed or chunked body, an SSE answer, goes through as it
 * arrives and is flushed after every read, never held to its end. Backpressure both ways: a side that cannot take
 * more stops the other side's reads (autoRead), so a slow client never makes the logger buffer a model's answer, nor a
 * slow model a client's upload.
 *
 * <p>Requests on a connection are handled one at a time: a pipelined request waits, unread past the bytes already
 * received, until the answer before it is complete (HTTP/1.1 answers in order anyway). A copy of each sampled body's
 * data is taken from the same buffers as it passes (up to a cap), and the finished pair goes to the queue; nothing on
 * this path waits on the control plane. Not proxied: CONNECT (501); protocol upgrades are declined by leaving the
 * offer out of the forwarded request (so the answer stays HTTP/1.1); a head or chunked framing that is not HTTP/1.1 is
 * answered 400 and the connection closed.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    private static final ByteToMessageDecoder.Cumulator CUMULATOR = ByteToMessageDecoder.MERGE_CUMULATOR;

    private final ProxySettings settings;
    private final Transport transport;
    private final LoggerMetrics metrics;
    private final Consumer<Exchange> sink;
    private final HttpHead requestHead = new HttpHead();
    private final BodyFramer requestBody = new BodyFramer();
    private final HttpHead responseHead = new HttpHead();
    private final BodyFramer responseBody = new BodyFramer();
    private Channel inbound;
    private Channel outbound;
    private boolean connecting;
    /** Received from the client and not forwarded yet (an incomplete head, a pipelined request). */
    private ByteBuf in;
    /** Received from the model server and not forwarded yet (an incomplete head). */
    private ByteBuf upIn;
    /** Whether the next client bytes are the current request's body (else a request head). */
    private boolean inRequestBody;
    private boolean inResponseBody;
    /** Bytes at the start of {@link #in} / {@link #upIn} that belong to the head and go out with the body's first bytes. */
    private int requestCarry;
    private int responseCarry;
    /** The id of a request waiting for the connection to the model server (for its 502, if the connection fails). */
    private String pendingId;
    private InFlight current;

    ProxyHandler(ProxySettings settings, Transport transport, LoggerMetrics metrics, Consumer<Exchange> sink) {
        this.settings = settings;
        this.transport = transport;
        this.metrics = metrics;
        this.sink = sink;
    }

    /** One request/response pair on its way through. */
    private static final class InFlight {
        final String requestId;
        /** The generated id's header line (CRLF included), or null when the request had an id. */
        final byte[] idLine;
        final boolean generatedId;
        final boolean sampled;
        /** Sampled, but not admitted by the CPU budget: never copied, counted as dropped (cpu_budget). */
        final boolean shed;
        final boolean inference;
        final boolean head;
        final String method;
        final String uri;
        final String requestContentType;
        final long startNanos;
        final Instant timestamp;
        final BodyCapture request;
        /** Whether the client's connection closes after this answer (the client or the model server said so). */
        boolean closeAfter;
        BodyCapture response;
        int status;
        String responseContentType;
        boolean requestDone;
        boolean responseStarted;
        boolean responseDone;
        long requestLastNanos;
        long requestSentNanos;
        long firstByteNanos;
        long upstreamDoneNanos;

        InFlight(HttpHead h, ByteBuf headBytes, String requestId, boolean generatedId, ProxySettings settings) {
            this.requestId = requestId;
            this.generatedId = generatedId;
            this.idLine = generatedId ? (RequestIds.HEADER + ": " + requestId + "\r\n").getBytes(StandardCharsets.ISO_8859_1)
                    : null;
            this.method = h.method;
            this.uri = h.uri;
            this.head = "HEAD".equals(method);
            this.inference = settings.inference().test(method, uri);
            double rate = settings.sampleRate();
            boolean inSample = inference && RequestIds.sampled(requestId, rate);
            // one volatile read; a second hash only while the budget sheds
            double share = settings.budget().share();
            this.shed = inSample && share < 1.0 && !RequestIds.sampled(requestId, rate * share);
            this.sampled = inSample && !shed;
            this.requestContentType = sampled ? h.contentType(headBytes) : null;
            this.closeAfter = h.connectionClose || (!h.http11 && !h.connectionKeepAlive);
            this.startNanos = System.nanoTime();
            this.timestamp = sampled ? Instant.now() : null;
            this.request = sampled ? new BodyCapture(settings.maxBodyBytes(), h.chunked ? -1L : h.contentLength) : null;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        inbound = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf b)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        in = in == null ? b : CUMULATOR.cumulate(ctx.alloc(), in, b);
        readRequests();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstream();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // the client cannot take more: stop reading the model's answer until it can
        if (outbound != null) {
            outbound.config().setAutoRead(inbound.isWritable());
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // the client went away: its pair (if any) is incomplete and not logged
        releaseInput();
        current = null;
        if (outbound != null) {
            outbound.close();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Forwards what can be forwarded now of the client's bytes, in order. */
    private void readRequests() {
        while (in != null && inbound.isActive()) {
            if (!inRequestBody) {
                if (current != null || !in.isReadable()) {
                    break; // the previous request's answer is not complete yet: this one waits
                }
                int end;
                try {
                    end = requestHead.end(in);
                } catch (IllegalArgumentException e) {
                    answerAndClose(400, "Bad Request", "the request is not valid HTTP/1.1: " + e.getMessage());
                    return;
                }
                if (end < 0) {
                    break;
                }
                int start = in.readerIndex();
                String problem = requestHead.parse(in, start, end, true);
                if (problem == null && requestHead.transferEncoding && !requestHead.chunked) {
                    problem = "a transfer-encoding whose last coding is not chunked";
                }
                if (problem != null) {
                    answerAndClose(400, "Bad Request", "the request is not valid HTTP/1.1: " + problem);
                    return;
                }
                if ("CONNECT".equals(requestHead.method)) {
                    answerAndClose(501, "Not Implemented", "the logger does not proxy CONNECT (tunnels)");
                    return;
                }
                if (outbound == null || !outbound.isActive()) {
                    String id = requestHead.requestId(in);
                    pendingId = id == null ? RequestIds.generate() : id;
                    requestHead.reset(); // read again once connected
                    if (!connecting) {
                        connect();
                    }
                    break;
                }
                begin(start, end);
            } else {
                InFlight x = current;
                int n;
                in.skipBytes(requestCarry);
                try {
                    n = requestBody.advance(in, x.request);
                } catch (IllegalArgumentException e) {
                    answerAndClose(400, "Bad Request", "the request body's framing is not valid HTTP/1.1: "
                            + e.getMessage());
                    return;
                }
                in.readerIndex(in.readerIndex() - requestCarry);
                int total = requestCarry + n;
                requestCarry = 0;
                if (total > 0) {
                    ByteBuf out = take(total);
                    if (outbound != null) {
                        outbound.write(out, outbound.voidPromise());
                    } else {
                        out.release(); // the model server answered and went away: the rest of the body has no reader
                    }
                }
                if (!requestBody.done()) {
                    break;
                }
                inRequestBody = false;
                x.requestDone = true;
                x.requestLastNanos = System.nanoTime();
                if (outbound == null && x.responseDone) {
                    // answered early by a model server that has gone since: nothing left to send, the pair is done
                    x.requestSentNanos = x.requestLastNanos;
                    complete();
                    return;
                }
            }
        }
        if (in != null && !in.isReadable()) {
            in.release();
            in = null;
        }
        updateAutoRead();
    }

    /** A request head in {@code [start, end)} of {@link #in}: the pair begins, the head goes out (with an id added). */
    private void begin(int start, int end) {
        String id = requestHead.requestId(in);
        boolean generated = id == null;
        if (generated) {
            id = RequestIds.generate();
        }
        InFlight x = new InFlight(requestHead, in, id, generated, settings);
        current = x;
        pendingId = null;
        requestBody.start(requestHead.chunked ? BodyFramer.Mode.CHUNKED
                : requestHead.contentLength > 0 ? BodyFramer.Mode.LENGTH : BodyFramer.Mode.NONE,
                requestHead.chunked ? 0 : Math.max(0, requestHead.contentLength));
        inRequestBody = true;
        int drops = requestHead.dropCount;
        if (!generated && drops == 0) {
            requestCarry = end - start; // unchanged: it goes out with the body's first bytes, in one write
            return;
        }
        // the head without the lines left out (upgrade offers, an empty id), then the generated id's line
        int pos = start;
        for (int i = 0; i < drops; i += 2) {
            int from = requestHead.drops[i];
            if (from > pos) {
                outbound.write(in.retainedSlice(pos, from - pos), outbound.voidPromise());
            }
            pos = requestHead.drops[i + 1];
        }
        if (end - 2 > pos) {
            outbound.write(in.retainedSlice(pos, end - 2 - pos), outbound.voidPromise());
        }
        if (generated) {
            outbound.write(Unpooled.wrappedBuffer(x.idLine), outbound.voidPromise());
        }
        in.readerIndex(end - 2);
        requestCarry = 2; // the head's empty line
    }

    /** The next {@code n} bytes of {@link #in}, to be written (the whole buffer when that is all of it). */
    private ByteBuf take(int n) {
        if (n == in.readableBytes()) {
            ByteBuf all = in;
            in = null;
            return all;
        }
        ByteBuf s = in.retainedSlice(in.readerIndex(), n);
        in.skipBytes(n);
        return s;
    }

    private ByteBuf takeResponse(int n) {
        if (n == upIn.readableBytes()) {
            ByteBuf all = upIn;
            upIn = null;
            return all;
        }
        ByteBuf s = upIn.retainedSlice(upIn.readerIndex(), n);
        upIn.skipBytes(n);
        return s;
    }

    private void flushUpstream() {
        if (outbound == null) {
            return;
        }
        outbound.flush();
        InFlight x = current;
        if (x != null && x.requestDone && x.requestSentNanos == 0) {
            // same event loop: the flush has written to the socket by now (unless the socket is full, when the
            // wait is the model's, not ours)
            x.requestSentNanos = System.nanoTime();
            if (x.responseDone) {
                complete();
            }
        }
    }

    private void updateAutoRead() {
        boolean pipelined = current != null && !inRequestBody && in != null && in.isReadable();
        boolean read = !pipelined && !connecting && (outbound == null || outbound.isWritable());
        if (inbound.config().isAutoRead() != read) {
            inbound.config().setAutoRead(read);
        }
    }

    private void connect() {
        connecting = true;
        Channel client = inbound;
        Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new Upstream());
                    }
                });
        b.connect(settings.upstream()).addListener((ChannelFutureListener) f -> {
            connecting = false;
            if (!f.isSuccess()) {
                answerAndClose(502, "Bad Gateway", "cannot connect to the model server at "
                        + settings.upstream().getHostString() + ":" + settings.upstream().getPort());
                return;
            }
            if (!client.isActive()) {
                f.channel().close();
                return;
            }
            outbound = f.channel();
            inResponseBody = false;
            responseCarry = 0;
            responseHead.reset();
            readRequests();
            flushUpstream();
        });
        updateAutoRead();
    }

    /**
     * Answers the current request (or the waiting one) with a problem+json of this status and closes the client's
     * connection (the rest of its request body, if any, is not read). When part of the model's answer went out
     * already, the connection is only closed: the client must see the answer is incomplete.
     */
    private void answerAndClose(int status, String reason, String detail) {
        InFlight x = current;
        String id = x != null ? x.requestId : pendingId;
        if (status == 502) {
            metrics.request(LoggerMetrics.UPSTREAM_UNAVAILABLE);
        }
        releaseInput();
        current = null;
        if (x != null && x.responseStarted) {
            inbound.close();
            return;
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"" + reason + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\ncontent-type: application/problem+json\r\n"
                + "content-length: " + content.length + "\r\nconnection: close\r\n"
                + (id == null ? "" : RequestIds.HEADER + ": " + id + "\r\n") + "\r\n";
        inbound.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), content))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseInput() {
        if (in != null) {
            in.release();
            in = null;
        }
        inRequestBody = false;
        requestCarry = 0;
    }

    /** The pair is complete (answer forwarded, request sent): log it, then close or go on with the next request. */
    private void complete() {
        InFlight x = current;
        finish();
        if (x.closeAfter) {
            releaseInput();
            inbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        readRequests();
        flushUpstream();
    }

    /** Measures and hands the pair over. */
    private void finish() {
        InFlight x = current;
        current = null;
        long done = System.nanoTime();
        long own = (x.requestSentNanos - x.requestLastNanos) + (done - x.upstreamDoneNanos);
        if (own >= 0 && x.requestSentNanos <= x.upstreamDoneNanos) {
            metrics.overhead.observe(own / 1e9);
        }
        if (!x.inference) {
            metrics.request(LoggerMetrics.NO_ROWS); // health, metadata, metrics: forwarded, nothing to log
        } else if (x.shed) {
            metrics.shedByBudget();
            settings.budget().shed();
        } else if (!x.sampled) {
            metrics.request(LoggerMetrics.NOT_SAMPLED);
        } else if (x.request.overflow() || x.response == null || x.response.overflow()) {
            metrics.request(LoggerMetrics.UNDECODABLE);
            metrics.dropped(LoggerMetrics.TOO_LARGE, 1);
        } else {
            double latencyMs = (x.upstreamDoneNanos - x.startNanos) / 1e6;
            double ttftMs = x.firstByteNanos == 0 ? Double.NaN : (x.firstByteNanos - x.startNanos) / 1e6;
            sink.accept(new Exchange(x.method, x.uri, x.requestContentType, x.request.bytes(), x.status,
                    x.responseContentType, x.response.bytes(), x.requestId, x.timestamp, latencyMs, ttftMs));
        }
    }

    /** The model server's side of this client connection. */
    private final class Upstream extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf b)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            InFlight x = current;
            if (x == null || !inbound.isActive()) {
                // nothing asked for this: the connection's framing can no longer be trusted
                b.release();
                ctx.close();
                return;
            }
            upIn = upIn == null ? b : CUMULATOR.cumulate(ctx.alloc(), upIn, b);
            readResponse(ctx, x);
        }

        private void readResponse(ChannelHandlerContext ctx, InFlight x) {
            while (upIn != null) {
                if (!inResponseBody) {
                    if (!upIn.isReadable()) {
                        break;
                    }
                    if (x.responseDone) {
                        // more than the answer: nothing asked for it, and the connection cannot be reused
                        releaseUpstreamInput();
                        ctx.close();
                        return;
                    }
                    int end;
                    String problem;
                    try {
                        end = responseHead.end(upIn);
                        problem = end < 0 ? null : responseHead.parse(upIn, upIn.readerIndex(), end, false);
                    } catch (IllegalArgumentException e) {
                        end = 0;
                        problem = e.getMessage();
                    }
                    if (problem == null && end > 0 && responseHead.status < 200 && (responseHead.status < 100
                            || responseHead.status == 101)) {
                        problem = "status " + responseHead.status + " (the logger never asks to switch protocols)";
                    }
                    if (problem != null) {
                        badResponse(ctx, x, problem);
                        return;
                    }
                    if (end < 0) {
                        break;
                    }
                    int start = upIn.readerIndex();
                    if (responseHead.status < 200) {
                        inbound.write(takeResponse(end - start), inbound.voidPromise()); // 100 Continue: passed on
                        continue;
                    }
                    beginResponse(x, start, end);
                } else {
                    int n;
                    upIn.skipBytes(responseCarry);
                    try {
                        n = responseBody.advance(upIn, x.response);
                    } catch (IllegalArgumentException e) {
                        badResponse(ctx, x, e.getMessage());
                        return;
                    }
                    upIn.readerIndex(upIn.readerIndex() - responseCarry);
                    if (n > 0 && x.firstByteNanos == 0) {
                        x.firstByteNanos = System.nanoTime();
                    }
                    int total = responseCarry + n;
                    responseCarry = 0;
                    if (total > 0) {
                        inbound.write(takeResponse(total), inbound.voidPromise());
                    }
                    if (!responseBody.done()) {
                        break;
                    }
                    inResponseBody = false;
                    x.responseDone = true;
                    x.upstreamDoneNanos = System.nanoTime();
                }
            }
            if (upIn != null && !upIn.isReadable()) {
                releaseUpstreamInput();
            }
        }

        private void beginResponse(InFlight x, int start, int end) {
            HttpHead h = responseHead;
            int code = h.status;
            x.responseStarted = true;
            x.status = code;
            BodyFramer.Mode mode;
            if (x.head || code == 204 || code == 304) {
                mode = BodyFramer.Mode.NONE;
            } else if (h.transferEncoding) {
                mode = h.chunked ? BodyFramer.Mode.CHUNKED : BodyFramer.Mode.UNTIL_CLOSE;
            } else {
                mode = h.contentLength >= 0 ? BodyFramer.Mode.LENGTH : BodyFramer.Mode.UNTIL_CLOSE;
            }
            if (x.sampled) {
                x.responseContentType = h.contentType(upIn);
                x.response = new BodyCapture(settings.maxBodyBytes(), mode == BodyFramer.Mode.LENGTH
                        ? h.contentLength : -1L);
            }
            x.closeAfter |= h.connectionClose || (!h.http11 && !h.connectionKeepAlive)
                    || mode == BodyFramer.Mode.UNTIL_CLOSE;
            responseBody.start(mode, mode == BodyFramer.Mode.LENGTH ? h.contentLength : 0);
            inResponseBody = true;
            if (x.generatedId && !h.hasRequestId()) {
                inbound.write(upIn.retainedSlice(start, end - 2 - start), inbound.voidPromise());
                inbound.write(Unpooled.wrappedBuffer(x.idLine), inbound.voidPromise());
                upIn.readerIndex(end - 2);
                responseCarry = 2;
            } else {
                responseCarry = end - start;
            }
        }

        /** The model server's answer is not HTTP/1.1 we can frame: 502 if nothing of it went out, else cut. */
        private void badResponse(ChannelHandlerContext ctx, InFlight x, String problem) {
            releaseUpstreamInput();
            ctx.close();
            if (!x.responseStarted) {
                answerAndClose(502, "Bad Gateway", "the model server's answer is not valid HTTP/1.1: " + problem);
            } else {
                current = null;
                inbound.close();
            }
        }

        private void releaseUpstreamInput() {
            if (upIn != null) {
                upIn.release();
                upIn = null;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inbound.flush();
            InFlight x = current;
            if (x != null && x.responseDone && x.requestSentNanos != 0) {
                complete();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            updateAutoRead(); // the model server takes the upload again (or not)
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            releaseUpstreamInput();
            if (outbound == ctx.channel()) {
                outbound = null;
                InFlight x = current;
                if (x != null && inResponseBody && responseBody.mode() == BodyFramer.Mode.UNTIL_CLOSE
                        && inbound.isActive()) {
                    // a close-delimited answer ends here; the client's connection closes after it (closeAfter)
                    inResponseBody = false;
                    x.responseDone = true;
                    x.upstreamDoneNanos = System.nanoTime();
                    inbound.flush();
                    if (x.requestSentNanos != 0) {
                        complete();
                    } else {
                        current = null;
                        releaseInput();
                        inbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                    }
                } else if (x != null && !x.responseDone && inbound.isActive()) {
                    if (!x.responseStarted) {
                        answerAndClose(502, "Bad Gateway", "the model server closed the connection before answering");
                    } else {
                        current = null;
                        inbound.close(); // cut mid-answer: the client must see the answer is incomplete
                    }
                } else if (x != null && x.responseDone && inbound.isActive()) {
                    // answered in full, then closed: the pair completes once the request is sent too
                    inbound.flush();
                    if (x.requestSentNanos != 0) {
                        complete();
                    }
                } else if (inbound.isActive()) {
                    inResponseBody = false;
                    readRequests(); // a pipelined request waits for a new connection
                    flushUpstream();
                }
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
