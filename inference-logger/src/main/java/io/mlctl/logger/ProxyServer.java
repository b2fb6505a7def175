package io.mlctl.logger;

import io.mlctl.protocol.Exchange;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The listening side: one event-loop group for clients and their model-server connections alike. */
final class ProxyServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;

    ProxyServer(InetSocketAddress listen, int threads, ProxySettings settings, LoggerMetrics metrics,
                Consumer<Exchange> sink) throws InterruptedException {
        Transport transport = Transport.best();
        group = transport.group(threads);
        try {
            server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // no HTTP codec: the handler frames messages itself and forwards the bytes received
                            ch.pipeline().addLast(new ProxyHandler(settings, transport, metrics, sink));
                        }
                    })
                    .bind(listen).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops accepting new connections; open ones keep being served until {@link #close()}. */
    void stopAccepting() {
        server.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
