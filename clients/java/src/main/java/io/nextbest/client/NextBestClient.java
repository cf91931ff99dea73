package io.nextbest.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.ContextServiceGrpc.ContextServiceBlockingStub;
import io.nextbest.api.v1.ContextServiceGrpc.ContextServiceStub;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.DecisionServiceGrpc.DecisionServiceBlockingStub;
import io.nextbest.api.v1.DecisionServiceGrpc.DecisionServiceStub;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.ForgetCustomerRequest;
import io.nextbest.api.v1.GetContextRequest;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventResponse;
import io.nextbest.api.v1.RecordEventsResponse;

/**
 * Client of a NextBest server: asks for decisions, records events and reads or forgets a
 * customer's context.
 * <p>
 * Every call carries a deadline ({@link #DEFAULT_DEADLINE} unless configured). Errors are
 * the server's {@link io.grpc.StatusRuntimeException}, unchanged, so that callers can
 * inspect its {@link io.grpc.Status}; the asynchronous variants complete exceptionally
 * with it. A client is thread-safe and meant to be shared.
 *
 * <pre>{@code
 * try (NextBestClient client = NextBestClient.connect("localhost:9090")) {
 *     DecideResponse decision = client.decide("c-42", Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL);
 * }
 * }</pre>
 */
public final class NextBestClient implements AutoCloseable {

	/** The deadline of each call unless another is configured: 5 seconds. */
	public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

	/**
	 * The deadline of a whole {@link #recordAll(Iterator) event stream} unless another is
	 * given: 10 minutes, since a bulk feed runs as long as it has events.
	 */
	public static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(10);

	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

	private final ManagedChannel channel;

	private final boolean ownsChannel;

	private final Duration deadline;

	private final DecisionServiceBlockingStub decisions;

	private final DecisionServiceStub asyncDecisions;

	private final ContextServiceBlockingStub contexts;

	private final ContextServiceStub asyncContexts;

	private NextBestClient(ManagedChannel channel, boolean ownsChannel, Duration deadline) {
		this.channel = channel;
		this.ownsChannel = ownsChannel;
		this.deadline = deadline;
		this.decisions = DecisionServiceGrpc.newBlockingStub(channel);
		this.asyncDecisions = DecisionServiceGrpc.newStub(channel);
		this.contexts = ContextServiceGrpc.newBlockingStub(channel);
		this.asyncContexts = ContextServiceGrpc.newStub(channel);
	}

	/**
	 * Connects to a server over plaintext, with the default deadline.
	 * @param target the server, as {@code host:port} or a gRPC target URI
	 * @return a client that owns its connection: {@link #close()} closes it
	 */
	public static NextBestClient connect(String target) {
		return builder().target(target).build();
	}

	/**
	 * Starts configuring a client.
	 * @return a builder; give it a target or a channel
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Returns a client that shares this one's connection but gives each call another
	 * deadline. Closing the returned client leaves the connection open.
	 * @param deadline the deadline of each call, positive
	 * @return a client with that deadline
	 */
	public NextBestClient withDeadline(Duration deadline) {
		return new NextBestClient(this.channel, false, checkDeadline(deadline));
	}

	/**
	 * Returns the deadline this client gives each call.
	 * @return the deadline of each call
	 */
	public Duration deadline() {
		return this.deadline;
	}

	/**
	 * Asks for a decision.
	 * @param request the customer, channels and request context
	 * @return one outcome per requested channel, with the reasons
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public DecideResponse decide(DecideRequest request) {
		return this.decisions.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS).decide(request);
	}

	/**
	 * Asks for a decision for the given channels, with no request context.
	 * @param customerId the customer
	 * @param channels the channels to decide for, at least one
	 * @return one outcome per requested channel, with the reasons
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public DecideResponse decide(String customerId, Channel... channels) {
		return decide(
				DecideRequest.newBuilder().setCustomerId(customerId).addAllChannels(Arrays.asList(channels)).build());
	}

	/**
	 * Asks for a decision without blocking. Cancelling the returned future cancels the
	 * call.
	 * @param request the customer, channels and request context
	 * @return the decision, or a future completed exceptionally with the call's
	 * {@link io.grpc.StatusRuntimeException}
	 */
	public CompletableFuture<DecideResponse> decideAsync(DecideRequest request) {
		UnaryCall<DecideRequest, DecideResponse> call = new UnaryCall<>();
		this.asyncDecisions.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS).decide(request, call);
		return call;
	}

	/**
	 * Records one event. Recording is idempotent by event id.
	 * @param event the event
	 * @return whether the event was applied, a duplicate or stale
	 * @throws io.grpc.StatusRuntimeException when the call fails, for example
	 * {@code INVALID_ARGUMENT} for an invalid event
	 */
	public RecordEventResponse record(Event event) {
		return this.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.recordEvent(recordRequest(event));
	}

	/**
	 * Records one event without blocking. Cancelling the returned future cancels the
	 * call.
	 * @param event the event
	 * @return whether the event was applied, a duplicate or stale, or a future completed
	 * exceptionally with the call's {@link io.grpc.StatusRuntimeException}
	 */
	public CompletableFuture<RecordEventResponse> recordAsync(Event event) {
		UnaryCall<RecordEventRequest, RecordEventResponse> call = new UnaryCall<>();
		this.asyncContexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.recordEvent(recordRequest(event), call);
		return call;
	}

	/**
	 * Streams events to the server, within {@link #DEFAULT_STREAM_DEADLINE}, and waits
	 * for its summary.
	 * @param events the events, read on the calling thread as fast as the server takes
	 * them
	 * @return how many events were applied, duplicates or stale, and which were rejected
	 * @throws io.grpc.StatusRuntimeException when the stream fails
	 * @see #recordAll(Iterator, Duration)
	 */
	public RecordEventsResponse recordAll(Iterator<Event> events) {
		return recordAll(events, DEFAULT_STREAM_DEADLINE);
	}

	/**
	 * Streams events to the server and waits for its summary. An invalid event does not
	 * fail the stream: it is listed in the summary. Events are read from the iterator
	 * only as fast as the server takes them, so a long or endless feed never piles up in
	 * memory. When the iterator throws, the stream is cancelled and the exception
	 * propagates.
	 * @param events the events, read on the calling thread
	 * @param deadline the deadline of the whole stream, positive
	 * @return how many events were applied, duplicates or stale, and which were rejected
	 * @throws io.grpc.StatusRuntimeException when the stream fails
	 */
	public RecordEventsResponse recordAll(Iterator<Event> events, Duration deadline) {
		Objects.requireNonNull(events, "events");
		EventStream stream = new EventStream();
		this.asyncContexts.withDeadlineAfter(nanos(checkDeadline(deadline)), TimeUnit.NANOSECONDS).recordEvents(stream);
		return stream.send(events);
	}

	/**
	 * Reads a customer's whole context, the single customer view.
	 * @param customerId the customer
	 * @return the context; an unknown customer has an empty one with {@code known} false
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public CustomerContext context(String customerId) {
		return this.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.getContext(GetContextRequest.newBuilder().setCustomerId(customerId).build())
			.getContext();
	}

	/**
	 * Forgets a customer: the server removes their whole context.
	 * @param customerId the customer
	 * @return whether the server held a context for the customer
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public boolean forget(String customerId) {
		return this.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId(customerId).build())
			.getExisted();
	}

	/**
	 * Closes the connection when this client opened it, letting calls in flight finish
	 * for a few seconds. A channel given to the {@link Builder#channel(ManagedChannel)
	 * builder}, and the connection of a client made by {@link #withDeadline(Duration)},
	 * are left open.
	 */
	@Override
	public void close() {
		if (!this.ownsChannel) {
			return;
		}
		this.channel.shutdown();
		try {
			if (!this.channel.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				this.channel.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.channel.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	ManagedChannel channel() {
		return this.channel;
	}

	private static RecordEventRequest recordRequest(Event event) {
		return RecordEventRequest.newBuilder().setEvent(event).build();
	}

	private static long nanos(Duration deadline) {
		// Duration.toNanos overflows past about 292 years; gRPC caps deadlines anyway.
		return deadline.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : deadline.toNanos();
	}

	private static Duration checkDeadline(Duration deadline) {
		Objects.requireNonNull(deadline, "deadline");
		if (deadline.isNegative() || deadline.isZero()) {
			throw new IllegalArgumentException("deadline must be positive: " + deadline);
		}
		return deadline;
	}

	/**
	 * Configures a {@link NextBestClient}: a target to connect to, or a channel the
	 * caller owns, and the deadline of each call.
	 */
	public static final class Builder {

		private String target;

		private ManagedChannel channel;

		private Duration deadline = DEFAULT_DEADLINE;

		private Builder() {
		}

		/**
		 * Connects to this server over plaintext; the client owns the connection.
		 * @param target the server, as {@code host:port} or a gRPC target URI
		 * @return this builder
		 */
		public Builder target(String target) {
			this.target = Objects.requireNonNull(target, "target");
			return this;
		}

		/**
		 * Uses this channel, for TLS, interceptors or tests. The caller owns it:
		 * {@link NextBestClient#close()} leaves it open.
		 * @param channel the channel
		 * @return this builder
		 */
		public Builder channel(ManagedChannel channel) {
			this.channel = Objects.requireNonNull(channel, "channel");
			return this;
		}

		/**
		 * Sets the deadline of each call; {@link NextBestClient#DEFAULT_DEADLINE} unless
		 * set.
		 * @param deadline the deadline, positive
		 * @return this builder
		 */
		public Builder deadline(Duration deadline) {
			this.deadline = checkDeadline(deadline);
			return this;
		}

		/**
		 * Builds the client.
		 * @return the client
		 * @throws IllegalStateException unless exactly one of a target and a channel was
		 * given
		 */
		public NextBestClient build() {
			if ((this.target == null) == (this.channel == null)) {
				throw new IllegalStateException("give either a target or a channel");
			}
			if (this.channel != null) {
				return new NextBestClient(this.channel, false, this.deadline);
			}
			ManagedChannel owned = Grpc.newChannelBuilder(this.target, InsecureChannelCredentials.create()).build();
			return new NextBestClient(owned, true, this.deadline);
		}

	}

}
