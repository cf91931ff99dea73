package io.nextbest.server.connect;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * The rpcs of the {@code nba.v1} services the gRPC server serves, by full name
 * ({@code nba.v1.DecisionService/Decide}), with the messages to read JSON into and print
 * JSON from.
 */
final class Procedures {

	private final Map<String, Procedure> byName;

	private Procedures(Map<String, Procedure> byName) {
		this.byName = byName;
	}

	static Procedures of(GrpcServiceDiscoverer services) {
		return new Procedures(services.findServices()
			.stream()
			.map((spec) -> spec.service().bindService())
			.filter((service) -> service.getServiceDescriptor().getName().startsWith("nba.v1."))
			.flatMap((service) -> service.getMethods().stream())
			.map((method) -> Procedure.of(method.getMethodDescriptor()))
			.collect(Collectors.toUnmodifiableMap(Procedure::name, Function.identity())));
	}

	/**
	 * @param name the full name, {@code nba.v1.<Service>/<Method>}
	 * @return the procedure, or {@code null} when there is none of that name
	 */
	Procedure find(String name) {
		return this.byName.get(name);
	}

	/**
	 * One rpc.
	 *
	 * @param name its full name
	 * @param unary whether it takes one request and gives one response (the others are
	 * streams, served on the gRPC port only)
	 * @param request its request message, empty
	 * @param response its response message, empty
	 */
	record Procedure(String name, boolean unary, Message request, Message response) {

		static Procedure of(MethodDescriptor<?, ?> method) {
			return new Procedure(method.getFullMethodName(), method.getType() == MethodDescriptor.MethodType.UNARY,
					prototype(method.getRequestMarshaller()), prototype(method.getResponseMarshaller()));
		}

		private static Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
			if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> typed
					&& typed.getMessagePrototype() instanceof Message message) {
				return message;
			}
			throw new IllegalStateException("Not a protobuf marshaller: " + marshaller);
		}

		/**
		 * @return the service's short name and the method's, as the docs name rpcs
		 */
		String shortName() {
			return this.name.substring("nba.v1.".length());
		}

	}

}
