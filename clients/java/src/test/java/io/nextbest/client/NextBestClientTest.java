package io.nextbest.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.NoAction;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.api.v1.RequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NextBestClientTest {

	private static final Instant NOON = Instant.parse("2025-03-01T12:00:00Z");

	private final RecordingServer server = new RecordingServer();

	private final NextBestClient client = NextBestClient.builder().channel(this.server.channel()).build();

	@AfterEach
	void stop() {
		this.client.close();
		this.server.close();
	}

	@Test
	void decideSendsRequestAndReturnsAnswer() {
		DecideRequest request = DecideRequest.newBuilder()
			.setCustomerId("c-1")
			.addChannels(Channel.CHANNEL_WEB)
			.setContext(RequestContext.newBuilder().setPage("/home").putAttributes("campaign", "spring"))
			.build();
		this.server.decideWith((received) -> DecideResponse.newBuilder()
			.setDecisionId("d-7")
			.addChannels(
					ChannelDecision.newBuilder().setChannel(Channel.CHANNEL_WEB).setNone(NoAction.getDefaultInstance()))
			.build());

		DecideResponse response = this.client.decide(request);

		assertThat(this.server.decided).containsExactly(request);
		assertThat(response.getDecisionId()).isEqualTo("d-7");
		assertThat(response.getChannels(0).hasNone()).isTrue();
	}

	@Test
	void decideWithChannelsSendsCustomerAndChannelsInOrder() {
		this.client.decide("c-1", Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB);

		assertThat(this.server.decided).singleElement().satisfies((request) -> {
			assertThat(request.getCustomerId()).isEqualTo("c-1");
			assertThat(request.getChannelsList()).containsExactly(Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB);
			assertThat(request.hasContext()).isFalse();
		});
	}

	@Test
	void decideAsyncCompletesWithAnswer() {
		DecideResponse response = this.client.decideAsync(DecideRequest.newBuilder().setCustomerId("c-1").build())
			.join();

		assertThat(response.getDecisionId()).isEqualTo("d-1");
	}

	@Test
	void failedCallThrowsServerStatusAsIs() {
		this.server.failWith(Status.INVALID_ARGUMENT.withDescription("customer_id is required"));

		assertThatThrownBy(() -> this.client.decide("", Channel.CHANNEL_WEB))
			.isInstanceOfSatisfying(StatusRuntimeException.class, (ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription()).isEqualTo("customer_id is required");
			});
	}

	@Test
	void failedAsyncCallCompletesExceptionallyWithServerStatus() {
		this.server.failWith(Status.INVALID_ARGUMENT.withDescription("no event"));

		CompletableFuture<?> decision = this.client.decideAsync(DecideRequest.getDefaultInstance());
		CompletableFuture<?> recording = this.client.recordAsync(Event.getDefaultInstance());

		for (CompletableFuture<?> future : List.of(decision, recording)) {
			assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
				.cause()
				.isInstanceOfSatisfying(StatusRuntimeException.class,
						(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
		}
	}

	@Test
	void everyCallCarriesTheDefaultDeadline() {
		DeadlineWindow calls = DeadlineWindow.around(() -> {
			this.client.decide("c-1", Channel.CHANNEL_WEB);
			this.client.record(Events.caseClosed("c-1", "K-1", NOON));
			this.client.context("c-1");
			this.client.forget("c-1");
		});

		assertThat(this.server.deadlines).hasSize(4)
			.allSatisfy((deadline) -> calls.assertCarried(deadline, NextBestClient.DEFAULT_DEADLINE));
	}

	@Test
	void withDeadlineGivesCallsAnotherDeadlineOnTheSameChannel() {
		NextBestClient patient = this.client.withDeadline(Duration.ofSeconds(60));

		DeadlineWindow first = DeadlineWindow.around(() -> patient.decide("c-1", Channel.CHANNEL_WEB));
		patient.close();
		DeadlineWindow second = DeadlineWindow.around(() -> this.client.decide("c-1", Channel.CHANNEL_WEB));

		assertThat(patient.deadline()).isEqualTo(Duration.ofSeconds(60));
		first.assertCarried(this.server.deadlines.get(0), Duration.ofSeconds(60));
		second.assertCarried(this.server.deadlines.get(1), NextBestClient.DEFAULT_DEADLINE);
	}

	@Test
	void callSlowerThanItsDeadlineFailsWithDeadlineExceeded() {
		this.server.holdAnswers();
		NextBestClient hasty = this.client.withDeadline(Duration.ofMillis(50));

		assertThatThrownBy(() -> hasty.forget("c-1")).isInstanceOfSatisfying(StatusRuntimeException.class,
				(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
	}

	@Test
	void recordSendsEventAndReturnsDisposition() {
		Event event = Events.stageChanged("c-1", "broadband", JourneyStage.JOURNEY_STAGE_ONBOARDING, NOON);

		assertThat(this.client.record(event).getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
		assertThat(this.client.recordAsync(event).join().getEventId()).isEqualTo(event.getEventId());
		assertThat(this.server.recorded).containsExactly(event, event);
	}

	@Test
	void recordAllStreamsEveryEventAndReturnsSummary() {
		RecordEventsResponse summary = this.client.recordAll(events(2_000).iterator());

		assertThat(summary.getApplied()).isEqualTo(2_000);
		assertThat(this.server.streamed).hasSize(2_000);
		assertThat(this.server.streamed.get(1_999).getCustomerId()).isEqualTo("c-1999");
	}

	@Test
	void recordAllInBatchesSendsEveryEventInOrderInMessagesOfThatSize() {
		RecordEventsResponse summary = this.client.recordAll(events(2_050).iterator(), Duration.ofMinutes(1), 100);

		assertThat(summary.getApplied()).isEqualTo(2_050);
		assertThat(this.server.streamedMessages.get()).isEqualTo(21);
		assertThat(this.server.streamed).extracting(Event::getCustomerId)
			.startsWith("c-0", "c-1")
			.endsWith("c-2048", "c-2049")
			.doesNotHaveDuplicates()
			.hasSize(2_050);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.client.recordAll(events(1).iterator(), Duration.ofMinutes(1), 1_001))
			.withMessageContaining("from 1 to 1000");
	}

	@Test
	void recordAllReadsEventsOnlyAsFastAsTheServerTakesThem() {
		AtomicInteger read = new AtomicInteger();
		AtomicInteger mostAhead = new AtomicInteger();
		Iterator<Event> source = events(500).peek((event) -> {
			int ahead = read.incrementAndGet() - this.server.streamed.size();
			mostAhead.accumulateAndGet(ahead, Math::max);
		}).iterator();

		this.client.recordAll(source);

		// The server asks for one event at a time, so a client that respects flow control
		// is never more than that one event ahead of it.
		assertThat(mostAhead.get()).isLessThanOrEqualTo(2);
	}

	@Test
	void recordAllGivesTheStreamItsOwnDeadline() {
		DeadlineWindow first = DeadlineWindow.around(() -> this.client.recordAll(events(1).iterator()));
		DeadlineWindow second = DeadlineWindow
			.around(() -> this.client.recordAll(events(1).iterator(), Duration.ofMinutes(2)));

		first.assertCarried(this.server.deadlines.get(0), NextBestClient.DEFAULT_STREAM_DEADLINE);
		second.assertCarried(this.server.deadlines.get(1), Duration.ofMinutes(2));
	}

	@Test
	void recordAllStopsReadingWhenTheServerFailsTheStream() {
		this.server.failStreamAfter(10);
		AtomicInteger read = new AtomicInteger();

		assertThatThrownBy(
				() -> this.client.recordAll(events(1_000).peek((event) -> read.incrementAndGet()).iterator()))
			.isInstanceOfSatisfying(StatusRuntimeException.class,
					(ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
		assertThat(read.get()).isLessThan(20);
	}

	@Test
	void recordAllCancelsTheStreamWhenTheEventSourceFails() throws InterruptedException {
		Iterator<Event> failing = events(10).map((event) -> {
			if (event.getCustomerId().equals("c-5")) {
				throw new IllegalStateException("source broke");
			}
			return event;
		}).iterator();

		assertThatIllegalStateException().isThrownBy(() -> this.client.recordAll(failing)).withMessage("source broke");
		assertThat(this.server.streamCancelled.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void contextReturnsTheServersCustomerContext() {
		CustomerContext context = CustomerContext.newBuilder().setCustomerId("c-1").setKnown(true).build();
		this.server.contextIs(context);

		assertThat(this.client.context("c-1")).isEqualTo(context);
		assertThat(this.server.contextsRead).containsExactly("c-1");
	}

	@Test
	void forgetReportsWhetherTheCustomerExisted() {
		assertThat(this.client.forget("c-1")).isTrue();
		this.server.customerExisted(false);
		assertThat(this.client.forget("c-2")).isFalse();
		assertThat(this.server.forgotten).containsExactly("c-1", "c-2");
	}

	@Test
	void closeLeavesACallersChannelOpen() {
		this.client.close();

		assertThat(this.server.channel().isShutdown()).isFalse();
	}

	@Test
	void closeShutsDownAChannelTheClientOpened() {
		NextBestClient owner = NextBestClient.connect("localhost:9");

		owner.close();

		assertThat(owner.channel().isShutdown()).isTrue();
	}

	@Test
	void builderNeedsExactlyOneOfTargetAndChannel() {
		assertThatIllegalStateException().isThrownBy(() -> NextBestClient.builder().build());
		assertThatIllegalStateException()
			.isThrownBy(() -> NextBestClient.builder().target("localhost:9090").channel(this.server.channel()).build());
	}

	@Test
	void deadlineMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> NextBestClient.builder().deadline(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.withDeadline(Duration.ofSeconds(-1)));
	}

	private static Stream<Event> events(int count) {
		return IntStream.range(0, count).mapToObj((i) -> Events.caseClosed("c-" + i, "K-" + i, NOON));
	}

}
