package io.nextbest.server.grpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * Admission control with a test service whose calls stay in flight until the test lets
 * them go: 20 calls at most (the last 2 for connections with no call in flight), 2 worker
 * threads, 5 calls per connection. Nothing here waits for time to pass: every step waits
 * for the server to be in the state it needs.
 */
@SpringBootTest(properties = { "spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
		"nextbest.admission.max-calls=20", "nextbest.admission.threads=2",
		"nextbest.admission.max-calls-per-connection=5", "nextbest.rules.directory=src/test/resources/engine-rules",
		"management.server.port=-1" })
@Import(AdmissionTest.Holding.class)
class AdmissionTest {

	/**
	 * The in-process server's name: generated, so that no other test's server can answer.
	 */
	private static final String SERVER = InProcessServerBuilder.generateName();

	@DynamicPropertySource
	static void inProcessServer(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
	}

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** Answered only once the test releases it; holds no thread meanwhile. */
	private static final MethodDescriptor<byte[], byte[]> PARK = RawMessages.method("test.Hold/Park",
			MethodDescriptor.MethodType.UNARY);

	/** Holds its worker thread until the test releases it. */
	private static final MethodDescriptor<byte[], byte[]> BLOCK = RawMessages.method("test.Hold/Block",
			MethodDescriptor.MethodType.UNARY);

	/** Answers at once, counting the calls that ran. */
	private static final MethodDescriptor<byte[], byte[]> COUNT = RawMessages.method("test.Hold/Count",
			MethodDescriptor.MethodType.UNARY);

	@Autowired
	private HoldService hold;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private ApplicationContext context;

	private final List<ManagedChannel> channels = new ArrayList<>();

	@BeforeEach
	void hold() {
		this.hold.holdFromNowOn();
	}

	@AfterEach
	void release() throws InterruptedException {
		this.hold.releaseAll();
		await().atMost(PATIENCE).until(() -> inFlight() == 0);
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void refusesCallsBeyondTheLimitKeepingTheLastTenthForIdleConnections() {
		ManagedChannel busy = inProcess();
		List<ListenableFuture<byte[]>> parked = new ArrayList<>();
		for (int i = 0; i < 18; i++) {
			parked.add(start(busy, PARK));
		}
		await().atMost(PATIENCE).until(() -> this.hold.parked.get() == 18);

		Status excess = status(busy, PARK);
		parked.add(start(inProcess(), PARK));
		parked.add(start(inProcess(), PARK));
		await().atMost(PATIENCE).until(() -> this.hold.parked.get() == 20);
		Status full = status(inProcess(), COUNT);

		assertThat(excess.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(excess.getDescription()).isEqualTo("the server is busy: 18 calls in flight; retry with backoff");
		assertThat(full.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(full.getDescription()).isEqualTo("the server is busy: 20 calls in flight; retry with backoff");
		assertThat(this.hold.counted.get()).isZero();

		this.hold.releaseAll();

		assertThat(parked).allSatisfy((call) -> assertThat(call.get(30, TimeUnit.SECONDS)).isEmpty());
		await().atMost(PATIENCE).until(() -> inFlight() == 0);
		assertThat(status(busy, COUNT).getCode()).isEqualTo(Status.Code.OK);
		assertThat(refused("busy")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void neverStartsACallWhoseDeadlinePassedWhileItWaitedForAWorker() {
		ManagedChannel channel = inProcess();
		List<ListenableFuture<byte[]>> blocking = List.of(start(channel, BLOCK), start(channel, BLOCK));
		await().atMost(PATIENCE).until(() -> this.hold.blocking.get() == 2);
		double before = refused("expired") + refused("cancelled");

		ListenableFuture<byte[]> late = ClientCalls.futureUnaryCall(
				channel.newCall(COUNT, CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS)), new byte[0]);
		StatusRuntimeException timedOut = catchThrowableOfType(StatusRuntimeException.class, () -> getUnchecked(late));
		this.hold.releaseAll();
		await().atMost(PATIENCE).until(() -> refused("expired") + refused("cancelled") == before + 1);

		assertThat(timedOut.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(this.hold.counted.get()).isZero();
		assertThat(blocking).allSatisfy((call) -> assertThat(call.get(30, TimeUnit.SECONDS)).isEmpty());
	}

	@Test
	void refusesACallWhoseDeadlineIsNearerThanTheWaitForAWorker() {
		ManagedChannel channel = inProcess();
		start(channel, BLOCK);
		start(channel, BLOCK);
		await().atMost(PATIENCE).until(() -> this.hold.blocking.get() == 2);
		ListenableFuture<byte[]> waiting = start(channel, COUNT);
		await().atMost(PATIENCE).until(() -> workersWaitSeconds() >= 0.5);

		Status hurried = status(channel, COUNT, Duration.ofMillis(200));

		assertThat(hurried.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(hurried.getDescription()).startsWith("the server is busy: calls wait ")
			.endsWith(" ms for a worker, longer than this call's deadline leaves; retry with backoff");
		this.hold.releaseAll();
		assertThat(getUnchecked(waiting)).isEmpty();
		assertThat(this.hold.counted.get()).isEqualTo(1);
	}

	@Test
	void aConnectionHasNoMoreCallsInFlightThanItsLimit() {
		ManagedChannel channel = tcp();
		List<ListenableFuture<byte[]>> parked = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			parked.add(start(channel, PARK));
		}
		await().atMost(PATIENCE).until(() -> this.hold.parked.get() >= 5);

		// The sixth stream waits in the client's HTTP/2 stack until its deadline.
		Status sixth = status(channel, COUNT, Duration.ofSeconds(1));
		Status otherConnection = status(tcp(), COUNT);

		assertThat(sixth.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(otherConnection.getCode()).isEqualTo(Status.Code.OK);
		assertThat(this.hold.counted.get()).isEqualTo(1);
		this.hold.releaseAll();
		assertThat(parked).allSatisfy((call) -> assertThat(call.get(30, TimeUnit.SECONDS)).isEmpty());
		assertThat(this.hold.mostParked.get()).isEqualTo(5);
	}

	private ManagedChannel inProcess() {
		ManagedChannel channel = InProcessChannelBuilder.forName(SERVER).build();
		this.channels.add(channel);
		return channel;
	}

	private ManagedChannel tcp() {
		int port = ListeningSockets.grpcPort(this.context);
		ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create())
			.build();
		this.channels.add(channel);
		return channel;
	}

	private static ListenableFuture<byte[]> start(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method) {
		return ClientCalls.futureUnaryCall(
				channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS)), new byte[0]);
	}

	private static Status status(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method) {
		return status(channel, method, Duration.ofSeconds(30));
	}

	private static Status status(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, Duration deadline) {
		try {
			ClientCalls.blockingUnaryCall(channel, method,
					CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), new byte[0]);
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	private static byte[] getUnchecked(ListenableFuture<byte[]> call) {
		try {
			return call.get(30, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw (RuntimeException) ex.getCause();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private double inFlight() {
		return this.registry.get("nextbest.grpc.calls.in.flight").gauge().value();
	}

	private double workersWaitSeconds() {
		return this.registry.get("nextbest.grpc.workers.wait").timeGauge().value(TimeUnit.SECONDS);
	}

	private double refused(String reason) {
		return this.registry.find("nextbest.grpc.calls.refused")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Holding {

		@Bean
		HoldService holdService() {
			return new HoldService();
		}

	}

	/** Calls that stay in flight until the test lets them go. */
	static final class HoldService implements BindableService {

		/** Park calls waiting to be answered. */
		final AtomicInteger parked = new AtomicInteger();

		final AtomicInteger mostParked = new AtomicInteger();

		final AtomicInteger blocking = new AtomicInteger();

		final AtomicInteger counted = new AtomicInteger();

		private final Queue<StreamObserver<byte[]>> waiting = new ConcurrentLinkedQueue<>();

		private volatile CountDownLatch released = new CountDownLatch(1);

		void holdFromNowOn() {
			this.released = new CountDownLatch(1);
			this.parked.set(0);
			this.mostParked.set(0);
			this.counted.set(0);
		}

		void releaseAll() {
			this.released.countDown();
			for (StreamObserver<byte[]> call = this.waiting.poll(); call != null; call = this.waiting.poll()) {
				this.parked.decrementAndGet();
				answer(call);
			}
		}

		@Override
		public ServerServiceDefinition bindService() {
			return ServerServiceDefinition.builder("test.Hold")
				.addMethod(PARK, ServerCalls.asyncUnaryCall((request, responses) -> {
					this.mostParked.accumulateAndGet(this.parked.incrementAndGet(), Math::max);
					this.waiting.add(responses);
					if (this.released.getCount() == 0) {
						releaseAll();
					}
				}))
				.addMethod(BLOCK, ServerCalls.asyncUnaryCall((request, responses) -> {
					this.blocking.incrementAndGet();
					try {
						this.released.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						this.blocking.decrementAndGet();
					}
					answer(responses);
				}))
				.addMethod(COUNT, ServerCalls.asyncUnaryCall((request, responses) -> {
					this.counted.incrementAndGet();
					answer(responses);
				}))
				.build();
		}

		private static void answer(StreamObserver<byte[]> call) {
			call.onNext(new byte[0]);
			call.onCompleted();
		}

	}

}
