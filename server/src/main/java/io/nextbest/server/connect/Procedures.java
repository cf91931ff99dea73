package io.nextbest.server.connect;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
	 * streams: a server stream is served as a Connect stream, the rest on the gRPC port
	 * only)
	 * @param request its request message, empty
	 * @param response its response message, empty
	 * @param method the rpc as the bridge calls it: the request a message, or the bytes
	 * of one (as a binary Connect call sent them, or as read from JSON); the answer a
	 * message
	 * @param printer prints its answers in JSON
	 * @param reader reads its requests from JSON
	 */
	record Procedure(String name, boolean unary, Message request, Message response,
			MethodDescriptor<Object, Message> method, JsonPrinter printer, JsonRequestReader reader) {

		@SuppressWarnings("unchecked")
		static Procedure of(MethodDescriptor<?, ?> served) {
			Message response = prototype(served.getResponseMarshaller());
			MethodDescriptor<Message, Message> typed = (MethodDescriptor<Message, Message>) served;
			// The served method's own marshallers: over the in-process transport a
			// message
			// they stream is handed to the same marshaller's parse as the object itself.
			MethodDescriptor<Object, Message> method = typed
				.toBuilder(new MessageOrBytes(typed.getRequestMarshaller()), typed.getResponseMarshaller())
				.build();
			Message request = prototype(served.getRequestMarshaller());
			return new Procedure(served.getFullMethodName(), served.getType() == MethodDescriptor.MethodType.UNARY,
					request, response, method, JsonPrinter.of(response.getDescriptorForType()),
					JsonRequestReader.of(request.getDescriptorForType()));
		}

		private static Message prototype(MethodDescriptor.Marshaller<?> marshaller) {
			if (marshaller instanceof MethodDescriptor.PrototypeMarshaller<?> typed
					&& typed.getMessagePrototype() instanceof Message message) {
				return message;
			}
			throw new IllegalStateException("Not a protobuf marshaller: " + marshaller);
		}

		/**
		 * @return whether it takes one request and streams its answers, which the bridge
		 * serves as a Connect stream
		 */
		boolean serverStream() {
			return this.method.getType() == MethodDescriptor.MethodType.SERVER_STREAMING;
		}

		/**
		 * @return the service's short name and the method's, as the docs name rpcs
		 */
		String shortName() {
			return this.name.substring("nba.v1.".length());
		}

	}

	/**
	 * A request as a message, streamed by the rpc's own marshaller, or as the bytes of
	 * one, streamed as they are.
	 */
	private record MessageOrBytes(
			MethodDescriptor.Marshaller<Message> messages) implements MethodDescriptor.Marshaller<Object> {

		@Override
		public InputStream stream(Object value) {
			return (value instanceof byte[] bytes) ? new ByteArrayInputStream(bytes)
					: this.messages.stream((Message) value);
		}

		@Override
		public Object parse(InputStream stream) {
			return this.messages.parse(stream);
		}

	}

}
