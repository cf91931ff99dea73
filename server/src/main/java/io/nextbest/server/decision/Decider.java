package io.nextbest.server.decision;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * <p>
 * It also keeps a few recent decisions' inputs, sampled, to warm up each new rule set
 * before it serves ({@link CurrentRuleSet#warmUpWith}): the first decisions on a new rule
 * set load its rules' classes and build its sessions' memory, and took milliseconds each
 * against a tenth of one afterwards.
 */
@Service
public class Decider {

	/** How many recent decisions' inputs are kept. */
	private static final int RECENT = 32;

	/** One decision in this many is kept. */
	private static final int SAMPLE_ONE_IN = 8;

	private final ContextStore contexts;

	private final CurrentRuleSet rules;

	private final PopulationResponses population;

	private final Clock clock;

	/** Recent decisions' inputs, a sample of them, for warming up new rule sets. */
	private final AtomicReferenceArray<Sample> recent = new AtomicReferenceArray<>(RECENT);

	Decider(ContextStore contexts, CurrentRuleSet rules, PopulationResponses population, Clock clock) {
		this.contexts = contexts;
		this.rules = rules;
		this.population = population;
		this.clock = clock;
		rules.warmUpWith(this::warmUp);
	}

	/**
	 * Decides for a request.
	 * @param request a validated request
	 * @return the decision
	 */
	public Decision decide(DecisionRequest request) {
		RuleSet ruleSet = this.rules.get();
		CustomerContext context = this.contexts.get(request.customerId());
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (random.nextInt(SAMPLE_ONE_IN) == 0) {
			this.recent.set(random.nextInt(RECENT), new Sample(context, request));
		}
		return DecisionEngine.decide(ruleSet, context, request, this.clock.instant(), newDecisionId(),
				this.population.rates());
	}

	/**
	 * Makes the recent decisions again on a rule set that does not serve yet; their
	 * outcomes go nowhere.
	 * @param candidate the rule set
	 * @return how many decisions it made
	 */
	int warmUp(RuleSet candidate) {
		int made = 0;
		for (int i = 0; i < RECENT; i++) {
			Sample sample = this.recent.get(i);
			if (sample != null) {
				DecisionEngine.decide(candidate, sample.context(), sample.request(), this.clock.instant(), "warm-up",
						this.population.rates());
				made++;
			}
		}
		return made;
	}

	/** What one decision was made from. */
	private record Sample(CustomerContext context, DecisionRequest request) {
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
