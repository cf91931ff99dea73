package io.nextbest.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule set of this directory, loaded once with the server's own loader, and decisions
 * made with the server's own engine.
 */
final class SampleRules {

	/** When every test decision is made. */
	static final Instant NOW = Instant.parse("2025-03-03T10:00:00Z");

	/**
	 * The rules directory: tests run in the module directory, which is the rules
	 * directory (the loader skips {@code src} and {@code target}).
	 */
	static final RuleSet RULES = RuleSetLoader.load(Path.of("").toAbsolutePath(), Clock.fixed(NOW, ZoneOffset.UTC));

	private SampleRules() {
	}

	/**
	 * Decides for a customer, as the server would now.
	 * @param context the customer's context
	 * @param channels the requested channels
	 * @return the decision
	 */
	static Decision decide(CustomerContext context, Channel... channels) {
		return DecisionEngine.decide(RULES, context, DecisionRequest.of(context.customerId(), channels), NOW, "d-1");
	}

	/**
	 * Decides for a customer, as the server would now, with the decision funnel.
	 * @param context the customer's context
	 * @param channels the requested channels
	 * @return the decision
	 */
	static Decision explain(CustomerContext context, Channel... channels) {
		return DecisionEngine.decide(RULES, context, DecisionRequest.of(context.customerId(), channels).explained(),
				NOW, "d-1");
	}

	/**
	 * Asserts that a channel got an action, proposed by a rule.
	 * @param outcome the channel's outcome
	 * @param actionId the expected action
	 * @param rule the rule expected to have proposed it
	 */
	static void assertAction(ChannelDecision outcome, String actionId, String rule) {
		assertThat(outcome.isAction()).as("%s should get %s but got %s", outcome.channel(), actionId, describe(outcome))
			.isTrue();
		assertThat(outcome.action().definition().id()).as("action on %s", outcome.channel()).isEqualTo(actionId);
		assertThat(outcome.action().rule()).as("rule of the action on %s", outcome.channel()).isEqualTo(rule);
	}

	/**
	 * Asserts that a channel is suppressed, with a reason code.
	 * @param outcome the channel's outcome
	 * @param code the expected code
	 */
	static void assertSuppressed(ChannelDecision outcome, ReasonCode code) {
		assertThat(outcome.isSuppression())
			.as("%s should be suppressed (%s) but got %s", outcome.channel(), code, describe(outcome))
			.isTrue();
		assertThat(outcome.suppression().code()).as("suppression code on %s", outcome.channel()).isEqualTo(code);
	}

	/**
	 * Asserts that a channel got neither an action nor a suppression.
	 * @param outcome the channel's outcome
	 */
	static void assertNone(ChannelDecision outcome) {
		assertThat(outcome.isNone()).as("%s should get nothing but got %s", outcome.channel(), describe(outcome))
			.isTrue();
	}

	/**
	 * A channel's outcome in a few words, for failure messages.
	 * @param outcome the outcome
	 * @return for example {@code case-update (rule 'Open case gets a case update')}
	 */
	static String describe(ChannelDecision outcome) {
		if (outcome.isAction()) {
			return outcome.action().definition().id() + " (rule '" + outcome.action().rule() + "', priority "
					+ outcome.action().priority() + ")";
		}
		if (outcome.isSuppression()) {
			return "suppression " + outcome.suppression().code() + " " + outcome.reasons();
		}
		return "nothing";
	}

}
