package io.nextbest.client;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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
import io.nextbest.api.v1.ExportCustomerRequest;
import io.nextbest.api.v1.ExportCustomerResponse;
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
 * <p>
 * Given several servers (the members of a cluster), the client spreads calls over them
 * and retries a call that fails {@code UNAVAILABLE} on the next server, each at most
 * once: every call is safe to repeat (events are idempotent by id). A
 * {@link #recordAll(Iterator) stream} is not retried, since its events are read once.
 *
 * <pre>{@code
 * try (NextBestClient client = NextBestClient.connect("localhost:9090")) {
 *     DecideResponse decision = client.decide("c-42", Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL);
 * }
 * }</pre>
 * <p>
 * A server on a network serves TLS and asks every caller for a credential:
 *
 * <pre>{@code
 * NextBestClient client = NextBestClient.builder()
 *     .target("nba.example.com:9090")
 *     .tls(Tls.trusting(Path.of("ca.pem")))
 *     .token(System.getenv("NEXTBEST_TOKEN"))
 *     .build();
 * }</pre>
 */
public final class NextBestClient implements AutoCloseable {

	/** The deadline of each call unless another is configured: 5 seconds. */
	/** The most events the server takes in one RecordEvents message. */
	public static final int MAX_EVENTS_PER_MESSAGE = 1_000;

	public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

	/**
	 * The deadline of a whole {@link #recordAll(Iterator) event stream} unless another is
	 * given: 10 minutes, since a bulk feed runs as long as it has events.
	 */
	public static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(10);

	private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

	private final List<Server> servers;

	private final boolean ownsChannel;

	private final Duration deadline;

	/** Where the next call starts, so that calls spread over the servers. */
	private final AtomicInteger next;

	private NextBestClient(List<Server> servers, boolean ownsChannel, Duration deadline, AtomicInteger next) {
		this.servers = servers;
		this.ownsChannel = ownsChannel;
		this.deadline = deadline;
		this.next = next;
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
		return new NextBestClient(this.servers, false, checkDeadline(deadline), this.next);
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
		return failover((server) -> server.decisions.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.decide(request));
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
		return failoverAsync((server) -> {
			UnaryCall<DecideRequest, DecideResponse> call = new UnaryCall<>();
			server.asyncDecisions.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS).decide(request, call);
			return call;
		});
	}

	/**
	 * Records one event. Recording is idempotent by event id.
	 * @param event the event
	 * @return whether the event was applied, a duplicate or stale
	 * @throws io.grpc.StatusRuntimeException when the call fails, for example
	 * {@code INVALID_ARGUMENT} for an invalid event
	 */
	public RecordEventResponse record(Event event) {
		return failover((server) -> server.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.recordEvent(recordRequest(event)));
	}

	/**
	 * Records one event without blocking. Cancelling the returned future cancels the
	 * call.
	 * @param event the event
	 * @return whether the event was applied, a duplicate or stale, or a future completed
	 * exceptionally with the call's {@link io.grpc.StatusRuntimeException}
	 */
	public CompletableFuture<RecordEventResponse> recordAsync(Event event) {
		return failoverAsync((server) -> {
			UnaryCall<RecordEventRequest, RecordEventResponse> call = new UnaryCall<>();
			server.asyncContexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
				.recordEvent(recordRequest(event), call);
			return call;
		});
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
		return recordAll(events, deadline, 1);
	}

	/**
	 * Streams events to the server in batches and waits for its summary, as
	 * {@link #recordAll(Iterator, Duration)} does. A batch saves the cost of a message
	 * per event, which is most of what a bulk load costs both sides. A message goes once
	 * it is full or the iterator has no more, so use this for a backlog or a file, not
	 * for a feed that waits for live events (the last ones would wait for the batch to
	 * fill).
	 * @param events the events, read on the calling thread
	 * @param deadline the deadline of the whole stream, positive
	 * @param eventsPerMessage from 1 to {@value #MAX_EVENTS_PER_MESSAGE}; 100 is a good
	 * size for a bulk load
	 * @return how many events were applied, duplicates or stale, and which were rejected
	 * (a rejection's index counts events, not messages)
	 * @throws io.grpc.StatusRuntimeException when the stream fails
	 */
	public RecordEventsResponse recordAll(Iterator<Event> events, Duration deadline, int eventsPerMessage) {
		Objects.requireNonNull(events, "events");
		if (eventsPerMessage < 1 || eventsPerMessage > MAX_EVENTS_PER_MESSAGE) {
			throw new IllegalArgumentException(
					"eventsPerMessage must be from 1 to " + MAX_EVENTS_PER_MESSAGE + ", got " + eventsPerMessage);
		}
		EventStream stream = new EventStream();
		pick().asyncContexts.withDeadlineAfter(nanos(checkDeadline(deadline)), TimeUnit.NANOSECONDS)
			.recordEvents(stream);
		return stream.send(events, eventsPerMessage);
	}

	/**
	 * Reads a customer's whole context, the single customer view.
	 * @param customerId the customer
	 * @return the context; an unknown customer has an empty one with {@code known} false
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public CustomerContext context(String customerId) {
		return failover((server) -> server.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.getContext(GetContextRequest.newBuilder().setCustomerId(customerId).build())
			.getContext());
	}

	/**
	 * Forgets a customer: the server removes their whole context.
	 * @param customerId the customer
	 * @return whether the server held a context for the customer
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public boolean forget(String customerId) {
		return failover((server) -> server.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId(customerId).build())
			.getExisted());
	}

	/**
	 * Exports everything the server holds about a customer (right of access).
	 * @param customerId the customer
	 * @return whether the server knows the customer, and the document in proto3 JSON
	 * @throws io.grpc.StatusRuntimeException when the call fails
	 */
	public ExportCustomerResponse export(String customerId) {
		return failover((server) -> server.contexts.withDeadlineAfter(nanos(this.deadline), TimeUnit.NANOSECONDS)
			.exportCustomer(ExportCustomerRequest.newBuilder().setCustomerId(customerId).build()));
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
		for (Server server : this.servers) {
			server.channel.shutdown();
		}
		long end = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
		try {
			for (Server server : this.servers) {
				if (!server.channel.awaitTermination(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
					server.channel.shutdownNow();
				}
			}
		}
		catch (InterruptedException ex) {
			this.servers.forEach((server) -> server.channel.shutdownNow());
			Thread.currentThread().interrupt();
		}
	}

	ManagedChannel channel() {
		return this.servers.get(0).channel;
	}

	private Server pick() {
		return this.servers.get(Math.floorMod(this.next.getAndIncrement(), this.servers.size()));
	}

	private <R> R failover(Function<Server, R> call) {
		int start = this.next.getAndIncrement();
		for (int attempt = 0;; attempt++) {
			Server server = this.servers.get(Math.floorMod(start + attempt, this.servers.size()));
			try {
				return call.apply(server);
			}
			catch (StatusRuntimeException ex) {
				if (!retryable(ex, attempt)) {
					throw ex;
				}
			}
		}
	}

	private <R> CompletableFuture<R> failoverAsync(Function<Server, CompletableFuture<R>> call) {
		return failoverAsync(call, this.next.getAndIncrement(), 0);
	}

	private <R> CompletableFuture<R> failoverAsync(Function<Server, CompletableFuture<R>> call, int start,
			int attempt) {
		CompletableFuture<R> first = call.apply(this.servers.get(Math.floorMod(start + attempt, this.servers.size())));
		if (this.servers.size() == 1) {
			return first;
		}
		CompletableFuture<R> result = new CompletableFuture<>() {
			@Override
			public boolean cancel(boolean mayInterruptIfRunning) {
				first.cancel(mayInterruptIfRunning);
				return super.cancel(mayInterruptIfRunning);
			}
		};
		first.whenComplete((answer, failure) -> {
			if (failure == null) {
				result.complete(answer);
			}
			else if (failure instanceof StatusRuntimeException status && retryable(status, attempt)
					&& !result.isDone()) {
				failoverAsync(call, start, attempt + 1).whenComplete((retried, again) -> {
					if (again == null) {
						result.complete(retried);
					}
					else {
						result.completeExceptionally(again);
					}
				});
			}
			else {
				result.completeExceptionally(failure);
			}
		});
		return result;
	}

	private boolean retryable(StatusRuntimeException failure, int attempt) {
		return failure.getStatus().getCode() == Status.Code.UNAVAILABLE && attempt + 1 < this.servers.size();
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

	/** The stubs of one server. */
	private static final class Server {

		final ManagedChannel channel;

		final DecisionServiceBlockingStub decisions;

		final DecisionServiceStub asyncDecisions;

		final ContextServiceBlockingStub contexts;

		final ContextServiceStub asyncContexts;

		Server(ManagedChannel channel, CallCredentials credentials) {
			this.channel = Objects.requireNonNull(channel, "channel");
			// withCallCredentials(null) sends none.
			this.decisions = DecisionServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
			this.asyncDecisions = DecisionServiceGrpc.newStub(channel).withCallCredentials(credentials);
			this.contexts = ContextServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
			this.asyncContexts = ContextServiceGrpc.newStub(channel).withCallCredentials(credentials);
		}

	}

	/**
	 * Configures a {@link NextBestClient}: a target to connect to (over plaintext, or
	 * {@link #tls(Tls) TLS}), or a channel the caller owns, the deadline of each call and
	 * the {@link #token(String) credential} sent with each call.
	 */
	public static final class Builder {

		private List<String> targets;

		private List<ManagedChannel> channels;

		private Duration deadline = DEFAULT_DEADLINE;

		private Tls tls;

		private BearerToken token;

		private Builder() {
		}

		/**
		 * Connects to this server, over plaintext unless {@link #tls(Tls) TLS} is set;
		 * the client owns the connection.
		 * @param target the server, as {@code host:port} or a gRPC target URI
		 * @return this builder
		 */
		public Builder target(String target) {
			return targets(target);
		}

		/**
		 * Connects to several servers, the members of one cluster, over plaintext unless
		 * {@link #tls(Tls) TLS} is set: calls are spread over them and a call failing
		 * {@code UNAVAILABLE} is retried on the next. The client owns the connections.
		 * @param targets the servers, as {@code host:port} or gRPC target URIs
		 * @return this builder
		 */
		public Builder targets(String... targets) {
			this.targets = List.of(targets);
			if (this.targets.isEmpty()) {
				throw new IllegalArgumentException("give at least one target");
			}
			return this;
		}

		/**
		 * Uses this channel, for interceptors, other credentials or tests. The caller
		 * owns it: {@link NextBestClient#close()} leaves it open.
		 * @param channel the channel
		 * @return this builder
		 */
		public Builder channel(ManagedChannel channel) {
			return channels(channel);
		}

		/**
		 * Uses these channels, one per server of a cluster, the way
		 * {@link #targets(String...)} uses its connections. The caller owns them.
		 * @param channels the channels
		 * @return this builder
		 */
		public Builder channels(ManagedChannel... channels) {
			this.channels = List.of(channels);
			if (this.channels.isEmpty()) {
				throw new IllegalArgumentException("give at least one channel");
			}
			return this;
		}

		/**
		 * Connects to the targets over TLS.
		 * @param tls the authorities to trust and, for mTLS, the client's certificate
		 * @return this builder
		 */
		public Builder tls(Tls tls) {
			this.tls = Objects.requireNonNull(tls, "tls");
			return this;
		}

		/**
		 * Sends this credential with every call, as
		 * {@code authorization: Bearer <token>}, on the client's own connections or on a
		 * given channel. It is only sent over TLS or to a server on this machine (see
		 * {@link BearerToken}).
		 * @param token an API key or a JWT
		 * @return this builder
		 * @throws IllegalArgumentException when the token is blank or cannot be a header
		 */
		public Builder token(String token) {
			this.token = BearerToken.of(token);
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
		 * given, or when TLS is set for a channel (it brings its own credentials)
		 * @throws IllegalArgumentException when a file of the TLS settings is missing or
		 * unreadable
		 */
		public NextBestClient build() {
			if ((this.targets == null) == (this.channels == null)) {
				throw new IllegalStateException("give either a target or a channel");
			}
			if (this.channels != null) {
				if (this.tls != null) {
					throw new IllegalStateException("TLS applies to targets: a given channel has its own credentials");
				}
				return new NextBestClient(
						this.channels.stream().map((channel) -> new Server(channel, this.token)).toList(), false,
						this.deadline, new AtomicInteger());
			}
			ChannelCredentials credentials = (this.tls != null) ? this.tls.channelCredentials()
					: InsecureChannelCredentials.create();
			List<Server> owned = this.targets.stream()
				.map((target) -> new Server(Grpc.newChannelBuilder(target, credentials).build(), this.token))
				.toList();
			return new NextBestClient(owned, true, this.deadline, new AtomicInteger());
		}

	}

}
