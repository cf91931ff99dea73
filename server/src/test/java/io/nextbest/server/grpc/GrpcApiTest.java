package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.ForgetCustomerRequest;
import io.nextbest.api.v1.GetContextRequest;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.ProfileUpdated;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.api.v1.RequestContext;
import io.nextbest.api.v1.ServiceCaseOpened;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The API through the real generated stubs over the in-process transport, against the
 * whole application (embedded Hazelcast, the engine test rule set).
 */
@SpringBootTest(properties = { "spring.grpc.server.port=0", "nextbest.rules.directory=src/test/resources/engine-rules",
		"management.server.port=-1" })
class GrpcApiTest {

	/**
	 * The in-process server's name: generated, so that no other test's server can answer.
	 */
	private static final String SERVER = InProcessServerBuilder.generateName();

	@DynamicPropertySource
	static void inProcessServer(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
	}

	/** The application's clock: events are dated by it, as a sender in sync would. */
	@Autowired
	private Clock clock;

	private ManagedChannel channel;

	private DecisionServiceGrpc.DecisionServiceBlockingStub decisions;

	private ContextServiceGrpc.ContextServiceBlockingStub contexts;

	private int sequence;

	private Instant now;

	@BeforeEach
	void readClock() {
		this.now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	@BeforeEach
	void connect() {
		this.channel = InProcessChannelBuilder.forName(SERVER).directExecutor().build();
		decisions = DecisionServiceGrpc.newBlockingStub(channel);
		contexts = ContextServiceGrpc.newBlockingStub(channel);
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void decideNamesAMissingCustomerId() {
		assertInvalid(() -> decisions.decide(DecideRequest.newBuilder().addChannels(Channel.CHANNEL_WEB).build()),
				"customer_id", "is required");
	}

	@Test
	void decideNeedsAtLeastOneChannel() {
		assertInvalid(() -> decisions.decide(DecideRequest.newBuilder().setCustomerId("c").build()), "channels",
				"at least one channel");
	}

	@Test
	void decideRejectsUnspecifiedUnknownAndRepeatedChannels() {
		assertInvalid(() -> decisions.decide(request("c", Channel.CHANNEL_WEB, Channel.CHANNEL_UNSPECIFIED)),
				"channels[1]", "must be one of CHANNEL_WEB");
		assertInvalid(
				() -> decisions.decide(DecideRequest.newBuilder().setCustomerId("c").addChannelsValue(42).build()),
				"channels[0]", "got an unknown value");
		assertInvalid(() -> decisions.decide(request("c", Channel.CHANNEL_EMAIL, Channel.CHANNEL_EMAIL)), "channels[1]",
				"requested twice");
	}

	@Test
	void decideRejectsBadPlacementsAndActionCounts() {
		assertInvalid(() -> decisions.decide(request("c", Channel.CHANNEL_WEB).toBuilder().setMaxActions(11).build()),
				"max_actions", "from 0 (one action) to 10");
		assertInvalid(() -> decisions.decide(request("c").toBuilder()
			.addPlacements(io.nextbest.api.v1.Placement.newBuilder().setName("hero").setChannel(Channel.CHANNEL_WEB))
			.addPlacements(io.nextbest.api.v1.Placement.newBuilder().setName("hero").setChannel(Channel.CHANNEL_APP))
			.build()), "placements[1].name", "requested twice");
		assertInvalid(() -> decisions.decide(request("c").toBuilder()
			.addPlacements(io.nextbest.api.v1.Placement.newBuilder().setName("hero"))
			.build()), "placements[0].channel", "must be one of CHANNEL_WEB");
		assertInvalid(() -> decisions.decide(request("c").toBuilder()
			.addPlacements(io.nextbest.api.v1.Placement.newBuilder().setChannel(Channel.CHANNEL_WEB).setMaxActions(-1))
			.build()), "placements[0].name", "is required");
	}

	@Test
	void decideReturnsSeveralActionsAndTheFunnelWhenAsked() {
		String customer = "several";
		record(event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("segment", "gold")));
		record(event(customer).setJourneyStageChanged(
				JourneyStageChanged.newBuilder().setJourney("mobile").setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)));
		record(event(customer).setConsentChanged(consent(Channel.CHANNEL_WEB, ConsentStatus.CONSENT_STATUS_GRANTED)));

		var web = decisions
			.decide(request(customer, Channel.CHANNEL_WEB).toBuilder().setMaxActions(3).setExplain(true).build())
			.getChannels(0);

		assertThat(web.getActionsList()).extracting((a) -> a.getActionId())
			.containsExactly("other-promo", "promo", "tip");
		assertThat(web.getAction()).isEqualTo(web.getActions(0));
		assertThat(web.getFunnelList()).extracting((f) -> f.getStatus())
			.containsOnly(io.nextbest.api.v1.FunnelStatus.FUNNEL_STATUS_SELECTED);
		assertThat(decisions.decide(request(customer, Channel.CHANNEL_WEB)).getChannels(0).getFunnelCount()).isZero();
	}

	@Test
	void decideRejectsAbsurdSizes() {
		assertInvalid(() -> decisions.decide(request("x".repeat(129), Channel.CHANNEL_WEB)), "customer_id",
				"at most 128");
		RequestContext.Builder context = RequestContext.newBuilder();
		for (int i = 0; i < 33; i++) {
			context.putAttributes("a" + i, "v");
		}
		assertInvalid(() -> decisions.decide(request("c", Channel.CHANNEL_WEB).toBuilder().setContext(context).build()),
				"context.attributes", "at most 32");
	}

	@Test
	void unknownCustomerIsDecidedAsACustomerWithNoHistory() {
		DecideResponse response = decisions.decide(request("never-seen", Channel.CHANNEL_WEB, Channel.CHANNEL_SMS));

		assertThat(response.getDecisionId()).isNotEmpty();
		assertThat(response.getRuleSet().getVersion()).hasSize(12);
		assertThat(response.getChannelsList()).extracting((c) -> c.getSuppression().getCode())
			.containsExactly(ReasonCode.REASON_CODE_NO_CONSENT, ReasonCode.REASON_CODE_NO_CONSENT);
	}

	@Test
	void recordedEventsChangeTheNextDecision() {
		String customer = "recorded";
		record(event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("segment", "silver")));
		record(event(customer).setConsentChanged(consent(Channel.CHANNEL_EMAIL, ConsentStatus.CONSENT_STATUS_GRANTED)));
		assertThat(decisions.decide(request(customer, Channel.CHANNEL_EMAIL)).getChannels(0).getAction().getActionId())
			.isEqualTo("promo");

		record(event(customer)
			.setSurveyAnswered(SurveyAnswered.newBuilder().setSurvey(SurveyType.SURVEY_TYPE_NPS).setScore(2)));

		var email = decisions.decide(request(customer, Channel.CHANNEL_EMAIL)).getChannels(0);
		assertThat(email.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_DETRACTOR);
		assertThat(email.getReasonsList()).extracting((r) -> r.getRule()).containsExactly("No email for detractors");
	}

	@Test
	void resentEventIsADuplicateAndLateOneIsStale() {
		Event stage = event("resender").setJourneyStageChanged(
				JourneyStageChanged.newBuilder().setJourney("broadband").setStage(JourneyStage.JOURNEY_STAGE_ADOPTION))
			.build();
		assertThat(contexts.recordEvent(wrap(stage)).getDisposition())
			.isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);

		assertThat(contexts.recordEvent(wrap(stage)).getDisposition())
			.isEqualTo(EventDisposition.EVENT_DISPOSITION_DUPLICATE);
		Event older = stage.toBuilder()
			.setEventId("older")
			.setOccurredAt(timestamp(this.now.minusSeconds(3600)))
			.setJourneyStageChanged(JourneyStageChanged.newBuilder()
				.setJourney("broadband")
				.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING))
			.build();
		assertThat(contexts.recordEvent(wrap(older)).getDisposition())
			.isEqualTo(EventDisposition.EVENT_DISPOSITION_STALE);
		assertThat(context("resender").getJourneys(0).getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_ADOPTION);
		// The single customer view's stage history: the one move, neither the duplicate
		// nor the late event.
		assertThat(context("resender").getStageHistoryList()).singleElement().satisfies((change) -> {
			assertThat(change.getJourney()).isEqualTo("broadband");
			assertThat(change.getFrom()).isEqualTo(JourneyStage.JOURNEY_STAGE_UNSPECIFIED);
			assertThat(change.getTo()).isEqualTo(JourneyStage.JOURNEY_STAGE_ADOPTION);
		});
	}

	@Test
	void idWithAnInvisibleCharacterIsRefusedInEveryRequest() {
		String lookalike = "ann\u200B";
		String problem = "contains an invisible format character (U+200B) at character 4";
		assertInvalid(() -> decisions.decide(request(lookalike, Channel.CHANNEL_WEB)), "customer_id", problem);
		assertInvalid(() -> contexts.getContext(GetContextRequest.newBuilder().setCustomerId(lookalike).build()),
				"customer_id", problem);
		assertInvalid(
				() -> contexts.forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId(lookalike).build()),
				"customer_id", problem);
		assertInvalid(() -> contexts.recordEvent(wrap(event(lookalike).setEventId("lookalike-1")
			.setConsentChanged(consent(Channel.CHANNEL_WEB, ConsentStatus.CONSENT_STATUS_GRANTED))
			.build())), "event.customer_id", problem);
		assertInvalid(() -> contexts.recordEvent(wrap(event("ann").setEventId("e\u202E1")
			.setConsentChanged(consent(Channel.CHANNEL_WEB, ConsentStatus.CONSENT_STATUS_GRANTED))
			.build())), "event.event_id", "invisible format character (U+202E)");
		assertInvalid(() -> contexts.recordEvent(wrap(event("ann")
			.setServiceCaseOpened(
					ServiceCaseOpened.newBuilder().setCaseId("K\u2060").setSeverity(CaseSeverity.CASE_SEVERITY_LOW))
			.build())), "event.service_case_opened.case_id", "invisible format character (U+2060)");
		assertInvalid(
				() -> contexts.recordEvent(wrap(event("ann").setJourneyStageChanged(JourneyStageChanged.newBuilder()
					.setJourney("\uFEFFbroadband")
					.setStage(JourneyStage.JOURNEY_STAGE_ADOPTION)).build())),
				"event.journey_stage_changed.journey", "invisible format character (U+FEFF)");
		assertInvalid(
				() -> contexts
					.recordEvent(wrap(event("ann").setOutcomeRecorded(io.nextbest.api.v1.OutcomeRecorded.newBuilder()
						.setActionId("offer\u200D")
						.setChannel(Channel.CHANNEL_WEB)
						.setOutcome(io.nextbest.api.v1.Outcome.OUTCOME_CLICK)).build())),
				"event.outcome_recorded.action_id", "invisible format character (U+200D)");

		assertThat(context("ann").getKnown()).isFalse();
	}

	@Test
	void idsOfEmojiCountOneCharacterEach() {
		String hundredEmoji = "\uD83C\uDF89".repeat(100);
		record(event(hundredEmoji).setEventId("party")
			.setConsentChanged(consent(Channel.CHANNEL_WEB, ConsentStatus.CONSENT_STATUS_GRANTED)));
		assertThat(context(hundredEmoji).getKnown()).isTrue();

		assertInvalid(() -> decisions.decide(request("\uD83C\uDF89".repeat(129), Channel.CHANNEL_WEB)), "customer_id",
				"is 129 characters long, at most 128 are allowed");
	}

	@Test
	void invalidEventIsRejectedWithItsFieldAndNothingIsStored() {
		String customer = "invalid-events";
		assertInvalid(() -> contexts.recordEvent(wrap(event(customer).setEventId("")
			.setServiceCaseOpened(
					ServiceCaseOpened.newBuilder().setCaseId("K").setSeverity(CaseSeverity.CASE_SEVERITY_LOW))
			.build())), "event.event_id", "is required");
		assertInvalid(() -> contexts.recordEvent(wrap(event(customer).clearOccurredAt()
			.setServiceCaseOpened(
					ServiceCaseOpened.newBuilder().setCaseId("K").setSeverity(CaseSeverity.CASE_SEVERITY_LOW))
			.build())), "event.occurred_at", "is required");
		assertInvalid(() -> contexts.recordEvent(wrap(event(customer).build())), "event.payload", "exactly one");
		assertInvalid(
				() -> contexts.recordEvent(wrap(
						event(customer).setServiceCaseOpened(ServiceCaseOpened.newBuilder().setCaseId("K")).build())),
				"event.service_case_opened.severity", "must be one of");
		assertInvalid(() -> contexts.recordEvent(wrap(event(customer)
			.setSurveyAnswered(SurveyAnswered.newBuilder().setSurvey(SurveyType.SURVEY_TYPE_NPS).setScore(11))
			.build())), "event.survey_answered.score", "from 0 to 10");
		assertInvalid(() -> contexts
			.recordEvent(wrap(event(customer).setOccurredAt(timestamp(this.now.plusSeconds(3 * 86_400)))
				.setJourneyStageChanged(
						JourneyStageChanged.newBuilder().setJourney("j").setStage(JourneyStage.JOURNEY_STAGE_ADOPTION))
				.build())), "event.occurred_at", "in the future");

		assertThat(context(customer).getKnown()).isFalse();
	}

	@Test
	void eventDatedMoreThanTheClockSkewAheadIsRefused() {
		String customer = "clock-ahead";
		assertInvalid(
				() -> contexts.recordEvent(wrap(event(customer).setOccurredAt(timestamp(this.now.plusSeconds(3600)))
					.setConsentChanged(consent(Channel.CHANNEL_EMAIL, ConsentStatus.CONSENT_STATUS_GRANTED))
					.build())),
				"event.occurred_at", "more than 5 minutes in the future");
		assertThat(context(customer).getKnown()).isFalse();

		// Within the window: a sender's clock a few minutes fast.
		record(event(customer).setOccurredAt(timestamp(this.now.plusSeconds(240)))
			.setConsentChanged(consent(Channel.CHANNEL_EMAIL, ConsentStatus.CONSENT_STATUS_GRANTED)));
		assertThat(context(customer).getKnown()).isTrue();
	}

	@Test
	void streamOfEventsReportsEachRejectionAndKeepsTheRest() {
		String customer = "streamed";
		var summary = new java.util.concurrent.CompletableFuture<RecordEventsResponse>();
		var requests = ContextServiceGrpc.newStub(channel).recordEvents(Answers.into(summary));
		requests.onNext(wrap(event(customer)
			.setJourneyStageChanged(
					JourneyStageChanged.newBuilder().setJourney("tv").setStage(JourneyStage.JOURNEY_STAGE_LOYALTY))
			.build()));
		requests.onNext(wrap(event(customer).setEventId("bad-1").build()));
		requests.onNext(wrap(
				event(customer).setConsentChanged(consent(Channel.CHANNEL_WEB, ConsentStatus.CONSENT_STATUS_GRANTED))
					.build()));
		requests.onNext(wrap(event(customer).setEventId("bad-2")
			.setConsentChanged(consent(Channel.CHANNEL_UNSPECIFIED, ConsentStatus.CONSENT_STATUS_GRANTED))
			.build()));
		requests.onCompleted();

		RecordEventsResponse response = summary.join();

		assertThat(response.getApplied()).isEqualTo(2);
		assertThat(response.getRejected()).isEqualTo(2);
		assertThat(response.getRejectionsList())
			.extracting((r) -> r.getEventId() + "@" + r.getIndex() + ":" + r.getField())
			.containsExactly("bad-1@1:event.payload", "bad-2@3:event.consent_changed.channel");
		assertThat(context(customer).getJourneysCount()).isEqualTo(1);
		assertThat(context(customer).getConsentsCount()).isEqualTo(1);
	}

	@Test
	void batchesInAStreamAreRecordedInOrderAndRejectionsCountEveryEvent() {
		String customer = "batched";
		var summary = new java.util.concurrent.CompletableFuture<RecordEventsResponse>();
		var requests = ContextServiceGrpc.newStub(channel).recordEvents(Answers.into(summary));
		// Index 0: a message of one event.
		requests.onNext(wrap(event(customer)
			.setJourneyStageChanged(
					JourneyStageChanged.newBuilder().setJourney("tv").setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING))
			.build()));
		// Indexes 1 to 3: a batch whose second event is bad; the third is a later stage.
		requests.onNext(RecordEventRequest.newBuilder()
			.addEvents(event(customer)
				.setConsentChanged(consent(Channel.CHANNEL_WEB, ConsentStatus.CONSENT_STATUS_GRANTED)))
			.addEvents(event(customer).setEventId("bad-batched"))
			.addEvents(event(customer).setOccurredAt(timestamp(this.now.minusSeconds(30)))
				.setJourneyStageChanged(
						JourneyStageChanged.newBuilder().setJourney("tv").setStage(JourneyStage.JOURNEY_STAGE_LOYALTY)))
			.build());
		// Indexes 4 to 1,004: a batch over the limit, refused whole.
		RecordEventRequest.Builder tooMany = RecordEventRequest.newBuilder();
		for (int i = 0; i <= 1_000; i++) {
			tooMany
				.addEvents(event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("n", "" + i)));
		}
		requests.onNext(tooMany.build());
		// Index 1,005: a message with both forms, `event` first.
		requests.onNext(wrap(
				event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("tier", "gold")).build())
			.toBuilder()
			.addEvents(event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("tier", "silver")))
			.build());
		requests.onCompleted();

		RecordEventsResponse response = summary.join();

		assertThat(response.getApplied()).isEqualTo(5);
		assertThat(response.getRejected()).isEqualTo(1 + 1_001);
		assertThat(response.getRejections(0))
			.extracting((r) -> r.getEventId() + "@" + r.getIndex() + ":" + r.getField())
			.isEqualTo("bad-batched@2:events[1].payload");
		assertThat(response.getRejections(1).getIndex()).isEqualTo(4);
		assertThat(response.getRejections(1).getField()).isEqualTo("events");
		assertThat(response.getRejections(1).getMessage()).contains("at most 1000 events");
		assertThat(response.getRejectionsList()).hasSize(1_000);
		io.nextbest.api.v1.CustomerContext stored = context(customer);
		assertThat(stored.getJourneys(0).getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_LOYALTY);
		assertThat(stored.getConsentsCount()).isEqualTo(1);
		assertThat(stored.getProfileMap()).containsOnlyKeys("tier").containsEntry("tier", "silver");
	}

	@Test
	void recordEventTakesOneEventOnly() {
		String customer = "unary-batch";
		assertInvalid(() -> contexts.recordEvent(wrap(
				event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("tier", "gold")).build())
			.toBuilder()
			.addEvents(event(customer).setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("tier", "silver")))
			.build()), "events", "send batches on RecordEvents");

		assertThat(context(customer).getKnown()).isFalse();
	}

	@Test
	void forgottenCustomerHasNoContextLeft() {
		record(event("to-forget").setProfileUpdated(ProfileUpdated.newBuilder().putAttributes("segment", "gold")));
		assertThat(context("to-forget").getProfileMap()).containsEntry("segment", "gold");

		assertThat(contexts.forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId("to-forget").build())
			.getExisted()).isTrue();

		assertThat(context("to-forget").getKnown()).isFalse();
		assertThat(context("to-forget").getProfileMap()).isEmpty();
	}

	@Test
	void healthServiceAnswers() {
		// The status follows /health, set every period from the server's start: a server
		// just started may not be ready yet, so wait for it rather than for the clock.
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(HealthGrpc.newBlockingStub(channel)
				.check(HealthCheckRequest.newBuilder().setService("").build())
				.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING));
	}

	private static DecideRequest request(String customer, Channel... channels) {
		return DecideRequest.newBuilder().setCustomerId(customer).addAllChannels(List.of(channels)).build();
	}

	private Event.Builder event(String customer) {
		return Event.newBuilder()
			.setEventId(customer + "-" + (++this.sequence))
			.setCustomerId(customer)
			.setOccurredAt(timestamp(this.now.minusSeconds(60)));
	}

	private ConsentChanged.Builder consent(Channel channel, ConsentStatus status) {
		return ConsentChanged.newBuilder().setChannel(channel).setPurpose(Purpose.PURPOSE_MARKETING).setStatus(status);
	}

	private void record(Event.Builder event) {
		assertThat(contexts.recordEvent(wrap(event.build())).getDisposition())
			.isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
	}

	private static RecordEventRequest wrap(Event event) {
		return RecordEventRequest.newBuilder().setEvent(event).build();
	}

	private io.nextbest.api.v1.CustomerContext context(String customer) {
		return contexts.getContext(GetContextRequest.newBuilder().setCustomerId(customer).build()).getContext();
	}

	private static Timestamp timestamp(Instant at) {
		return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
	}

	private static void assertInvalid(Runnable call, String field, String problem) {
		StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call::run);
		assertThat(error).as("expected INVALID_ARGUMENT on " + field).isNotNull();
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(error.getStatus().getDescription()).startsWith(field + ": ").contains(problem);
		com.google.rpc.Status details = StatusProto.fromThrowable(error);
		assertThat(details).isNotNull();
		try {
			BadRequest badRequest = details.getDetails(0).unpack(BadRequest.class);
			assertThat(badRequest.getFieldViolations(0).getField()).isEqualTo(field);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

}
