package io.nextbest.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.Reason;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.SurveyType;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The whole server as a user runs it: the real application on a free TCP port, the sample
 * rule set in {@code rules/}, and the project's Java client over the network.
 */
class ServerIT {

	private static InJvmServer server;

	private static NextBestClient client;

	private static TestClock clock;

	@BeforeAll
	static void start() {
		server = InJvmServer.start();
		client = server.client;
		clock = server.clock;
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void openServiceCaseTurnsMarketingIntoAServiceMessage() {
		String customer = "it-open-case";
		Instant now = clock.instant();
		for (Channel channel : List.of(Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL)) {
			client.record(Events.consent(customer, channel, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, now.minusSeconds(600)));
		}
		client.record(
				Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY, now.minusSeconds(600)));
		DecideResponse before = client.decide(customer, Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL);
		assertThat(before.getChannelsList()).allSatisfy((c) -> assertThat(c.hasAction()).isTrue());

		client.record(Events.caseOpened(customer, "CASE-1", "broadband", CaseSeverity.CASE_SEVERITY_HIGH,
				now.minusSeconds(60)));
		DecideResponse after = client.decide(customer, Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL);

		ChannelDecision web = after.getChannels(0);
		assertThat(web.getAction().getActionId()).isEqualTo("case-update");
		assertThat(web.getAction().getPurpose()).isEqualTo(Purpose.PURPOSE_SERVICE);
		assertThat(web.getReasonsList()).extracting(Reason::getRule, Reason::getMessage)
			.contains(tuple("Open case gets a case update", "Case CASE-1 is open (0 days): show where it stands."));
		ChannelDecision email = after.getChannels(1);
		assertThat(email.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_OPEN_SERVICE_CASE);
		assertThat(email.getSuppression().getMessage())
			.isEqualTo("The customer has an open service case: no promotion until it is resolved.");
		assertThat(after.getRuleSet().getVersion()).isEqualTo(before.getRuleSet().getVersion());
	}

	@Test
	void recentDetractorGetsNoPromotionalEmail() {
		String customer = "it-detractor";
		Instant now = clock.instant();
		client.record(Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
				ConsentStatus.CONSENT_STATUS_GRANTED, now.minusSeconds(600)));
		client.record(
				Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY, now.minusSeconds(600)));
		client.record(Events.survey(customer, SurveyType.SURVEY_TYPE_NPS, 2, now.minusSeconds(60)));

		ChannelDecision email = client.decide(customer, Channel.CHANNEL_EMAIL).getChannels(0);

		assertThat(email.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_DETRACTOR);
	}

	@Test
	void streamedEventsBuildTheSingleCustomerView() {
		String customer = "it-stream";
		Instant now = clock.instant();
		var summary = client.recordAll(List.of(
				Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_ONBOARDING,
						now.minusSeconds(900)),
				Events.stageChanged(customer, "mobile", JourneyStage.JOURNEY_STAGE_EVALUATION, now.minusSeconds(800)),
				Events.profile(customer, Map.of("segment", "gold"), now.minusSeconds(700)),
				Events.caseOpened(customer, "K9", "mobile", CaseSeverity.CASE_SEVERITY_LOW, now.minusSeconds(600)),
				Events.caseClosed(customer, "K9", now.minusSeconds(500)))
			.iterator());

		assertThat(summary.getApplied()).isEqualTo(5);
		var context = client.context(customer);
		assertThat(context.getJourneysList()).extracting((j) -> j.getJourney()).containsExactly("broadband", "mobile");
		assertThat(context.getProfileMap()).containsEntry("segment", "gold");
		assertThat(context.getCases(0).hasClosedAt()).isTrue();
	}

	@Test
	void badInputIsRefusedOverTheNetworkWithTheField() {
		StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
				() -> client.decide("", Channel.CHANNEL_WEB));

		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(error.getStatus().getDescription()).isEqualTo("customer_id: is required");
	}

}
