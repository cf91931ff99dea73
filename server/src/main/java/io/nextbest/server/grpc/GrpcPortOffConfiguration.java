package io.nextbest.server.grpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code NBA_GRPC_PORT=-1}: no gRPC port, for a site that needs the HTTP port alone. The
 * in-process gRPC server, which the HTTP port's Connect bridge calls, serves on with the
 * same services and interceptors.
 *
 * <p>
 * Spring gRPC starts its network server from the bean {@code nettyGrpcServerLifecycle}
 * unless the application defines one of that name: this one starts nothing. Its server
 * factory is still built (it only collects the services), but never opens a socket.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.grpc.server.port", havingValue = "-1")
class GrpcPortOffConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GrpcPortOffConfiguration.class);

	@Bean
	SmartLifecycle nettyGrpcServerLifecycle(Environment environment) {
		if (environment.getProperty("server.port", Integer.class, 8080) == -1) {
			throw new IllegalStateException("NBA_GRPC_PORT=-1 and NBA_HTTP_PORT=-1: no port would serve calls. "
					+ "Turn one of them on (a port number, or 0 for a free one).");
		}
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				log.info("gRPC port off (NBA_GRPC_PORT=-1): calls are served on the HTTP port only; "
						+ "the streams (RecordEvents, Check) are not served.");
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

}
