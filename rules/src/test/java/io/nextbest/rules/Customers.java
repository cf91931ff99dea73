package io.nextbest.rules;

import java.time.Duration;
import java.util.Map;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Builds a customer's context the way the server does: by applying events, each dated so
 * many days before {@link SampleRules#NOW}.
 */
final class Customers {

	private final String customerId;

	private CustomerContext context;

	private int events;

	private Customers(String customerId) {
		this.customerId = customerId;
		this.context = CustomerContext.empty(customerId);
	}

	/**
	 * @return a customer nothing is known about yet, id {@code c-1}
	 */
	static Customers customer() {
		return new Customers("c-1");
	}

	/**
	 * @param customerId the customer's id
	 * @return a customer nothing is known about yet
	 */
	static Customers customer(String customerId) {
		return new Customers(customerId);
	}

	/**
	 * The customer reached a stage of a journey.
	 * @param journey the journey
	 * @param stage the stage
	 * @param daysAgo how long ago
	 * @return this
	 */
	Customers inStage(String journey, Stage stage, long daysAgo) {
		return apply(new ContextEvent.StageChanged(nextId(), this.customerId, at(daysAgo), journey, stage));
	}

	/**
	 * The customer granted marketing consent on channels, a year ago.
	 * @param channels the channels
	 * @return this
	 */
	Customers grantsMarketing(Channel... channels) {
		for (Channel channel : channels) {
			consent(channel, Purpose.MARKETING, ConsentStatus.GRANTED);
		}
		return this;
	}

	/**
	 * The customer's consent for a channel and purpose changed, a year ago.
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param status the new status
	 * @return this
	 */
	Customers consent(Channel channel, Purpose purpose, ConsentStatus status) {
		return apply(new ContextEvent.ConsentChanged(nextId(), this.customerId, at(365), channel, purpose, status));
	}

	/**
	 * A service case was opened.
	 * @param caseId the case
	 * @param product the product
	 * @param severity how bad
	 * @param daysAgo how long ago
	 * @return this
	 */
	Customers opensCase(String caseId, String product, Severity severity, long daysAgo) {
		return apply(new ContextEvent.CaseOpened(nextId(), this.customerId, at(daysAgo), caseId, product, severity));
	}

	/**
	 * A service case was closed.
	 * @param caseId the case
	 * @param daysAgo how long ago
	 * @return this
	 */
	Customers closesCase(String caseId, long daysAgo) {
		return apply(new ContextEvent.CaseClosed(nextId(), this.customerId, at(daysAgo), caseId));
	}

	/**
	 * The customer answered the NPS survey.
	 * @param score 0 to 10
	 * @param daysAgo how long ago
	 * @return this
	 */
	Customers answersNps(int score, long daysAgo) {
		return apply(new ContextEvent.SurveyAnswered(nextId(), this.customerId, at(daysAgo), SurveyType.NPS, score));
	}

	/**
	 * Something happened with an action on a channel.
	 * @param actionId the action
	 * @param channel the channel
	 * @param outcome what happened
	 * @param daysAgo how long ago
	 * @return this
	 */
	Customers had(String actionId, Channel channel, Outcome outcome, long daysAgo) {
		return apply(new ContextEvent.OutcomeRecorded(nextId(), this.customerId, at(daysAgo), "d-" + this.events,
				actionId, channel, outcome));
	}

	/**
	 * Something happened with an action on a channel, hours ago.
	 * @param actionId the action
	 * @param channel the channel
	 * @param outcome what happened
	 * @param ago how long ago
	 * @return this
	 */
	Customers had(String actionId, Channel channel, Outcome outcome, Duration ago) {
		return apply(new ContextEvent.OutcomeRecorded(nextId(), this.customerId,
				SampleRules.NOW.minus(ago).toEpochMilli(), "d-" + this.events, actionId, channel, outcome));
	}

	/**
	 * The CRM profile changed.
	 * @param attributes the new values
	 * @return this
	 */
	Customers profile(Map<String, String> attributes) {
		return apply(new ContextEvent.ProfileUpdated(nextId(), this.customerId, at(400), attributes));
	}

	/**
	 * @return the context built so far
	 */
	CustomerContext context() {
		return this.context;
	}

	private Customers apply(ContextEvent event) {
		EventApplier.Applied applied = EventApplier.apply(this.context, event, ContextLimits.DEFAULTS);
		if (applied.disposition() != EventDisposition.APPLIED) {
			throw new IllegalStateException("Fixture event not applied (" + applied.disposition() + "): " + event);
		}
		this.context = applied.context();
		return this;
	}

	private String nextId() {
		return "e-" + (++this.events);
	}

	private static long at(long daysAgo) {
		return SampleRules.NOW.minus(Duration.ofDays(daysAgo)).toEpochMilli();
	}

}
