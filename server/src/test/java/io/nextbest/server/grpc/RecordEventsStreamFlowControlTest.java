package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import com.hazelcast.core.HazelcastInstance;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.ProfileUpdated;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.server.LoopbackCluster;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.ingest.EventIngest;
import io.nextbest.server.ingest.TestPopulations;
import io.nextbest.server.security.AuditLog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed faster than the store: the client sends everything at once, the store holds its
 * updates until the test lets them go, and the server must not take more events than its
 * window meanwhile, whether they come one per message or in batches.
 */
class RecordEventsStreamFlowControlTest {

	private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

	private final LoopbackCluster cluster = new LoopbackCluster("event-stream-flow-test");

	private final HeldStore store = new HeldStore();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void start() throws Exception {
		HazelcastInstance member = this.cluster.member(null);
		String name = "event-stream-flow-" + System.nanoTime();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(new ContextGrpcService(this.store, new EventIngest(this.store, TestPopulations.none(member)),
					Clock.fixed(NOW, ZoneOffset.UTC), ContextLimits.DEFAULTS, new AuditLog()))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.cluster.close();
	}

	@Test
	void oneEventPerMessageStopsAtTheWindow() {
		RecordEventsResponse summary = stream(5_000, 1, RecordEventsStream.IN_FLIGHT);

		assertThat(summary.getApplied()).isEqualTo(5_000);
	}

	@Test
	void batchesStopAtTheWindowPlusTheMessagesThatFillIt() {
		int batch = RecordEventsStream.MAX_EVENTS_PER_MESSAGE;

		RecordEventsResponse summary = stream(20 * batch, batch, RecordEventsStream.IN_FLIGHT + 2 * batch);

		assertThat(summary.getApplied()).isEqualTo(20 * batch);
	}

	@Test
	void smallBatchesStopAtTheWindowToo() {
		RecordEventsResponse summary = stream(10_000, 10, RecordEventsStream.IN_FLIGHT + 10);

		assertThat(summary.getApplied()).isEqualTo(10_000);
	}

	/**
	 * Sends every event without waiting for readiness, then lets the held updates go a
	 * window at a time, checking that the store never held more than the bound.
	 */
	private RecordEventsResponse stream(int events, int perMessage, int bound) {
		CompletableFuture<RecordEventsResponse> summary = new CompletableFuture<>();
		StreamObserver<RecordEventRequest> requests = ContextServiceGrpc.newStub(this.channel)
			.recordEvents(Answers.into(summary));
		RecordEventRequest.Builder message = RecordEventRequest.newBuilder();
		for (int i = 0; i < events; i++) {
			Event event = Event.newBuilder()
				.setEventId("e" + i)
				.setCustomerId("c" + (i % 97))
				.setOccurredAt(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 60))
				.setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("n", "" + i))
				.build();
			if (perMessage == 1) {
				requests.onNext(RecordEventRequest.newBuilder().setEvent(event).build());
				continue;
			}
			message.addEvents(event);
			if (message.getEventsCount() == perMessage) {
				requests.onNext(message.build());
				message = RecordEventRequest.newBuilder();
			}
		}
		requests.onCompleted();
		int rounds = 0;
		int mostHeld = 0;
		while (!summary.isDone()) {
			List<CompletableFuture<EventDisposition>> held = this.store.take();
			assertThat(held).as("the server took events before any settled").isNotEmpty();
			mostHeld = Math.max(mostHeld, held.size());
			assertThat(held.size()).as("events held at once").isLessThanOrEqualTo(bound);
			held.forEach((update) -> update.complete(EventDisposition.APPLIED));
			rounds++;
		}
		// The window, not the whole feed, was in flight: it took several rounds.
		assertThat(rounds).isGreaterThan(events / bound - 1);
		assertThat(mostHeld).isGreaterThanOrEqualTo(Math.min(events, RecordEventsStream.IN_FLIGHT));
		return summary.join();
	}

	/** A store that holds every update until the test settles it. */
	private static final class HeldStore implements ContextStore {

		private List<CompletableFuture<EventDisposition>> held = new ArrayList<>();

		synchronized List<CompletableFuture<EventDisposition>> take() {
			List<CompletableFuture<EventDisposition>> taken = this.held;
			this.held = new ArrayList<>();
			return taken;
		}

		@Override
		public synchronized CompletableFuture<EventDisposition> applyAsync(ContextEvent event) {
			CompletableFuture<EventDisposition> update = new CompletableFuture<>();
			this.held.add(update);
			return update;
		}

		@Override
		public CustomerContext get(String customerId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean forget(String customerId) {
			throw new UnsupportedOperationException();
		}

	}

}
