package io.nextbest.server.connect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
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
 * A server stream ({@code RulesAdminService/WhatIf}) is served the same way as a Connect
 * stream ({@code application/connect+json} or {@code application/connect+proto}): the
 * request is one envelope, each answer an envelope written and flushed as it comes, and
 * the call's end an end-stream envelope, with the Connect error when it failed. Client
 * and bidirectional streams are served on the gRPC port only.
 * <p>
 * It works on the HTTP request and response themselves, so that both ways in serve calls
 * alike: {@link DirectConnectCalls} for callers other than browsers, the WebFlux route
 * (behind CORS) for browsers.
 */
final class ConnectBridge {

	static final MediaType JSON = MediaType.APPLICATION_JSON;

	static final MediaType PROTO = MediaType.parseMediaType("application/proto");

	static final MediaType STREAM_JSON = MediaType.parseMediaType("application/connect+json");

	static final MediaType STREAM_PROTO = MediaType.parseMediaType("application/connect+proto");

	private static final AsciiString NETTY_JSON = AsciiString.cached(JSON.toString());

	private static final AsciiString NETTY_PROTO = AsciiString.cached(PROTO.toString());

	private static final AsciiString NETTY_STREAM_JSON = AsciiString.cached(STREAM_JSON.toString());

	private static final AsciiString NETTY_STREAM_PROTO = AsciiString.cached(STREAM_PROTO.toString());

	/**
	 * A stream envelope's prefix: a flags byte and the message's length in 4 bytes,
	 * big-endian.
	 */
	private static final int ENVELOPE = 5;

	/** The envelope flag of a compressed message. */
	private static final int COMPRESSED = 0x01;

	/** The envelope flag of the end-stream message, which ends every stream. */
	private static final int END_STREAM = 0x02;

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
		if (procedure.serverStream()) {
			return serveStream(procedure, request, response);
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
			boolean streaming = type != null
					&& (STREAM_JSON.equalsTypeAndSubtype(type) || STREAM_PROTO.equalsTypeAndSubtype(type));
			return write(response, 415, ConnectError.of(Status.UNIMPLEMENTED.withDescription(streaming
					? "Content-Type " + type + " is for Connect streams, and " + procedure.shortName()
							+ " is unary: send application/json or application/proto."
					: "Content-Type " + type
							+ " is not served: send application/json or application/proto (Connect unary calls)."),
					null));
		}
		CallOptions callOptions;
		try {
			callOptions = callOptions(request, HttpHeaders.CONTENT_ENCODING, "the body");
		}
		catch (StatusException ex) {
			return error(response, ex.getStatus(), ex.getTrailers());
		}
		if (headers.getContentLength() > this.maxRequestSize) {
			return tooLarge(response);
		}
		Metadata metadata = metadata(headers);
		return DataBufferUtils.join(request.getBody(), (int) this.maxRequestSize)
			.map(ConnectBridge::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> {
				Object message;
				try {
					// Binary requests go to the server as they came, which reads them
					// as it reads the gRPC port's (RequestGuard).
					message = json ? fromJson(procedure, body, 0, body.length) : body;
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
	 * Serves a server stream as a Connect stream. Once the content type is one of a
	 * stream, every answer is HTTP 200 whatever happens, as the protocol has it: a
	 * refusal before any message (a bad header, an unreadable request, the caller's
	 * credential or role, admission) is an end-stream envelope alone, with the error.
	 */
	private Mono<Void> serveStream(Procedure procedure, ServerHttpRequest request, ServerHttpResponse response) {
		HttpHeaders headers = request.getHeaders();
		MediaType type = headers.getContentType();
		boolean json = type != null && STREAM_JSON.equalsTypeAndSubtype(type);
		if (!json && (type == null || !STREAM_PROTO.equalsTypeAndSubtype(type))) {
			response.getHeaders().set("Accept-Post", "application/connect+json, application/connect+proto");
			return write(response, 415,
					ConnectError.of(Status.UNIMPLEMENTED.withDescription("Content-Type " + type + " is not served: "
							+ procedure.shortName() + " is a server stream, send application/connect+json or "
							+ "application/connect+proto (Connect streaming calls)."), null));
		}
		MediaType answers = json ? STREAM_JSON : STREAM_PROTO;
		CallOptions options;
		try {
			options = callOptions(request, "Connect-Content-Encoding", "the messages");
		}
		catch (StatusException ex) {
			return endStream(response, answers, ex.getStatus(), ex.getTrailers());
		}
		// The limit is the message's, as on the unary path and the gRPC port; the
		// envelope's prefix comes on top.
		long limit = this.maxRequestSize + ENVELOPE;
		if (headers.getContentLength() > limit) {
			return endStream(response, answers, tooLarge(), null);
		}
		Metadata metadata = metadata(headers);
		return DataBufferUtils.join(request.getBody(), (int) Math.min(limit, Integer.MAX_VALUE))
			.map(ConnectBridge::bytes)
			.defaultIfEmpty(new byte[0])
			.flatMap((body) -> {
				Object message;
				try {
					message = enveloped(procedure, json, body);
				}
				catch (StatusException ex) {
					return endStream(response, answers, ex.getStatus(), ex.getTrailers());
				}
				Flux<byte[]> envelopes = Flux.create(new StreamedCall(procedure, json, message, metadata, options),
						FluxSink.OverflowStrategy.BUFFER);
				head(response, 200, answers, -1);
				DataBufferFactory buffers = response.bufferFactory();
				// One group per envelope: the HTTP layer flushes each group as it is
				// written, so that progress reaches the caller while the call runs.
				return response.writeAndFlushWith(envelopes.map((envelope) -> Mono.just(buffers.wrap(envelope))));
			})
			.onErrorResume(DataBufferLimitException.class, (ex) -> endStream(response, answers, tooLarge(), null));
	}

	/**
	 * The message of a stream's request: its body is exactly one envelope (a flags byte,
	 * the message's length, the message), uncompressed.
	 * @return the request's message or its bytes
	 * @throws StatusException when the body is not that
	 */
	private static Object enveloped(Procedure procedure, boolean json, byte[] body) throws StatusException {
		if (body.length < ENVELOPE) {
			throw GrpcErrors.invalidArgument("(body)", "not a Connect stream request: one envelope (a flags byte, "
					+ "the message's length in 4 bytes, the message) was expected, " + body.length + " bytes came");
		}
		int flags = body[0] & 0xff;
		if ((flags & COMPRESSED) != 0) {
			throw Status.UNIMPLEMENTED
				.withDescription("A compressed message is not served: send the messages uncompressed.")
				.asException();
		}
		if (flags != 0) {
			throw GrpcErrors.invalidArgument("(body)",
					"the request's envelope has flags " + flags + "; a request message's are 0");
		}
		long length = ByteBuffer.wrap(body, 1, 4).getInt() & 0xFFFFFFFFL;
		if (length != body.length - ENVELOPE) {
			throw GrpcErrors.invalidArgument("(body)", "a Connect stream request is exactly one envelope: its length "
					+ "says " + length + " bytes, " + (body.length - ENVELOPE) + " follow");
		}
		// Binary requests go to the server as they came, as on the unary path.
		return json ? fromJson(procedure, body, ENVELOPE, body.length - ENVELOPE)
				: Arrays.copyOfRange(body, ENVELOPE, body.length);
	}

	/**
	 * The checks of the Connect headers both kinds of call make, and the call's options
	 * from them.
	 * @param encoding the header that names the request's compression
	 * @param what what to send uncompressed, for the error
	 * @throws StatusException when a header is wrong or asks for compression
	 */
	private static CallOptions callOptions(ServerHttpRequest request, String encoding, String what)
			throws StatusException {
		HttpHeaders headers = request.getHeaders();
		String version = headers.getFirst("Connect-Protocol-Version");
		if (version != null && !version.equals("1")) {
			throw GrpcErrors.invalidArgument("Connect-Protocol-Version", "must be 1, was " + version);
		}
		String compression = headers.getFirst(encoding);
		if (compression != null && !compression.equalsIgnoreCase("identity")) {
			throw Status.UNIMPLEMENTED
				.withDescription(encoding + " " + compression + " is not served: send " + what + " uncompressed.")
				.asException();
		}
		// The answer's callbacks, its JSON and the response run on the connection's
		// event loop, which writes the response anyway: the gRPC worker that decided is
		// free again as soon as it has handed the answer over.
		CallOptions options = CallOptions.DEFAULT.withExecutor(eventLoop(request));
		String timeout = headers.getFirst("Connect-Timeout-Ms");
		if (timeout != null) {
			if (!TIMEOUT.matcher(timeout).matches()) {
				throw GrpcErrors.invalidArgument("Connect-Timeout-Ms",
						"must be milliseconds, at most 10 digits; was " + timeout);
			}
			options = options.withDeadlineAfter(Long.parseLong(timeout), TimeUnit.MILLISECONDS);
		}
		return options;
	}

	/** The call's metadata: the HTTP request's credential. */
	private static Metadata metadata(HttpHeaders headers) {
		Metadata metadata = new Metadata();
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null) {
			metadata.put(AUTHORIZATION, authorization);
		}
		return metadata;
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

	/**
	 * @return the request: the bytes of its message, or the message as {@code JsonFormat}
	 * read it where the planned reader left it to that
	 */
	private static Object fromJson(Procedure procedure, byte[] body, int offset, int length) throws StatusException {
		String json = new String(body, offset, length, StandardCharsets.UTF_8);
		byte[] read = procedure.reader().read(json);
		if (read != null) {
			return read;
		}
		Message.Builder builder = procedure.request().newBuilderForType();
		try {
			PARSER.merge(json, builder);
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
		return error(response, tooLarge(), null);
	}

	private Status tooLarge() {
		return Status.RESOURCE_EXHAUSTED
			.withDescription("The request is larger than the HTTP port takes (" + this.maxRequestSize + " bytes).");
	}

	/** A stream that ends before any message: HTTP 200 with the end-stream alone. */
	private static Mono<Void> endStream(ServerHttpResponse response, MediaType type, Status status, Metadata trailers) {
		return write(response, 200, type, endStream(status, trailers));
	}

	private static byte[] endStream(Status status, Metadata trailers) {
		return envelope(END_STREAM, utf8(ConnectError.endStream(status, trailers)));
	}

	private static byte[] envelope(int flags, byte[] message) {
		return ByteBuffer.allocate(ENVELOPE + message.length)
			.put((byte) flags)
			.putInt(message.length)
			.put(message)
			.array();
	}

	private static Mono<Void> error(ServerHttpResponse response, Status status, Metadata trailers) {
		ConnectError error = ConnectError.of(status, trailers);
		return write(response, error.http(), error);
	}

	private static Mono<Void> write(ServerHttpResponse response, int http, ConnectError error) {
		return write(response, http, JSON, utf8(error.json()));
	}

	private static Mono<Void> write(ServerHttpResponse response, int http, MediaType type, byte[] body) {
		head(response, http, type, body.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/**
	 * Sets the status and the content headers.
	 * @param type one of the four media types above
	 * @param length the body's length, or -1 for a stream's, which is sent as it comes
	 */
	private static void head(ServerHttpResponse response, int http, MediaType type, int length) {
		response.setStatusCode(HttpStatusCode.valueOf(http));
		if (ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse netty) {
			// In Netty's form: set through Spring's adapter, each was validated and
			// hashed again on every call.
			io.netty.handler.codec.http.HttpHeaders headers = netty.responseHeaders()
				.set(HttpHeaderNames.CONTENT_TYPE, nettyType(type));
			if (length >= 0) {
				headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
			}
		}
		else {
			HttpHeaders headers = response.getHeaders();
			headers.setContentType(type);
			if (length >= 0) {
				headers.setContentLength(length);
			}
		}
	}

	private static AsciiString nettyType(MediaType type) {
		if (type == PROTO) {
			return NETTY_PROTO;
		}
		if (type == STREAM_JSON) {
			return NETTY_STREAM_JSON;
		}
		return (type == STREAM_PROTO) ? NETTY_STREAM_PROTO : NETTY_JSON;
	}

	private static byte[] utf8(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * One server stream on the in-process server, as the envelopes of its HTTP response:
	 * each answer, then the end-stream. The call is asked for answers only as the
	 * response asks for envelopes, which it does as it writes them to the connection (a
	 * few dozen ahead at most): a caller that reads slowly leaves the answers waiting in
	 * the call instead of in the bridge. The callbacks run on the connection's event loop
	 * (the call's executor), where the answers are printed, as on the unary path.
	 */
	private final class StreamedCall extends ClientCall.Listener<Message> implements Consumer<FluxSink<byte[]>> {

		private final Procedure procedure;

		private final boolean json;

		private final Object request;

		private final Metadata metadata;

		private final CallOptions options;

		private ClientCall<Object, Message> call;

		private FluxSink<byte[]> sink;

		/** Set when an answer could not be printed: the stream's end instead. */
		private Status failed;

		StreamedCall(Procedure procedure, boolean json, Object request, Metadata metadata, CallOptions options) {
			this.procedure = procedure;
			this.json = json;
			this.request = request;
			this.metadata = metadata;
			this.options = options;
		}

		@Override
		public void accept(FluxSink<byte[]> sink) {
			this.sink = sink;
			this.call = ConnectBridge.this.channel.newCall(this.procedure.method(), this.options);
			this.call.start(this, this.metadata);
			this.call.sendMessage(this.request);
			this.call.halfClose();
			// After the start: a call cancelled before it starts cannot start. A caller
			// that goes away (the connection closed) cancels the response's write, and
			// with it the call.
			sink.onCancel(() -> this.call.cancel("The HTTP request was cancelled.", null));
			sink.onRequest((count) -> this.call.request((int) Math.min(count, Integer.MAX_VALUE)));
		}

		@Override
		public void onMessage(Message message) {
			if (this.failed != null) {
				// Cancelled already; the end-stream says why.
				return;
			}
			byte[] body;
			try {
				body = this.json ? utf8(toJson(this.procedure, message)) : message.toByteArray();
			}
			catch (RuntimeException ex) {
				this.failed = Status.INTERNAL.withDescription(
						"An answer of " + this.procedure.shortName() + " could not be printed: " + ex.getMessage());
				this.call.cancel("An answer could not be printed.", ex);
				return;
			}
			this.sink.next(envelope(0, body));
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			this.sink.next((this.failed != null) ? endStream(this.failed, null) : endStream(status, trailers));
			this.sink.complete();
		}

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
