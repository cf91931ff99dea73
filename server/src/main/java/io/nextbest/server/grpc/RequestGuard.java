package io.nextbest.server.grpc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.server.logging.LogThrottle;

/**
 * Reads every request message itself, in front of every service. Left to gRPC, bytes that
 * are not a valid message were answered UNKNOWN and the parse error logged at ERROR with
 * its stack trace, on every call; and a message over the size limit ended a client stream
 * at the transport, without a word to the stream's own code. Here a message that does not
 * parse is answered INVALID_ARGUMENT "malformed request", and one over
 * {@code spring.grpc.server.inbound.message.max-size} RESOURCE_EXHAUSTED with its size
 * and the limit. Both are counted ({@code nextbest.grpc.messages.refused}, by reason and
 * method) and logged at most once a minute per reason, with the count of those left out.
 * <p>
 * A client stream that asks for it ({@link #onRefusal}) is handed the refusal and ends
 * itself, with a summary of what it did before; any other call is closed here and its
 * service sees a cancellation. The transport reads messages of up to
 * {@link #TRANSPORT_FACTOR} times the limit, so that a message over it reaches this
 * guard; a larger one is still cut off by the transport (RESOURCE_EXHAUSTED without a
 * summary).
 */
final class RequestGuard {

	/** How many times the limit the transport reads before it gives up on a message. */
	static final int TRANSPORT_FACTOR = 2;

	private static final Logger log = LoggerFactory.getLogger(RequestGuard.class);

	private static final LogThrottle THROTTLE = new LogThrottle(LogThrottle.MINUTE);

	private static final Context.Key<Refusals> REFUSALS = Context.key("nextbest-refusals");

	/** Hands the service the bytes as they came; the guard parses them itself. */
	private static final Marshaller<InputStream> RAW = new Marshaller<>() {

		@Override
		public InputStream stream(InputStream value) {
			return value;
		}

		@Override
		public InputStream parse(InputStream stream) {
			return stream;
		}

	};

	private final long maxMessageBytes;

	private final MeterRegistry registry;

	/**
	 * @param maxMessageBytes the largest message a service is given
	 * @param registry where refusals are counted
	 */
	RequestGuard(long maxMessageBytes, MeterRegistry registry) {
		this.maxMessageBytes = maxMessageBytes;
		this.registry = registry;
	}

	/**
	 * Lets the client stream being started end itself when one of its messages is
	 * refused, instead of the call being closed under it. To be called as the stream
	 * starts, on the thread that starts it; does nothing outside a guarded call.
	 * @param handler gets the refusal's status; no more messages of the call reach the
	 * service after it, and the handler must end the call
	 */
	static void onRefusal(Consumer<Status> handler) {
		Refusals refusals = REFUSALS.get();
		if (refusals != null) {
			refusals.handler = handler;
		}
	}

	/**
	 * The same service, with every method reading its requests through this guard.
	 * @param service a service with its interceptors
	 * @return the guarded service
	 */
	ServerServiceDefinition guard(ServerServiceDefinition service) {
		ServiceDescriptor original = service.getServiceDescriptor();
		List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
		ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
			.setSchemaDescriptor(original.getSchemaDescriptor());
		for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
			ServerMethodDefinition<?, ?> guarded = guard(method);
			methods.add(guarded);
			descriptor.addMethod(guarded.getMethodDescriptor());
		}
		ServerServiceDefinition.Builder guarded = ServerServiceDefinition.builder(descriptor.build());
		methods.forEach(guarded::addMethod);
		return guarded.build();
	}

	private <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> guard(ServerMethodDefinition<ReqT, RespT> method) {
		MethodDescriptor<ReqT, RespT> descriptor = method.getMethodDescriptor();
		ServerCallHandler<ReqT, RespT> handler = method.getServerCallHandler();
		return ServerMethodDefinition.create(descriptor.toBuilder(RAW, descriptor.getResponseMarshaller()).build(),
				(call, headers) -> {
					Refusals refusals = new Refusals();
					Context context = Context.current().withValue(REFUSALS, refusals);
					Context previous = context.attach();
					try {
						ServerCall.Listener<ReqT> listener = handler.startCall(new TypedCall<>(call, descriptor),
								headers);
						return new GuardedListener<>(listener, call, descriptor, refusals);
					}
					finally {
						context.detach(previous);
					}
				});
	}

	private void count(String reason, MethodDescriptor<?, ?> method, Status status, Attributes attributes) {
		this.registry.counter("nextbest.grpc.messages.refused", "reason", reason, "method", method.getFullMethodName())
			.increment();
		long heldBack = THROTTLE.admit(reason);
		if (heldBack >= 0) {
			log.warn("Refused a request message to {} from {}: {} {}{}", method.getFullMethodName(),
					attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), status.getCode(), status.getDescription(),
					LogThrottle.heldBack(heldBack));
		}
	}

	/** The refusal handler of one call, if its stream set one. */
	private static final class Refusals {

		volatile Consumer<Status> handler;

	}

	/** A message the guard refuses, with the status it is answered with. */
	private static final class Refused extends Exception {

		final String reason;

		final Status status;

		Refused(String reason, Status status) {
			super(status.getDescription(), null, false, false);
			this.reason = reason;
			this.status = status;
		}

	}

	/**
	 * The call's listener: parses each message before the service sees it. gRPC calls it
	 * serially, so its fields need no locking.
	 */
	private final class GuardedListener<ReqT, RespT> extends ServerCall.Listener<InputStream> {

		private final ServerCall.Listener<ReqT> delegate;

		private final ServerCall<InputStream, RespT> call;

		private final MethodDescriptor<ReqT, RespT> method;

		private final Refusals refusals;

		private long messages;

		private boolean refused;

		/** The service was told the call is over (by a cancellation). */
		private boolean ended;

		GuardedListener(ServerCall.Listener<ReqT> delegate, ServerCall<InputStream, RespT> call,
				MethodDescriptor<ReqT, RespT> method, Refusals refusals) {
			this.delegate = delegate;
			this.call = call;
			this.method = method;
			this.refusals = refusals;
		}

		@Override
		public void onMessage(InputStream raw) {
			if (this.refused) {
				return;
			}
			this.messages++;
			ReqT request;
			try {
				request = read(raw);
			}
			catch (Refused refusal) {
				refuse(refusal);
				return;
			}
			this.delegate.onMessage(request);
		}

		@Override
		public void onHalfClose() {
			if (!this.refused) {
				this.delegate.onHalfClose();
			}
		}

		@Override
		public void onCancel() {
			if (!this.ended) {
				this.ended = true;
				this.delegate.onCancel();
			}
		}

		@Override
		public void onComplete() {
			if (!this.ended) {
				this.ended = true;
				this.delegate.onComplete();
			}
		}

		@Override
		public void onReady() {
			if (!this.ended) {
				this.delegate.onReady();
			}
		}

		private ReqT read(InputStream raw) throws Refused {
			if (raw instanceof KnownLength) {
				// Uncompressed: the size is known before reading, and the stream goes
				// to the parser as it is (which keeps its fast paths).
				int size = available(raw);
				if (size > RequestGuard.this.maxMessageBytes) {
					throw tooLarge(String.format(Locale.ROOT, "is %,d bytes, over", size));
				}
				return parse(raw);
			}
			// Compressed (or a stream of unknown size): the size shows as it is read.
			Limited limited = new Limited(raw, RequestGuard.this.maxMessageBytes);
			try {
				return parse(limited);
			}
			catch (Refused malformed) {
				if (limited.over) {
					throw tooLarge("is over");
				}
				throw malformed;
			}
		}

		private ReqT parse(InputStream raw) throws Refused {
			try {
				return this.method.parseRequest(raw);
			}
			catch (RuntimeException ex) {
				throw new Refused("malformed", Status.INVALID_ARGUMENT.withDescription(
						"malformed request: " + which() + "is not a valid " + type() + " (" + why(ex) + ")"));
			}
		}

		private Refused tooLarge(String size) {
			return new Refused("too-large", Status.RESOURCE_EXHAUSTED.withDescription(String.format(Locale.ROOT,
					"%s%s the limit of %,d bytes", which(), size, RequestGuard.this.maxMessageBytes)));
		}

		/** "message 3 ", counting from 1, when the client sends a stream of them. */
		private String which() {
			return this.method.getType().clientSendsOneMessage() ? "the message "
					: String.format(Locale.ROOT, "message %,d ", this.messages);
		}

		private String type() {
			if (this.method.getRequestMarshaller() instanceof PrototypeMarshaller<?> prototype
					&& prototype.getMessagePrototype() instanceof Message message) {
				return message.getDescriptorForType().getFullName();
			}
			return "request message";
		}

		private void refuse(Refused refusal) {
			this.refused = true;
			count(refusal.reason, this.method, refusal.status, this.call.getAttributes());
			Consumer<Status> handler = this.refusals.handler;
			if (handler != null) {
				handler.accept(refusal.status);
				return;
			}
			this.call.close(refusal.status, new Metadata());
			onCancel();
		}

	}

	private static String why(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidProtocolBufferException invalid) {
				return invalid.getMessage();
			}
		}
		return ex.getClass().getSimpleName();
	}

	private static int available(InputStream raw) {
		try {
			return raw.available();
		}
		catch (IOException ex) {
			return Integer.MAX_VALUE;
		}
	}

	/** Reads up to a limit, then fails (and says so). */
	private static final class Limited extends FilterInputStream {

		private long left;

		boolean over;

		Limited(InputStream in, long limit) {
			super(in);
			this.left = limit;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				take(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			if (n > 0) {
				take(n);
			}
			return n;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = super.skip(n);
			take(skipped);
			return skipped;
		}

		private void take(long n) throws IOException {
			this.left -= n;
			if (this.left < 0) {
				this.over = true;
				throw new IOException("message over the size limit");
			}
		}

	}

	/**
	 * The call as the service sees it: typed requests, everything else the transport's
	 * call. {@code io.grpc.PartialForwardingServerCall} does this but is not public.
	 */
	private static final class TypedCall<ReqT, RespT> extends ServerCall<ReqT, RespT> {

		private final ServerCall<InputStream, RespT> call;

		private final MethodDescriptor<ReqT, RespT> method;

		TypedCall(ServerCall<InputStream, RespT> call, MethodDescriptor<ReqT, RespT> method) {
			this.call = call;
			this.method = method;
		}

		@Override
		public void request(int numMessages) {
			this.call.request(numMessages);
		}

		@Override
		public void sendHeaders(Metadata headers) {
			this.call.sendHeaders(headers);
		}

		@Override
		public void sendMessage(RespT message) {
			this.call.sendMessage(message);
		}

		@Override
		public boolean isReady() {
			return this.call.isReady();
		}

		@Override
		public void close(Status status, Metadata trailers) {
			this.call.close(status, trailers);
		}

		@Override
		public boolean isCancelled() {
			return this.call.isCancelled();
		}

		@Override
		public void setMessageCompression(boolean enabled) {
			this.call.setMessageCompression(enabled);
		}

		@Override
		public void setCompression(String compressor) {
			this.call.setCompression(compressor);
		}

		@Override
		public void setOnReadyThreshold(int numBytes) {
			this.call.setOnReadyThreshold(numBytes);
		}

		@Override
		public SecurityLevel getSecurityLevel() {
			return this.call.getSecurityLevel();
		}

		@Override
		public Attributes getAttributes() {
			return this.call.getAttributes();
		}

		@Override
		public String getAuthority() {
			return this.call.getAuthority();
		}

		@Override
		public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
			return this.method;
		}

	}

}
