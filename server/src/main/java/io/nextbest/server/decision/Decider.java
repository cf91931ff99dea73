package io.nextbest.server.decision;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Service;

import io.nextbest.server.context.ContextStore;
import io.nextbest.server.context.CustomerContext;
import io.nextbest.server.policy.PopulationResponses;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.RuleSet;

/**
 * Serves decisions: reads the customer's context, takes the current rule set once (a
 * decision never mixes two versions) and the latest snapshot of the population's response
 * counts (local, refreshed in the background), and runs the {@link DecisionEngine}.
 */
@Service
public class Decider {

	private final ContextStore contexts;

	private final CurrentRuleSet rules;

	private final PopulationResponses population;

	private final Clock clock;

	Decider(ContextStore contexts, CurrentRuleSet rules, PopulationResponses population, Clock clock) {
		this.contexts = contexts;
		this.rules = rules;
		this.population = population;
		this.clock = clock;
	}

	/**
	 * Decides for a request.
	 * @param request a validated request
	 * @return the decision
	 */
	public Decision decide(DecisionRequest request) {
		RuleSet ruleSet = this.rules.get();
		CustomerContext context = this.contexts.get(request.customerId());
		return DecisionEngine.decide(ruleSet, context, request, this.clock.instant(), newDecisionId(),
				this.population.rates());
	}

	/**
	 * A random UUID without the cost of SecureRandom: decision ids need uniqueness, not
	 * secrecy.
	 */
	private static String newDecisionId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
