package io.nextbest.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.ExportCustomerRequest;
import io.nextbest.api.v1.ExportCustomerResponse;
import io.nextbest.api.v1.ForgetCustomerRequest;
import io.nextbest.api.v1.ForgetCustomerResponse;
import io.nextbest.api.v1.GetContextRequest;
import io.nextbest.api.v1.GetContextResponse;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventResponse;
import io.nextbest.api.v1.RecordEventsResponse;

/**
 * A stand-in NextBest server on the in-process transport: it records every request and
 * the deadline it came with, and answers as configured. Streams of events are read one
 * message at a time, so that a client which ignores flow control is caught.
 */
public final class RecordingServer implements AutoCloseable {

	/** Decide requests, in the order received. */
	public final List<DecideRequest> decided = new CopyOnWriteArrayList<>();

	/** Events recorded one by one. */
	public final List<Event> recorded = new CopyOnWriteArrayList<>();

	/** Events received on streams. */
	public final List<Event> streamed = new CopyOnWriteArrayList<>();

	/** RecordEvents messages received. */
	public final AtomicInteger streamedMessages = new AtomicInteger();

	/** Customers whose context was read. */
	public final List<String> contextsRead = new CopyOnWriteArrayList<>();

	/** Customers forgotten. */
	public final List<String> forgotten = new CopyOnWriteArrayList<>();

	/** Customers exported. */
	public final List<String> exported = new CopyOnWriteArrayList<>();

	/** The deadline of each call, as the server saw it; null for none. */
	public final List<Deadline> deadlines = new CopyOnWriteArrayList<>();

	/** Streams the client cancelled. */
	public final CountDownLatch streamCancelled = new CountDownLatch(1);

	/**
	 * The {@code authorization} header of each call, in the order received; empty for a
	 * call without one.
	 */
	public final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final String name = InProcessServerBuilder.generateName();

	private final Server server;

	private final Server network;

	private final ManagedChannel channel;

	private volatile Function<DecideRequest, DecideResponse> decisions = (
			request) -> DecideResponse.newBuilder().setDecisionId("d-1").build();

	private volatile CustomerContext context = CustomerContext.getDefaultInstance();

	private volatile boolean existed = true;

	private volatile Status failure;

	private volatile int failStreamAfter = -1;

	private volatile boolean holding;

	/** Starts the server and a channel to it. */
	public RecordingServer() {
		this(null);
	}

	private RecordingServer(ServerCredentials credentials) {
		ServerInterceptor headers = new ServerInterceptor() {

			@Override
			public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata,
					ServerCallHandler<Q, A> next) {
				String authorization = metadata.get(BearerToken.AUTHORIZATION);
				RecordingServer.this.authorizations.add((authorization != null) ? authorization : "");
				return next.startCall(call, metadata);
			}

		};
		try {
			this.server = InProcessServerBuilder.forName(this.name)
				.addService(ServerInterceptors.intercept(new Decisions(), headers))
				.addService(ServerInterceptors.intercept(new Contexts(), headers))
				.build()
				.start();
			this.network = (credentials != null) ? NettyServerBuilder
				.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), credentials)
				.addService(ServerInterceptors.intercept(new Decisions(), headers))
				.addService(ServerInterceptors.intercept(new Contexts(), headers))
				.build()
				.start() : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.channel = InProcessChannelBuilder.forName(this.name).build();
	}

	/**
	 * Starts the server in-process and on a free TCP port of 127.0.0.1.
	 * @param credentials the TCP port's, e.g. TLS
	 * @return the server
	 */
	public static RecordingServer onLoopback(ServerCredentials credentials) {
		return new RecordingServer(credentials);
	}

	/**
	 * @return the target of the TCP port, {@code 127.0.0.1:port}
	 * @throws IllegalStateException unless started {@link #onLoopback on loopback}
	 */
	public String loopbackTarget() {
		if (this.network == null) {
			throw new IllegalStateException("in-process only");
		}
		return "127.0.0.1:" + this.network.getPort();
	}

	/**
	 * A channel to this server, closed with it.
	 * @return the channel
	 */
	public ManagedChannel channel() {
		return this.channel;
	}

	/**
	 * Opens another channel to this server, which the caller closes.
	 * @return the channel
	 */
	public ManagedChannel newChannel() {
		return InProcessChannelBuilder.forName(this.name).build();
	}

	/**
	 * Answers decisions with this function.
	 * @param decisions the answer to each request
	 * @return this server
	 */
	public RecordingServer decideWith(Function<DecideRequest, DecideResponse> decisions) {
		this.decisions = decisions;
		return this;
	}

	/**
	 * Answers context reads with this context.
	 * @param context the context
	 * @return this server
	 */
	public RecordingServer contextIs(CustomerContext context) {
		this.context = context;
		return this;
	}

	/**
	 * Answers ForgetCustomer with this.
	 * @param existed whether the customer existed
	 * @return this server
	 */
	public RecordingServer customerExisted(boolean existed) {
		this.existed = existed;
		return this;
	}

	/**
	 * Fails every unary call with this status.
	 * @param failure the status
	 * @return this server
	 */
	public RecordingServer failWith(Status failure) {
		this.failure = failure;
		return this;
	}

	/**
	 * Fails a stream of events with {@code RESOURCE_EXHAUSTED} once it has received this
	 * many.
	 * @param count how many events to take first
	 * @return this server
	 */
	public RecordingServer failStreamAfter(int count) {
		this.failStreamAfter = count;
		return this;
	}

	/**
	 * Never answers unary calls: only the caller (its deadline, a cancellation) ends
	 * them. A call slower than its deadline, with no clock involved.
	 * @return this server
	 */
	public RecordingServer holdAnswers() {
		this.holding = true;
		return this;
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
		if (this.network != null) {
			this.network.shutdownNow();
		}
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
			this.server.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private <T> boolean answer(StreamObserver<T> responses, T response) {
		this.deadlines.add(Context.current().getDeadline());
		if (this.holding) {
			return false;
		}
		Status failure = this.failure;
		if (failure != null) {
			responses.onError(failure.asRuntimeException());
			return false;
		}
		responses.onNext(response);
		responses.onCompleted();
		return true;
	}

	private final class Decisions extends DecisionServiceGrpc.DecisionServiceImplBase {

		@Override
		public void decide(DecideRequest request, StreamObserver<DecideResponse> responses) {
			RecordingServer.this.decided.add(request);
			answer(responses, RecordingServer.this.decisions.apply(request));
		}

	}

	private final class Contexts extends ContextServiceGrpc.ContextServiceImplBase {

		@Override
		public void recordEvent(RecordEventRequest request, StreamObserver<RecordEventResponse> responses) {
			RecordingServer.this.recorded.add(request.getEvent());
			answer(responses,
					RecordEventResponse.newBuilder()
						.setEventId(request.getEvent().getEventId())
						.setDisposition(EventDisposition.EVENT_DISPOSITION_APPLIED)
						.build());
		}

		@Override
		public StreamObserver<RecordEventRequest> recordEvents(StreamObserver<RecordEventsResponse> responses) {
			RecordingServer.this.deadlines.add(Context.current().getDeadline());
			ServerCallStreamObserver<RecordEventsResponse> call = (ServerCallStreamObserver<RecordEventsResponse>) responses;
			call.disableAutoRequest();
			call.setOnCancelHandler(RecordingServer.this.streamCancelled::countDown);
			call.request(1);
			AtomicInteger applied = new AtomicInteger();
			return new StreamObserver<>() {

				@Override
				public void onNext(RecordEventRequest request) {
					RecordingServer.this.streamedMessages.incrementAndGet();
					List<Event> events = (request.getEventsCount() > 0) ? request.getEventsList()
							: List.of(request.getEvent());
					RecordingServer.this.streamed.addAll(events);
					if (RecordingServer.this.streamed.size() == RecordingServer.this.failStreamAfter) {
						responses.onError(Status.RESOURCE_EXHAUSTED.withDescription("enough").asRuntimeException());
						return;
					}
					applied.addAndGet(events.size());
					call.request(1);
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
					responses.onNext(RecordEventsResponse.newBuilder().setApplied(applied.get()).build());
					responses.onCompleted();
				}

			};
		}

		@Override
		public void getContext(GetContextRequest request, StreamObserver<GetContextResponse> responses) {
			RecordingServer.this.contextsRead.add(request.getCustomerId());
			answer(responses, GetContextResponse.newBuilder().setContext(RecordingServer.this.context).build());
		}

		@Override
		public void forgetCustomer(ForgetCustomerRequest request, StreamObserver<ForgetCustomerResponse> responses) {
			RecordingServer.this.forgotten.add(request.getCustomerId());
			answer(responses, ForgetCustomerResponse.newBuilder().setExisted(RecordingServer.this.existed).build());
		}

		@Override
		public void exportCustomer(ExportCustomerRequest request, StreamObserver<ExportCustomerResponse> responses) {
			RecordingServer.this.exported.add(request.getCustomerId());
			answer(responses,
					ExportCustomerResponse.newBuilder()
						.setKnown(RecordingServer.this.existed)
						.setDocumentJson("{\"customerId\": \"" + request.getCustomerId() + "\"}")
						.build());
		}

	}

}
