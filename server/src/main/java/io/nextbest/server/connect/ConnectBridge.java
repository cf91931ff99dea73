package io.nextbest.server.connect;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

import io.nextbest.server.connect.Procedures.Procedure;
import io.nextbest.server.grpc.GrpcErrors;

/**
 * Serves a Connect unary call ({@code POST /nba.v1.<Service>/<Method>},
 * {@code application/json} in the proto3 JSON mapping or {@code application/proto}) by
 * making the same call on the in-process gRPC server: authentication, roles, admission,
 * request checks, {@code GrpcErrors} and metrics are the gRPC port's. The bridge only
 * translates: the {@code Authorization} header becomes the call's metadata,
 * {@code Connect-Timeout-Ms} its deadline, and a status other than OK a Connect error.
 * <p>
 * It works on the HTTP request and response themselves, so that both ways in serve calls
 * alike: {@link DirectConnectCalls} for callers other than browsers, the WebFlux route
 * (behind CORS) for browsers.
 */
final class ConnectBridge {

	static final MediaType JSON = MediaType.APPLICATION_JSON;

	static final MediaType PROTO = MediaType.parseMediaType("application/proto");

	private static final AsciiString NETTY_JSON = AsciiString.cached(JSON.toString());

	private static final AsciiString NETTY_PROTO = AsciiString.cached(PROTO.toString());

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The Connect protocol's timeout: a positive integer of at most 10 digits. */
	private static final Pattern TIMEOUT = Pattern.compile("[0-9]{1,10}");

	private static final Pattern UNKNOWN_FIELD = Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");

	private static final JsonFormat.Parser PARSER = JsonFormat.parser();

	private final ManagedChannel channel;

	private final Procedures procedures;

	private final long maxRequestSize;

	ConnectBridge(ManagedChannel channel, Procedures procedures, long maxRequestSize) {
		this.channel = channel;
		this.procedures = procedures;
		this.maxRequestSize = maxRequestSize;
	}

	/**
	 * Serves one call.
	 * @param name the procedure's full name, {@code nba.v1.<Service>/<Method>}
	 * @param request the HTTP request
	 * @param response its response, written here
	 * @return the end of the response
	 */
	Mono<Void> serve(String name, ServerHttpRequest request, ServerHttpResponse response) {
		Procedure procedure = this.procedures.find(name);
		if (procedure == null) {
			return write(response, 404,
					ConnectError.of(Status.UNIMPLEMENTED.withDescription("No rpc " + name + "."), null));
		}
		if (!procedure.unary()) {
			return error(response,
					Status.UNIMPLEMENTED
						.withDescription(
								procedure.shortName() + " is a stream, served on the gRPC port only."
										+ (name.endsWith("/RecordEvents")
												? " Over HTTP, send events one at a time with RecordEvent." : "")),
					null);
		}
		HttpHeaders headers = request.getHeaders();
		MediaType type = headers.getContentType();
		boolean json = type != null && JSON.equalsTypeAndSubtype(type);
		if (!json && (type == null || !PROTO.equalsTypeAndSubtype(type))) {
			response.getHeaders().set("Accept-Post", "application/json, application/proto");
			return write(response, 415,
					ConnectError.of(Status.UNIMPLEMENTED.withDescription("Content-Type " + type
							+ " is not served: send application/json or application/proto (Connect unary calls)."),
							null));
		}
		String version = headers.getFirst("Connect-Protocol-Version");
		if (version != null && !version.equals("1")) {
			return invalid(response, "Connect-Protocol-Version", "must be 1, was " + version);
		}
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
			return error(response, Status.UNIMPLEMENTED
				.withDescription("Content-Encoding " + encoding + " is not served: send the body uncompressed."), null);
		}
		// The answer's callbacks, its JSON and the response run on the connection's
		// event loop, which writes the response anyway: the gRPC worker that decided is
		// free again as soon as it has handed the answer over.
		CallOptions options = CallOptions.DEFAULT.withExecutor(eventLoop(request));
		String timeout = headers.getFirst("Connect-Timeout-Ms");
		if (timeout != null) {
			if (!TIMEOUT.matcher(timeout).matches()) {
				return invalid(response, "Connect-Timeout-Ms",
						"must be milliseconds, at most 10 digits; was " + timeout);
			}
			options = options.withDeadlineAfter(Long.parseLong(timeout), TimeUnit.MILLISECONDS);
		}
		if (headers.getContentLength() > this.maxRequestSize) {
			return tooLarge(response);
		}
		Metadata metadata = new Metadata();
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null) {
			metadata.put(AUTHORIZATION, authorization);
		}
		CallOptions callOptions = options;
		return DataBufferUtils.join(request.getBody(), (int) this.maxRequestSize)
			.map(ConnectBridge::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> {
				Object message;
				try {
					// Binary requests go to the server as they came, which reads them
					// as it reads the gRPC port's (RequestGuard).
					message = json ? fromJson(procedure, body) : body;
				}
				catch (StatusException ex) {
					return error(response, ex.getStatus(), ex.getTrailers());
				}
				return call(procedure, message, metadata, callOptions)
					.flatMap((answer) -> write(response, 200, json ? JSON : PROTO,
							json ? utf8(toJson(procedure, answer)) : answer.toByteArray()))
					.onErrorResume(StatusRuntimeException.class,
							(ex) -> error(response, ex.getStatus(), ex.getTrailers()));
			})
			.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge(response));
	}

	/**
	 * The call on the in-process server with the procedure's own message marshallers: the
	 * request and the answer pass as message objects, neither serialized nor parsed again
	 * on the way.
	 */
	private Mono<Message> call(Procedure procedure, Object request, Metadata metadata, CallOptions options) {
		return Mono.create((sink) -> {
			ClientCall<Object, Message> call = this.channel.newCall(procedure.method(), options);
			// A browser that goes away cancels its call.
			sink.onCancel(() -> call.cancel("The HTTP request was cancelled.", null));
			ClientCalls.asyncUnaryCall(new AuthorizedCall(call, metadata), request, new StreamObserver<>() {

				@Override
				public void onNext(Message value) {
					sink.success(value);
				}

				@Override
				public void onError(Throwable t) {
					sink.error(t);
				}

				@Override
				public void onCompleted() {
					sink.success();
				}

			});
		});
	}

	private static Message fromJson(Procedure procedure, byte[] body) throws StatusException {
		Message.Builder builder = procedure.request().newBuilderForType();
		try {
			PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			String problem = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			Matcher unknown = UNKNOWN_FIELD.matcher(problem);
			if (unknown.find()) {
				throw GrpcErrors.invalidArgument(unknown.group(1), "no such field in " + unknown.group(2));
			}
			throw GrpcErrors.invalidArgument("(body)",
					"not a " + procedure.request().getDescriptorForType().getFullName() + " in JSON: " + problem);
		}
		return builder.build();
	}

	private static String toJson(Procedure procedure, Message answer) {
		try {
			return procedure.printer().print(answer);
		}
		catch (InvalidProtocolBufferException ex) {
			// The server's own answer: not a caller's mistake.
			throw new IllegalStateException("Unprintable answer of " + procedure.name(), ex);
		}
	}

	/**
	 * The event loop of the request's connection, or the calling thread where there is
	 * none.
	 */
	private static Executor eventLoop(ServerHttpRequest request) {
		Object connection = ServerHttpRequestDecorator.getNativeRequest(request);
		return (connection instanceof Connection netty) ? netty.channel().eventLoop() : Runnable::run;
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private Mono<Void> tooLarge(ServerHttpResponse response) {
		return error(response, Status.RESOURCE_EXHAUSTED.withDescription(
				"The request is larger than the HTTP port takes (" + this.maxRequestSize + " bytes)."), null);
	}

	private static Mono<Void> invalid(ServerHttpResponse response, String field, String problem) {
		StatusException ex = GrpcErrors.invalidArgument(field, problem);
		return error(response, ex.getStatus(), ex.getTrailers());
	}

	private static Mono<Void> error(ServerHttpResponse response, Status status, Metadata trailers) {
		ConnectError error = ConnectError.of(status, trailers);
		return write(response, error.http(), error);
	}

	private static Mono<Void> write(ServerHttpResponse response, int http, ConnectError error) {
		return write(response, http, JSON, utf8(error.json()));
	}

	private static Mono<Void> write(ServerHttpResponse response, int http, MediaType type, byte[] body) {
		response.setStatusCode(HttpStatusCode.valueOf(http));
		if (ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse netty) {
			// In Netty's form: set through Spring's adapter, each was validated and
			// hashed
			// again on every call.
			netty.responseHeaders()
				.set(HttpHeaderNames.CONTENT_TYPE, (type == PROTO) ? NETTY_PROTO : NETTY_JSON)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		}
		else {
			HttpHeaders headers = response.getHeaders();
			headers.setContentType(type);
			headers.setContentLength(body.length);
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static byte[] utf8(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/** Sends the HTTP request's credential with the call. */
	private static final class AuthorizedCall
			extends io.grpc.ForwardingClientCall.SimpleForwardingClientCall<Object, Message> {

		private final Metadata metadata;

		AuthorizedCall(ClientCall<Object, Message> call, Metadata metadata) {
			super(call);
			this.metadata = metadata;
		}

		@Override
		public void start(Listener<Message> listener, Metadata headers) {
			headers.merge(this.metadata);
			super.start(listener, headers);
		}

	}

}
