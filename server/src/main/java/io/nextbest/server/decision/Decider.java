package io.nextbest.server.decision;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.springframework.stereotype.Service;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.ingest.PopulationResponses;
import io.nextbest.server.rules.CurrentRuleSet;

/**
 * Serves decisions: reads the customer's context, takes the current rule set once (a
 * decision never mixes two versions) and the latest snapshot of the population's response
 * counts (local, refreshed in the background), and runs the {@link DecisionEngine}.
 * <p>
 * It also keeps a few recent requests, sampled, to warm up each new rule set before it
 * serves ({@link CurrentRuleSet#warmUpWith}): the first decisions on a new rule set load
 * its rules' classes and build its sessions' memory, and took milliseconds each against a
 * tenth of one afterwards. Only the requests are kept: the warm-up reads their customers'
 * contexts again, so what a customer asked to be forgotten stays forgotten.
 */
@Service
public class Decider {

	/** How many recent requests are kept. */
	private static final int RECENT = 32;

	/** One request in this many is kept. */
	private static final int SAMPLE_ONE_IN = 8;

	private final ContextStore contexts;

	private final CurrentRuleSet rules;

	private final PopulationResponses population;

	private final Clock clock;

	/** Recent requests, a sample of them, for warming up new rule sets. */
	private final AtomicReferenceArray<DecisionRequest> recent = new AtomicReferenceArray<>(RECENT);

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
			this.recent.set(random.nextInt(RECENT), request);
		}
		return DecisionEngine.decide(ruleSet, context, request, this.clock.instant(), newDecisionId(),
				this.population.rates());
	}

	/**
	 * Makes the recent requests' decisions again, with their customers' contexts as they
	 * are now, on a rule set that does not serve yet; the outcomes go nowhere.
	 * @param candidate the rule set
	 * @return the decisions made
	 */
	List<Decision> warmUp(RuleSet candidate) {
		List<Decision> made = new ArrayList<>(RECENT);
		for (int i = 0; i < RECENT; i++) {
			DecisionRequest request = this.recent.get(i);
			if (request != null) {
				made.add(DecisionEngine.decide(candidate, this.contexts.get(request.customerId()), request,
						this.clock.instant(), "warm-up", this.population.rates()));
			}
		}
		return made;
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
