package io.nextbest.engine.policy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;

/**
 * Customers for the contact policy tests, built from events the way the server builds
 * them, and the policy test rule set ({@code policy-rules/}).
 */
public final class TestCustomers {

	/** A Monday, 12:00 UTC (13:00 in Paris, the rule set's default zone). */
	public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	/** The policy test rule set. */
	public static final RuleSet RULES = RuleSetLoader.load(Path.of("src/test/resources/policy-rules"),
			Clock.fixed(NOW, ZoneOffset.UTC));

	private CustomerContext context;

	private int events;

	private TestCustomers(String id) {
		this.context = CustomerContext.empty(id);
	}

	/**
	 * @param id the customer id
	 * @return a customer nothing is known about
	 */
	public static TestCustomers customer(String id) {
		return new TestCustomers(id);
	}

	/**
	 * @param channels channels where marketing is granted
	 * @return this
	 */
	public TestCustomers grants(Channel... channels) {
		for (Channel channel : channels) {
			apply(new ContextEvent.ConsentChanged(id(), this.context.customerId(), at(Duration.ofDays(300)), channel,
					Purpose.MARKETING, ConsentStatus.GRANTED));
		}
		return this;
	}

	/**
	 * @param attributes profile attributes
	 * @return this
	 */
	public TestCustomers profile(Map<String, String> attributes) {
		return apply(
				new ContextEvent.ProfileUpdated(id(), this.context.customerId(), at(Duration.ofDays(300)), attributes));
	}

	/**
	 * @param actionId the action
	 * @param channel the channel
	 * @param outcome what happened
	 * @param ago how long before {@link #NOW}
	 * @return this
	 */
	public TestCustomers had(String actionId, Channel channel, Outcome outcome, Duration ago) {
		return apply(new ContextEvent.OutcomeRecorded(id(), this.context.customerId(), at(ago), "d-" + this.events,
				actionId, channel, outcome));
	}

	/**
	 * @return the context
	 */
	public CustomerContext context() {
		return this.context;
	}

	private TestCustomers apply(ContextEvent event) {
		EventApplier.Applied applied = EventApplier.apply(this.context, event, ContextLimits.DEFAULTS);
		if (applied.disposition() != EventDisposition.APPLIED) {
			throw new IllegalStateException("Fixture event not applied: " + event);
		}
		this.context = applied.context();
		return this;
	}

	private String id() {
		return "e-" + (++this.events);
	}

	private static long at(Duration ago) {
		return NOW.minus(ago).toEpochMilli();
	}

}
