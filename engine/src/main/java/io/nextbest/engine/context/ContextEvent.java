package io.nextbest.engine.context;

import java.util.Map;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Something that happened to a customer, already validated. Every event has an id for
 * idempotency and the time it happened, which decides which of two events about the same
 * item is newer.
 */
public sealed interface ContextEvent {

	/**
	 * The sender's id of the event.
	 * @return the id
	 */
	String eventId();

	/**
	 * The customer it concerns.
	 * @return the customer id
	 */
	String customerId();

	/**
	 * When it happened, in epoch milliseconds.
	 * @return the time
	 */
	long occurredAt();

	/**
	 * The customer moved to a stage of a journey.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param journey the journey
	 * @param stage the stage reached
	 */
	record StageChanged(String eventId, String customerId, long occurredAt, String journey,
			Stage stage) implements ContextEvent {
	}

	/**
	 * A service case was opened.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param caseId the case
	 * @param product the product, or empty
	 * @param severity how bad
	 */
	record CaseOpened(String eventId, String customerId, long occurredAt, String caseId, String product,
			Severity severity) implements ContextEvent {
	}

	/**
	 * A service case was closed.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param caseId the case
	 */
	record CaseClosed(String eventId, String customerId, long occurredAt, String caseId) implements ContextEvent {
	}

	/**
	 * Consent changed for a channel and purpose.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param status the new status
	 */
	record ConsentChanged(String eventId, String customerId, long occurredAt, Channel channel, Purpose purpose,
			ConsentStatus status) implements ContextEvent {
	}

	/**
	 * A survey was answered.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param type the survey
	 * @param score the score, within the survey's range
	 * @param decisionId the decision the answer is about, or empty
	 * @param caseId the service case the answer is about, or empty
	 * @param channel the channel of the interaction the answer is about, or null
	 */
	record SurveyAnswered(String eventId, String customerId, long occurredAt, SurveyType type, int score,
			String decisionId, String caseId, Channel channel) implements ContextEvent {

		/**
		 * An answer that names nothing it is about.
		 * @param eventId the event id
		 * @param customerId the customer
		 * @param occurredAt when
		 * @param type the survey
		 * @param score the score, within the survey's range
		 */
		public SurveyAnswered(String eventId, String customerId, long occurredAt, SurveyType type, int score) {
			this(eventId, customerId, occurredAt, type, score, "", "", null);
		}

	}

	/**
	 * Profile attributes changed; an empty value removes an attribute.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param attributes new values by name
	 */
	record ProfileUpdated(String eventId, String customerId, long occurredAt,
			Map<String, String> attributes) implements ContextEvent {
	}

	/**
	 * The customer responded to an action.
	 *
	 * @param eventId the event id
	 * @param customerId the customer
	 * @param occurredAt when
	 * @param decisionId the decision, possibly unknown
	 * @param actionId the action
	 * @param channel the channel
	 * @param outcome what happened
	 */
	record OutcomeRecorded(String eventId, String customerId, long occurredAt, String decisionId, String actionId,
			Channel channel, Outcome outcome) implements ContextEvent {
	}

}
