package io.nextbest.client;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.Event.PayloadCase;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.SurveyType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {

	private static final Instant AT = Instant.parse("2025-03-01T12:00:00.250Z");

	@Test
	void eachEventHasARandomIdTheCustomerAndTheTime() {
		Event first = Events.caseClosed("c-1", "K-1", AT);
		Event second = Events.caseClosed("c-1", "K-1", AT);

		assertThat(UUID.fromString(first.getEventId())).isNotNull();
		assertThat(first.getEventId()).isNotEqualTo(second.getEventId());
		assertThat(first.getCustomerId()).isEqualTo("c-1");
		assertThat(first.getOccurredAt())
			.isEqualTo(Timestamp.newBuilder().setSeconds(AT.getEpochSecond()).setNanos(250_000_000).build());
		assertThat(first.getSource()).isEmpty();
	}

	@Test
	void stageChangedCarriesJourneyAndStage() {
		Event event = Events.stageChanged("c-1", "broadband", JourneyStage.JOURNEY_STAGE_ONBOARDING, AT);

		assertThat(event.getPayloadCase()).isEqualTo(PayloadCase.JOURNEY_STAGE_CHANGED);
		assertThat(event.getJourneyStageChanged().getJourney()).isEqualTo("broadband");
		assertThat(event.getJourneyStageChanged().getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_ONBOARDING);
	}

	@Test
	void caseEventsCarryTheCase() {
		Event opened = Events.caseOpened("c-1", "K-1", "mobile", CaseSeverity.CASE_SEVERITY_HIGH, AT);
		Event closed = Events.caseClosed("c-1", "K-1", AT);

		assertThat(opened.getServiceCaseOpened().getCaseId()).isEqualTo("K-1");
		assertThat(opened.getServiceCaseOpened().getProduct()).isEqualTo("mobile");
		assertThat(opened.getServiceCaseOpened().getSeverity()).isEqualTo(CaseSeverity.CASE_SEVERITY_HIGH);
		assertThat(closed.getServiceCaseClosed().getCaseId()).isEqualTo("K-1");
	}

	@Test
	void consentSurveyProfileAndOutcomeCarryTheirFields() {
		Event consent = Events.consent("c-1", Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
				ConsentStatus.CONSENT_STATUS_GRANTED, AT);
		Event survey = Events.survey("c-1", SurveyType.SURVEY_TYPE_NPS, 3, AT);
		Event profile = Events.profile("c-1", Map.of("segment", "gold"), AT);
		Event outcome = Events.outcome("c-1", "d-1", "offer-1", Channel.CHANNEL_WEB, Outcome.OUTCOME_CLICK, AT);

		assertThat(consent.getConsentChanged().getChannel()).isEqualTo(Channel.CHANNEL_EMAIL);
		assertThat(consent.getConsentChanged().getPurpose()).isEqualTo(Purpose.PURPOSE_MARKETING);
		assertThat(consent.getConsentChanged().getStatus()).isEqualTo(ConsentStatus.CONSENT_STATUS_GRANTED);
		assertThat(survey.getSurveyAnswered().getSurvey()).isEqualTo(SurveyType.SURVEY_TYPE_NPS);
		assertThat(survey.getSurveyAnswered().getScore()).isEqualTo(3);
		assertThat(profile.getProfileUpdated().getAttributesMap()).containsExactly(Map.entry("segment", "gold"));
		assertThat(outcome.getOutcomeRecorded().getDecisionId()).isEqualTo("d-1");
		assertThat(outcome.getOutcomeRecorded().getActionId()).isEqualTo("offer-1");
		assertThat(outcome.getOutcomeRecorded().getChannel()).isEqualTo(Channel.CHANNEL_WEB);
		assertThat(outcome.getOutcomeRecorded().getOutcome()).isEqualTo(Outcome.OUTCOME_CLICK);
	}

	@Test
	void builderSetsIdSourceAndTime() {
		Event event = Events.forCustomer("c-1").id("evt-1").source("crm").at(AT).caseClosed("K-1");

		assertThat(event.getEventId()).isEqualTo("evt-1");
		assertThat(event.getSource()).isEqualTo("crm");
		assertThat(event.getOccurredAt().getSeconds()).isEqualTo(AT.getEpochSecond());
	}

	@Test
	void builderWithoutTimeUsesTheTimeOfBuilding() {
		Instant before = Instant.now();
		Event event = Events.forCustomer("c-1").caseClosed("K-1");

		assertThat(event.getOccurredAt().getSeconds()).isBetween(before.getEpochSecond(),
				Instant.now().getEpochSecond());
	}

}
