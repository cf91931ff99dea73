package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.nextbest.api.v1.AnalyticsGrouping;
import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.GetContextRequest;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.OutcomeRecorded;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyScore;
import io.nextbest.api.v1.SurveyType;
import io.nextbest.api.v1.VoiceRequest;
import io.nextbest.api.v1.VoiceResponse;
import io.nextbest.api.v1.VoiceScores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code AnalyticsService.Voice} through the real stubs over the in-process transport,
 * against the whole application and the sample rules (broadband listed in journeys.yaml,
 * service-recovery a recovery action).
 */
@SpringBootTest(
		properties = { "spring.grpc.server.port=0", "nextbest.rules.directory=../rules", "management.server.port=-1" })
class VoiceApiTest {

	private static final String SERVER = InProcessServerBuilder.generateName();

	@DynamicPropertySource
	static void inProcessServer(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
	}

	@Autowired
	private Clock clock;

	private ManagedChannel channel;

	private ContextServiceGrpc.ContextServiceBlockingStub contexts;

	private AnalyticsServiceGrpc.AnalyticsServiceBlockingStub analytics;

	private Instant now;

	private int sequence;

	@BeforeEach
	void connect() {
		this.now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		this.channel = InProcessChannelBuilder.forName(SERVER).directExecutor().build();
		this.contexts = ContextServiceGrpc.newBlockingStub(this.channel);
		this.analytics = AnalyticsServiceGrpc.newBlockingStub(this.channel);
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void scoresByStageAndChannelWithTheDetractorsRecovered() {
		stage("v-ann", JourneyStage.JOURNEY_STAGE_ONBOARDING);
		stage("v-bob", JourneyStage.JOURNEY_STAGE_ONBOARDING);
		Event promoter = survey("v-ann", 10, Channel.CHANNEL_EMAIL).build();
		record(promoter);
		record(survey("v-bob", 2, Channel.CHANNEL_CONTACT_CENTRE));
		record(event("v-bob", 30).setOutcomeRecorded(OutcomeRecorded.newBuilder()
			.setActionId("service-recovery")
			.setChannel(Channel.CHANNEL_CONTACT_CENTRE)
			.setOutcome(Outcome.OUTCOME_SENT)));
		// Sent again: the answer was sent to the server twice, and counts once.
		assertThat(
				this.contexts.recordEvent(RecordEventRequest.newBuilder().setEvent(promoter).build()).getDisposition())
			.isEqualTo(EventDisposition.EVENT_DISPOSITION_DUPLICATE);

		assertThat(this.contexts.getContext(GetContextRequest.newBuilder().setCustomerId("v-bob").build())
			.getContext()
			.getSurveysList()).extracting(SurveyScore::getChannel).containsExactly(Channel.CHANNEL_CONTACT_CENTRE);

		VoiceResponse voice = this.analytics.voice(VoiceRequest.newBuilder()
			.setJourney("broadband")
			.setFrom(timestamp(this.now.minus(1, ChronoUnit.DAYS)))
			.build());

		assertThat(voice.getScoresList())
			.extracting(VoiceScores::getStage, VoiceScores::getChannel, VoiceScores::getNpsAnswers, VoiceScores::getNps,
					VoiceScores::getRecovered)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(JourneyStage.JOURNEY_STAGE_ONBOARDING, Channel.CHANNEL_EMAIL,
							1L, 100.0, 0L),
					org.assertj.core.groups.Tuple.tuple(JourneyStage.JOURNEY_STAGE_ONBOARDING,
							Channel.CHANNEL_CONTACT_CENTRE, 1L, -100.0, 1L));
		assertThat(voice.getTotalsList()).singleElement().satisfies((total) -> {
			assertThat(total.getJourney()).isEqualTo("broadband");
			assertThat(total.getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_UNSPECIFIED);
			assertThat(total.getNpsAnswers()).isEqualTo(2);
			assertThat(total.getNps()).isZero();
			assertThat(total.getRecoveryRate()).isEqualTo(1.0);
		});
	}

	@Test
	void aJourneyNotListedIsNotFoundAndABadWindowIsInvalid() {
		StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.analytics.voice(VoiceRequest.newBuilder()
					.setJourney("tv")
					.setFrom(timestamp(this.now.minus(1, ChronoUnit.DAYS)))
					.build()));
		assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

		assertInvalid(() -> this.analytics.voice(VoiceRequest.getDefaultInstance()), "from", "is required");
		assertInvalid(() -> this.analytics.voice(VoiceRequest.newBuilder()
			.setFrom(timestamp(this.now.minus(1, ChronoUnit.DAYS)))
			.setGroupByValue(7)
			.build()), "group_by", "must be one of");
		assertInvalid(() -> this.analytics.voice(VoiceRequest.newBuilder()
			.setFrom(timestamp(this.now.minus(1, ChronoUnit.DAYS)))
			.setGroupBy(AnalyticsGrouping.ANALYTICS_GROUPING_ENTRY_MONTH)
			.build()), "group_by", "not by entry month");
		assertThat(this.analytics
			.voice(VoiceRequest.newBuilder()
				.setFrom(timestamp(this.now.minus(1, ChronoUnit.DAYS)))
				.setGroupBy(AnalyticsGrouping.ANALYTICS_GROUPING_SEGMENT)
				.build())
			.getScoresList()).allSatisfy((s) -> assertThat(s.getRecovered()).isZero());
	}

	@Test
	void whatAnAnswerIsAboutIsCheckedFieldByField() {
		assertInvalid(() -> this.contexts
			.recordEvent(wrap(survey("v-bad", 5, Channel.CHANNEL_WEB).setSurveyAnswered(SurveyAnswered.newBuilder()
				.setSurvey(SurveyType.SURVEY_TYPE_NPS)
				.setScore(5)
				.setDecisionId("d".repeat(129))))), "event.survey_answered.decision_id", "at most 128");
		assertInvalid(() -> this.contexts
			.recordEvent(wrap(survey("v-bad", 5, Channel.CHANNEL_WEB).setSurveyAnswered(SurveyAnswered.newBuilder()
				.setSurvey(SurveyType.SURVEY_TYPE_NPS)
				.setScore(5)
				.setCaseId("K".repeat(129))))), "event.survey_answered.case_id", "at most 128");
		assertInvalid(() -> this.contexts.recordEvent(wrap(survey("v-bad", 5, Channel.CHANNEL_WEB).setSurveyAnswered(
				SurveyAnswered.newBuilder().setSurvey(SurveyType.SURVEY_TYPE_NPS).setScore(5).setChannelValue(99)))),
				"event.survey_answered.channel", "must be one of");
	}

	private void stage(String customer, JourneyStage stage) {
		record(event(customer, -600)
			.setJourneyStageChanged(JourneyStageChanged.newBuilder().setJourney("broadband").setStage(stage)));
	}

	private Event.Builder survey(String customer, int score, Channel about) {
		return event(customer, 0).setSurveyAnswered(
				SurveyAnswered.newBuilder().setSurvey(SurveyType.SURVEY_TYPE_NPS).setScore(score).setChannel(about));
	}

	/** An event dated some seconds from a minute ago. */
	private Event.Builder event(String customer, int seconds) {
		return Event.newBuilder()
			.setEventId(customer + "-" + (++this.sequence))
			.setCustomerId(customer)
			.setOccurredAt(timestamp(this.now.minusSeconds(60).plusSeconds(seconds)));
	}

	private void record(Event.Builder event) {
		record(event.build());
	}

	private void record(Event event) {
		assertThat(this.contexts.recordEvent(wrap(event)).getDisposition())
			.isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
	}

	private static RecordEventRequest wrap(Event.Builder event) {
		return wrap(event.build());
	}

	private static RecordEventRequest wrap(Event event) {
		return RecordEventRequest.newBuilder().setEvent(event).build();
	}

	private static Timestamp timestamp(Instant at) {
		return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
	}

	private static void assertInvalid(Runnable call, String field, String problem) {
		StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, call::run);
		assertThat(error).as("expected INVALID_ARGUMENT on " + field).isNotNull();
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(error.getStatus().getDescription()).startsWith(field + ": ").contains(problem);
	}

}
