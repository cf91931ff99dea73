package io.nextbest.server.connect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * {@code NBA_HTTP_PORT=-1}: no HTTP port, for a deployment that needs the gRPC port
 * alone. Spring Boot's reactive web server has no "off" port (a servlet one does), and
 * the application stays a web application so that the management port, a server of its
 * own, still serves health and metrics.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "server.port", havingValue = "-1")
class HttpPortOffConfiguration {

	@Bean
	NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
		return new PortOffWebServerFactory();
	}

	/**
	 * A web server that never opens its port when that port is -1. Public with a public
	 * constructor because the management port's own context builds its web server from
	 * the same class, with its own port, which it opens as usual.
	 */
	public static class PortOffWebServerFactory extends NettyReactiveWebServerFactory {

		private static final Logger log = LoggerFactory.getLogger(PortOffWebServerFactory.class);

		public PortOffWebServerFactory() {
		}

		@Override
		public WebServer getWebServer(HttpHandler handler) {
			if (getPort() != -1) {
				return super.getWebServer(handler);
			}
			return new WebServer() {

				@Override
				public void start() {
					log.info("HTTP port off (NBA_HTTP_PORT=-1): calls are served on the gRPC port only.");
				}

				@Override
				public void stop() {
				}

				@Override
				public int getPort() {
					return -1;
				}

			};
		}

	}

}
