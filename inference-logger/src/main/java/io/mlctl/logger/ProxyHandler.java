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
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One client connection of the proxy, with its own connection to the model server on the same event loop (so
 * forwarding never crosses threads and needs no locks). HTTP objects are forwarded as they arrive: a streamed or
 * chunked body, an SSE answer, goes through piece by piece and is flushed after every read, never held to the end.
 * Backpressure both ways: a side that cannot take more stops the other side's reads (autoRead), so a slow client
 * never makes the logger buffer a model's answer, nor a slow model a client's upload.
 *
 * <p>Requests on a connection are handled one at a time: pipelined ones wait in {@code waiting} until the answer
 * before them is complete (HTTP/1.1 answers in order anyway). A copy of each sampled body is taken as it passes
 * (up to a cap), and the finished pair goes to the queue; nothing on this path waits on the control plane.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {
    /** Above this many unforwarded HTTP objects (a client pipelining hard), the client's reads pause. */
    private static final int MAX_WAITING = 64;
    static final HttpDecoderConfig DECODER = new HttpDecoderConfig()
            .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024).setMaxChunkSize(64 * 1024);

    private final ProxySettings settings;
    private final Transport transport;
    private final LoggerMetrics metrics;
    private final Consumer<Exchange> sink;
    private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
    private Channel inbound;
    private Channel outbound;
    private boolean connecting;
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
        final boolean generatedId;
        final boolean sampled;
        /** Sampled, but not admitted by the CPU budget: never copied, counted as dropped (cpu_budget). */
        final boolean shed;
        final boolean inference;
        final String method;
        final String uri;
        final String requestContentType;
        final long startNanos;
        final Instant timestamp;
        final BodyCapture request;
        BodyCapture response;
        int status;
        String responseContentType;
        boolean requestDone;
        boolean responseStarted;
        boolean responseDone;
        boolean informational;
        long requestLastNanos;
        long requestSentNanos;
        long firstByteNanos;
        long upstreamDoneNanos;

        InFlight(HttpRequest req, String requestId, boolean generatedId, double rate, ProxySettings settings) {
            this.requestId = requestId;
            this.generatedId = generatedId;
            this.method = req.method().name();
            this.uri = req.uri();
            this.inference = settings != null && settings.inference().test(method, uri);
            boolean inSample = inference && RequestIds.sampled(requestId, rate);
            // one volatile read; a second hash only while the budget sheds
            double share = settings == null ? 1.0 : settings.budget().share();
            this.shed = inSample && share < 1.0 && !RequestIds.sampled(requestId, rate * share);
            this.sampled = inSample && !shed;
            int cap = settings == null ? 0 : settings.maxBodyBytes();
            this.requestContentType = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
            this.startNanos = System.nanoTime();
            this.timestamp = sampled ? Instant.now() : null;
            this.request = sampled ? new BodyCapture(cap, HttpUtil.getContentLength(req, -1L)) : null;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        inbound = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject o)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (o.decoderResult().isFailure()) {
            // not HTTP we can forward faithfully (bad request line, oversized headers): say so and hang up
            ReferenceCountUtil.release(msg);
            answerAndClose(HttpResponseStatus.BAD_REQUEST, "the request is not valid HTTP/1.1: "
                    + o.decoderResult().cause().getMessage());
            return;
        }
        waiting.addLast(o);
        drain(false);
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
        releaseWaiting();
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

    /** Forwards what can be forwarded now, in order. */
    private void drain(boolean flush) {
        while (!waiting.isEmpty()) {
            HttpObject o = waiting.peekFirst();
            if (o instanceof HttpRequest req) {
                if (current != null) {
                    break; // the previous request's answer is not complete yet
                }
                if (outbound == null || !outbound.isActive()) {
                    if (!connecting) {
                        connect();
                    }
                    break;
                }
                waiting.pollFirst();
                begin(req);
            } else {
                waiting.pollFirst();
                if (current == null || current.requestDone) {
                    ReferenceCountUtil.release(o); // the rest of a request already answered (502)
                    continue;
                }
                forward((HttpContent) o);
            }
        }
        if (flush) {
            flushUpstream();
        }
        updateAutoRead();
    }

    private void begin(HttpRequest req) {
        String id = req.headers().get(RequestIds.HEADER);
        boolean generated = false;
        if (id == null || id.isEmpty()) {
            id = RequestIds.generate();
            req.headers().set(RequestIds.HEADER, id);
            generated = true;
        }
        InFlight x = new InFlight(req, id, generated, settings.sampleRate(), settings);
        current = x;
        if (req instanceof HttpContent c) {
            capture(x.request, c);
            outbound.write(req);
            if (c instanceof LastHttpContent) {
                requestDone(x);
            }
        } else {
            outbound.write(req);
        }
    }

    private void forward(HttpContent c) {
        InFlight x = current;
        capture(x.request, c);
        outbound.write(c);
        if (c instanceof LastHttpContent) {
            requestDone(x);
        }
    }

    private void requestDone(InFlight x) {
        x.requestDone = true;
        x.requestLastNanos = System.nanoTime();
    }

    private static void capture(BodyCapture capture, HttpContent c) {
        if (capture != null) {
            capture.add(c.content());
        }
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
                finish();
            }
        }
    }

    private void updateAutoRead() {
        boolean read = waiting.size() < MAX_WAITING && !connecting && (outbound == null || outbound.isWritable());
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
                        ch.pipeline().addLast(new HttpClientCodec(DECODER, HttpClientCodec.DEFAULT_FAIL_ON_MISSING_RESPONSE,
                                HttpClientCodec.DEFAULT_PARSE_HTTP_AFTER_CONNECT_REQUEST), new Upstream());
                    }
                });
        b.connect(settings.upstream()).addListener((ChannelFutureListener) f -> {
            connecting = false;
            if (!f.isSuccess()) {
                answerAndClose(HttpResponseStatus.BAD_GATEWAY, "cannot connect to the model server at "
                        + settings.upstream().getHostString() + ":" + settings.upstream().getPort());
                return;
            }
            if (!client.isActive()) {
                f.channel().close();
                return;
            }
            outbound = f.channel();
            drain(true);
        });
        updateAutoRead();
    }

    /**
     * Answers the current request (or the waiting one) with a problem+json of this status and closes the client's
     * connection (the rest of its request body, if any, is not read).
     */
    private void answerAndClose(HttpResponseStatus status, String detail) {
        InFlight x = current;
        if (x == null && waiting.peekFirst() instanceof HttpRequest req) {
            String id = req.headers().get(RequestIds.HEADER);
            x = new InFlight(req, id == null || id.isEmpty() ? RequestIds.generate() : id, true, 0, null);
        }
        if (status == HttpResponseStatus.BAD_GATEWAY) {
            metrics.request(LoggerMetrics.UPSTREAM_UNAVAILABLE);
        }
        releaseWaiting();
        current = null;
        String body = "{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":" + status.code()
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (x != null) {
            r.headers().set(RequestIds.HEADER, x.requestId);
        }
        inbound.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    private void releaseWaiting() {
        HttpObject o;
        while ((o = waiting.pollFirst()) != null) {
            ReferenceCountUtil.release(o);
        }
    }

    /** The answer is complete and the request was sent: measure, hand the pair over, go on with the next request. */
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
            InFlight x = current;
            if (x == null || !inbound.isActive()) {
                ReferenceCountUtil.release(msg); // nothing asked for this
                return;
            }
            if (msg instanceof HttpResponse r) {
                int code = r.status().code();
                if (code >= 100 && code < 200 && code != 101) {
                    x.informational = true; // 100 Continue: the real answer follows
                } else {
                    x.responseStarted = true;
                    x.status = code;
                    x.responseContentType = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
                    if (x.sampled) {
                        x.response = new BodyCapture(settings.maxBodyBytes(), HttpUtil.getContentLength(r, -1L));
                    }
                    if (x.generatedId && !r.headers().contains(RequestIds.HEADER)) {
                        r.headers().set(RequestIds.HEADER, x.requestId);
                    }
                }
            }
            if (msg instanceof HttpContent c) {
                if (x.informational) {
                    if (c instanceof LastHttpContent) {
                        x.informational = false;
                    }
                } else {
                    if (x.firstByteNanos == 0 && c.content().isReadable()) {
                        x.firstByteNanos = System.nanoTime();
                    }
                    capture(x.response, c);
                    if (c instanceof LastHttpContent) {
                        x.responseDone = true;
                        x.upstreamDoneNanos = System.nanoTime();
                    }
                }
            }
            inbound.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inbound.flush();
            InFlight x = current;
            if (x != null && x.responseDone && x.requestSentNanos != 0) {
                finish();
                drain(true);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            updateAutoRead(); // the model server takes the upload again (or not)
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (outbound == ctx.channel()) {
                outbound = null;
            }
            InFlight x = current;
            if (x != null && !x.responseDone && inbound.isActive()) {
                if (!x.responseStarted) {
                    answerAndClose(HttpResponseStatus.BAD_GATEWAY,
                            "the model server closed the connection before answering");
                } else {
                    current = null;
                    inbound.close(); // cut mid-answer: the client must see the answer is incomplete
                }
            } else if (inbound.isActive()) {
                drain(true); // a pipelined request waits for a new connection
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
