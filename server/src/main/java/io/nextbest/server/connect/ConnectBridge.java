package io.nextbest.server.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import io.nextbest.server.connect.Procedures.Procedure;
import io.nextbest.server.grpc.GrpcErrors;

/**
 * Serves a Connect unary call ({@code POST /nba.v1.<Service>/<Method>},
 * {@code application/json} in the proto3 JSON mapping or {@code application/proto}) by
 * making the same call on the in-process gRPC server: authentication, roles, admission,
 * request checks, {@code GrpcErrors} and metrics are the gRPC port's. The bridge only
 * translates: the {@code Authorization} header becomes the call's metadata,
 * {@code Connect-Timeout-Ms} its deadline, and a status other than OK a Connect error.
 */
final class ConnectBridge {

	static final MediaType JSON = MediaType.APPLICATION_JSON;

	static final MediaType PROTO = MediaType.parseMediaType("application/proto");

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	/** The Connect protocol's timeout: a positive integer of at most 10 digits. */
	private static final Pattern TIMEOUT = Pattern.compile("[0-9]{1,10}");

	private static final Pattern UNKNOWN_FIELD = Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");

	private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {

		@Override
		public InputStream stream(byte[] value) {
			return new ByteArrayInputStream(value);
		}

		@Override
		public byte[] parse(InputStream stream) {
			try {
				return stream.readAllBytes();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	};

	private static final JsonFormat.Parser PARSER = JsonFormat.parser();

	private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

	private final ManagedChannel channel;

	private final Procedures procedures;

	private final long maxRequestSize;

	ConnectBridge(ManagedChannel channel, Procedures procedures, long maxRequestSize) {
		this.channel = channel;
		this.procedures = procedures;
		this.maxRequestSize = maxRequestSize;
	}

	Mono<ServerResponse> handle(ServerRequest request) {
		String name = "nba.v1." + request.pathVariable("service") + "/" + request.pathVariable("method");
		Procedure procedure = this.procedures.find(name);
		if (procedure == null) {
			return error(404, ConnectError.of(Status.UNIMPLEMENTED.withDescription("No rpc " + name + "."), null));
		}
		if (!procedure.unary()) {
			return error(
					Status.UNIMPLEMENTED
						.withDescription(
								procedure.shortName() + " is a stream, served on the gRPC port only."
										+ (name.endsWith("/RecordEvents")
												? " Over HTTP, send events one at a time with RecordEvent." : "")),
					null);
		}
		MediaType type = request.headers().contentType().orElse(null);
		boolean json = type != null && JSON.equalsTypeAndSubtype(type);
		if (!json && (type == null || !PROTO.equalsTypeAndSubtype(type))) {
			return ServerResponse.status(415)
				.header("Accept-Post", "application/json, application/proto")
				.contentType(JSON)
				.bodyValue(utf8(ConnectError.of(
						Status.UNIMPLEMENTED.withDescription("Content-Type " + type
								+ " is not served: send application/json or application/proto (Connect unary calls)."),
						null)
					.json()));
		}
		HttpHeaders headers = request.headers().asHttpHeaders();
		String version = headers.getFirst("Connect-Protocol-Version");
		if (version != null && !version.equals("1")) {
			return invalid("Connect-Protocol-Version", "must be 1, was " + version);
		}
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
			return error(Status.UNIMPLEMENTED
				.withDescription("Content-Encoding " + encoding + " is not served: send the body uncompressed."), null);
		}
		CallOptions options = CallOptions.DEFAULT;
		String timeout = headers.getFirst("Connect-Timeout-Ms");
		if (timeout != null) {
			if (!TIMEOUT.matcher(timeout).matches()) {
				return invalid("Connect-Timeout-Ms", "must be milliseconds, at most 10 digits; was " + timeout);
			}
			options = options.withDeadlineAfter(Long.parseLong(timeout), TimeUnit.MILLISECONDS);
		}
		if (headers.getContentLength() > this.maxRequestSize) {
			return tooLarge();
		}
		Metadata metadata = new Metadata();
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null) {
			metadata.put(AUTHORIZATION, authorization);
		}
		CallOptions callOptions = options;
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), (int) this.maxRequestSize)
			.map(ConnectBridge::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> {
				byte[] message;
				try {
					message = json ? fromJson(procedure, body) : body;
				}
				catch (StatusException ex) {
					return error(ex.getStatus(), ex.getTrailers());
				}
				return call(procedure, message, metadata, callOptions)
					.flatMap((answer) -> ServerResponse.ok()
						.contentType(json ? JSON : PROTO)
						.bodyValue(json ? utf8(toJson(procedure, answer)) : answer))
					.onErrorResume(StatusRuntimeException.class, (ex) -> error(ex.getStatus(), ex.getTrailers()));
			})
			.onErrorResume(DataBufferLimitException.class, (ex) -> tooLarge());
	}

	private Mono<byte[]> call(Procedure procedure, byte[] request, Metadata metadata, CallOptions options) {
		MethodDescriptor<byte[], byte[]> method = MethodDescriptor.newBuilder(BYTES, BYTES)
			.setType(MethodDescriptor.MethodType.UNARY)
			.setFullMethodName(procedure.name())
			.build();
		return Mono.create((sink) -> {
			ClientCall<byte[], byte[]> call = this.channel.newCall(method, options);
			// A browser that goes away cancels its call.
			sink.onCancel(() -> call.cancel("The HTTP request was cancelled.", null));
			ClientCalls.asyncUnaryCall(new AuthorizedCall(call, metadata), request, new StreamObserver<>() {

				@Override
				public void onNext(byte[] value) {
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

	private static byte[] fromJson(Procedure procedure, byte[] body) throws StatusException {
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
		return builder.build().toByteArray();
	}

	private static String toJson(Procedure procedure, byte[] answer) {
		try {
			return PRINTER.print(procedure.response().getParserForType().parseFrom(answer));
		}
		catch (InvalidProtocolBufferException ex) {
			// The server's own answer: not a caller's mistake.
			throw new IllegalStateException("Unreadable answer of " + procedure.name(), ex);
		}
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

	private Mono<ServerResponse> tooLarge() {
		return error(Status.RESOURCE_EXHAUSTED.withDescription(
				"The request is larger than the HTTP port takes (" + this.maxRequestSize + " bytes)."), null);
	}

	private static Mono<ServerResponse> invalid(String field, String problem) {
		StatusException ex = GrpcErrors.invalidArgument(field, problem);
		return error(ex.getStatus(), ex.getTrailers());
	}

	private static Mono<ServerResponse> error(Status status, Metadata trailers) {
		ConnectError error = ConnectError.of(status, trailers);
		return error(error.http(), error);
	}

	private static Mono<ServerResponse> error(int http, ConnectError error) {
		return ServerResponse.status(http).contentType(JSON).bodyValue(utf8(error.json()));
	}

	/** Bytes, so that no JSON encoder takes the document for a string to quote. */
	private static byte[] utf8(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/** Sends the HTTP request's credential with the call. */
	private static final class AuthorizedCall
			extends io.grpc.ForwardingClientCall.SimpleForwardingClientCall<byte[], byte[]> {

		private final Metadata metadata;

		AuthorizedCall(ClientCall<byte[], byte[]> call, Metadata metadata) {
			super(call);
			this.metadata = metadata;
		}

		@Override
		public void start(Listener<byte[]> listener, Metadata headers) {
			headers.merge(this.metadata);
			super.start(listener, headers);
		}

	}

}
