package io.nextbest.server.grpc;

import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.service.DefaultGrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceSpec;

import io.nextbest.server.system.NextBestProperties;

/**
 * How the gRPC servers (the network one, and the in-process one when configured) are
 * built on top of Spring gRPC's: admission control ({@link Admission}, {@link Workers}),
 * HTTP/2's limit of concurrent streams per connection, and every service reading its
 * requests through the {@link RequestGuard}.
 */
@Configuration(proxyBeanMethods = false)
class GrpcServerConfiguration {

	@Bean(destroyMethod = "shutdown")
	Workers grpcWorkers(NextBestProperties properties) {
		NextBestProperties.Admission admission = properties.admission();
		return new Workers(admission.threads(), admission.maxCalls());
	}

	@Bean
	Admission admission(NextBestProperties properties, Workers workers, MeterRegistry registry) {
		return new Admission(properties.admission().maxCalls(), workers, registry);
	}

	@Bean
	RequestGuard requestGuard(GrpcServerProperties grpc, MeterRegistry registry) {
		TransportLog.throttle();
		return new RequestGuard(grpc.getInbound().getMessage().getMaxSize().toBytes(), registry);
	}

	/**
	 * Spring gRPC's service configurer (interceptors), with the guard in front of each
	 * service.
	 */
	@Bean
	DefaultGrpcServiceConfigurer grpcServiceConfigurer(ApplicationContext context, RequestGuard guard) {
		return new DefaultGrpcServiceConfigurer(context) {

			@Override
			public ServerServiceDefinition configure(GrpcServiceSpec spec, @Nullable GrpcServerFactory factory) {
				return guard.guard(super.configure(spec, factory));
			}

		};
	}

	/**
	 * Times every call ({@link CallTimer}: count and latency histogram by service, method
	 * and status code) around everything that can answer it, the exception handler
	 * included, so a call that failed with an exception is recorded with the status the
	 * caller got. Server-wide, so outside every service's interceptors; inside admission
	 * control (below), whose refusals are counted on their own.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 1)
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> callTimerCustomizer(MeterRegistry registry) {
		CallTimer timer = new CallTimer(registry);
		return (builder) -> builder.intercept(timer);
	}

	/**
	 * Runs after Spring gRPC's own customizers (it overrides their executor and message
	 * size), and adds its interceptor last so that it is the outermost: a refused call
	 * meets nothing else.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	<T extends ServerBuilder<T>> ServerBuilderCustomizer<T> admissionCustomizer(NextBestProperties properties,
			GrpcServerProperties grpc, Admission admission) {
		long maxMessage = grpc.getInbound().getMessage().getMaxSize().toBytes();
		int maxCallsPerConnection = properties.admission().maxCallsPerConnection();
		return (builder) -> {
			// Calls are admitted on the transport's thread, then moved to the workers.
			builder.directExecutor();
			builder.callExecutor(admission);
			builder.addTransportFilter(admission);
			builder.intercept(admission);
			// Messages over the limit reach the guard, which can tell a stream what it
			// did.
			builder
				.maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, maxMessage * RequestGuard.TRANSPORT_FACTOR));
			if (builder instanceof NettyServerBuilder netty) {
				netty.maxConcurrentCallsPerConnection(maxCallsPerConnection);
			}
		};
	}

}
