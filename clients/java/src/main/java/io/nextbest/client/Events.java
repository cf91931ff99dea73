package io.nextbest.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.OutcomeRecorded;
import io.nextbest.api.v1.ProfileUpdated;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ServiceCaseClosed;
import io.nextbest.api.v1.ServiceCaseOpened;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyType;

/**
 * Makes {@link Event events}, each with a fresh random id unless one is given.
 * <p>
 * The static methods cover the common case; {@link #forCustomer(String)} also sets the
 * event id (to re-send an event: recording is idempotent by id) and the source:
 *
 * <pre>{@code
 * Event opened = Events.caseOpened("c-42", "K-7", "broadband", CaseSeverity.CASE_SEVERITY_HIGH, Instant.now());
 * Event resent = Events.forCustomer("c-42").id("evt-1").source("crm").at(when).caseClosed("K-7");
 * }</pre>
 */
public final class Events {

	private Events() {
	}

	/**
	 * Starts an event about a customer.
	 * @param customerId the customer
	 * @return a builder with a random id, no source and the current time
	 */
	public static Builder forCustomer(String customerId) {
		return new Builder(Objects.requireNonNull(customerId, "customerId"), null, "", null);
	}

	/**
	 * The customer moved to a stage of a journey.
	 * @param customerId the customer
	 * @param journey the journey, usually a product or service
	 * @param stage the stage reached
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event stageChanged(String customerId, String journey, JourneyStage stage, Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).stageChanged(journey, stage);
	}

	/**
	 * A service case was opened.
	 * @param customerId the customer
	 * @param caseId the case id in the service desk
	 * @param product the product or journey it is about; may be empty
	 * @param severity how bad it is
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event caseOpened(String customerId, String caseId, String product, CaseSeverity severity,
			Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).caseOpened(caseId, product, severity);
	}

	/**
	 * A service case was closed.
	 * @param customerId the customer
	 * @param caseId the case id in the service desk
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event caseClosed(String customerId, String caseId, Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).caseClosed(caseId);
	}

	/**
	 * The customer granted, denied or revoked consent for a channel and purpose.
	 * @param customerId the customer
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param status the new status
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event consent(String customerId, Channel channel, Purpose purpose, ConsentStatus status,
			Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).consent(channel, purpose, status);
	}

	/**
	 * The customer answered a survey.
	 * @param customerId the customer
	 * @param survey which survey
	 * @param score the score, in the range of the survey type
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event survey(String customerId, SurveyType survey, int score, Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).survey(survey, score);
	}

	/**
	 * CRM profile attributes changed.
	 * @param customerId the customer
	 * @param attributes new values by name; an empty value removes the attribute
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event profile(String customerId, Map<String, String> attributes, Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).profile(attributes);
	}

	/**
	 * The customer responded to an action of a decision, or a channel sent it.
	 * @param customerId the customer
	 * @param decisionId the decision that proposed the action
	 * @param actionId the action
	 * @param channel where it was shown or sent
	 * @param outcome what happened
	 * @param occurredAt when it happened
	 * @return the event
	 */
	public static Event outcome(String customerId, String decisionId, String actionId, Channel channel, Outcome outcome,
			Instant occurredAt) {
		return forCustomer(customerId).at(occurredAt).outcome(decisionId, actionId, channel, outcome);
	}

	/**
	 * The common part of events about one customer: id, source and time. Immutable: each
	 * setter returns a new builder, and each event method builds one event, so one
	 * builder may make several events.
	 */
	public static final class Builder {

		private final String customerId;

		private final String eventId;

		private final String source;

		private final Instant occurredAt;

		private Builder(String customerId, String eventId, String source, Instant occurredAt) {
			this.customerId = customerId;
			this.eventId = eventId;
			this.source = source;
			this.occurredAt = occurredAt;
		}

		/**
		 * Gives the event this id instead of a random one.
		 * @param eventId the event id, at most 128 characters
		 * @return a builder with the id
		 */
		public Builder id(String eventId) {
			return new Builder(this.customerId, Objects.requireNonNull(eventId, "eventId"), this.source,
					this.occurredAt);
		}

		/**
		 * Names the system that sends the event.
		 * @param source for example {@code "crm"}
		 * @return a builder with the source
		 */
		public Builder source(String source) {
			return new Builder(this.customerId, this.eventId, Objects.requireNonNull(source, "source"),
					this.occurredAt);
		}

		/**
		 * Sets when the event happened, instead of when it is built.
		 * @param occurredAt when it happened
		 * @return a builder with the time
		 */
		public Builder at(Instant occurredAt) {
			return new Builder(this.customerId, this.eventId, this.source,
					Objects.requireNonNull(occurredAt, "occurredAt"));
		}

		/**
		 * The customer moved to a stage of a journey.
		 * @param journey the journey, usually a product or service
		 * @param stage the stage reached
		 * @return the event
		 */
		public Event stageChanged(String journey, JourneyStage stage) {
			return event().setJourneyStageChanged(JourneyStageChanged.newBuilder().setJourney(journey).setStage(stage))
				.build();
		}

		/**
		 * A service case was opened.
		 * @param caseId the case id in the service desk
		 * @param product the product or journey it is about; may be empty
		 * @param severity how bad it is
		 * @return the event
		 */
		public Event caseOpened(String caseId, String product, CaseSeverity severity) {
			return event()
				.setServiceCaseOpened(
						ServiceCaseOpened.newBuilder().setCaseId(caseId).setProduct(product).setSeverity(severity))
				.build();
		}

		/**
		 * A service case was closed.
		 * @param caseId the case id in the service desk
		 * @return the event
		 */
		public Event caseClosed(String caseId) {
			return event().setServiceCaseClosed(ServiceCaseClosed.newBuilder().setCaseId(caseId)).build();
		}

		/**
		 * The customer granted, denied or revoked consent for a channel and purpose.
		 * @param channel the channel
		 * @param purpose the purpose
		 * @param status the new status
		 * @return the event
		 */
		public Event consent(Channel channel, Purpose purpose, ConsentStatus status) {
			return event()
				.setConsentChanged(
						ConsentChanged.newBuilder().setChannel(channel).setPurpose(purpose).setStatus(status))
				.build();
		}

		/**
		 * The customer answered a survey.
		 * @param survey which survey
		 * @param score the score, in the range of the survey type
		 * @return the event
		 */
		public Event survey(SurveyType survey, int score) {
			return event().setSurveyAnswered(SurveyAnswered.newBuilder().setSurvey(survey).setScore(score)).build();
		}

		/**
		 * CRM profile attributes changed.
		 * @param attributes new values by name; an empty value removes the attribute
		 * @return the event
		 */
		public Event profile(Map<String, String> attributes) {
			return event().setProfileUpdated(ProfileUpdated.newBuilder().putAllAttributes(attributes)).build();
		}

		/**
		 * The customer responded to an action of a decision, or a channel sent it.
		 * @param decisionId the decision that proposed the action
		 * @param actionId the action
		 * @param channel where it was shown or sent
		 * @param outcome what happened
		 * @return the event
		 */
		public Event outcome(String decisionId, String actionId, Channel channel, Outcome outcome) {
			return event()
				.setOutcomeRecorded(OutcomeRecorded.newBuilder()
					.setDecisionId(decisionId)
					.setActionId(actionId)
					.setChannel(channel)
					.setOutcome(outcome))
				.build();
		}

		private Event.Builder event() {
			Instant when = (this.occurredAt != null) ? this.occurredAt : Instant.now();
			return Event.newBuilder()
				.setEventId((this.eventId != null) ? this.eventId : UUID.randomUUID().toString())
				.setCustomerId(this.customerId)
				.setSource(this.source)
				.setOccurredAt(Timestamp.newBuilder().setSeconds(when.getEpochSecond()).setNanos(when.getNano()));
		}

	}

}
