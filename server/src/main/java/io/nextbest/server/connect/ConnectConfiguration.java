package io.nextbest.server.connect;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The Connect protocol on the HTTP port: every unary rpc, and each server stream as a
 * Connect stream, at {@code POST /nba.v1.<Service>/<Method>}, handed to the in-process
 * gRPC server, which runs the same interceptors (security, admission, metrics) and
 * services as the gRPC port.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectProperties.class)
class ConnectConfiguration {

	/**
	 * The paths of the Connect procedures, for routing, CORS and the HTTP security chain.
	 */
	static final String PROCEDURES = "/nba.v1.*/*";

	@Bean(destroyMethod = "shutdownNow")
	ManagedChannel connectChannel(GrpcServerProperties grpc) {
		String name = grpc.getInprocess().getName();
		if (name == null || name.isBlank()) {
			throw new IllegalStateException("The Connect bridge needs the in-process gRPC server: set "
					+ "spring.grpc.server.inprocess.name (application.yaml does).");
		}
		// Each call names the executor of its answer (the connection's event loop).
		return InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	@Bean
	ConnectBridge connectBridge(ManagedChannel connectChannel, GrpcServiceDiscoverer services,
			ConnectProperties properties) {
		return new ConnectBridge(connectChannel, Procedures.of(services), properties.maxRequestSize().toBytes());
	}

	/**
	 * The procedures for browsers (CORS is the security chain's), and for any call the
	 * direct path below does not take. On the HTTP port only: the management port's
	 * context sees this one's routes too, and answers none of them.
	 */
	@Bean
	RouterFunction<ServerResponse> connectRoutes(ConnectBridge bridge, ApplicationContext httpPort) {
		return RouterFunctions.route(
				RequestPredicates.POST("/nba.v1.{service}/{method}")
					.and((request) -> request.exchange().getApplicationContext() == httpPort),
				(request) -> ServerResponse.ok()
					.build((exchange, context) -> bridge.serve(
							"nba.v1." + request.pathVariable("service") + "/" + request.pathVariable("method"),
							exchange.getRequest(), exchange.getResponse())));
	}

	/** The procedures for callers other than browsers, ahead of WebFlux. */
	@Bean
	DirectConnectCalls directConnectCalls(ConnectBridge bridge) {
		return new DirectConnectCalls(bridge);
	}

	/**
	 * Browsers may call the procedures from the configured site origins, with the headers
	 * Connect clients send and a bearer token; the security chain of the HTTP port
	 * applies it.
	 */
	@Bean
	CorsConfigurationSource connectCors(ConnectProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.corsOrigins());
		cors.addAllowedMethod(HttpMethod.POST);
		cors.addAllowedHeader("Content-Type");
		cors.addAllowedHeader("Connect-Protocol-Version");
		cors.addAllowedHeader("Connect-Timeout-Ms");
		cors.addAllowedHeader("Authorization");
		// Tokens travel in a header, never in cookies.
		cors.setAllowCredentials(false);
		cors.setMaxAge(7200L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration(PROCEDURES, cors);
		return source;
	}

}
