package io.nextbest.engine.whatif;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.whatif.WhatIfReport.ActionVolume;
import io.nextbest.engine.whatif.WhatIfReport.ChannelMatrix;
import io.nextbest.engine.whatif.WhatIfReport.Customers;
import io.nextbest.engine.whatif.WhatIfReport.RuleChange;
import io.nextbest.engine.whatif.WhatIfReport.RuleRef;
import io.nextbest.engine.whatif.WhatIfTally.Count;

/**
 * A what-if: every customer of a population decided twice, by the serving rule set (the
 * base) and by a candidate, with the same request, at the same moment and with the same
 * population response rates, so that only the rules differ. The decisions themselves are
 * those of {@link DecisionEngine}, the code that serves traffic.
 * <p>
 * Immutable and thread-safe: threads (or cluster members) each {@link #decide} their
 * share of the population into a {@link WhatIfTally tally} of their own, the tallies
 * {@link WhatIfTally#merge merge}, and {@link #report} turns the whole into a report.
 * Neither arm counts as traffic (the rule sets are used unobserved).
 */
public final class WhatIf {

	private static final String DECISION_ID = "what-if";

	private final RuleSet base;

	private final RuleSet candidate;

	private final DecisionRequest template;

	private final Instant at;

	private final PopulationRates rates;

	private final PopulationFilter filter;

	/**
	 * A what-if.
	 * @param base the serving rule set
	 * @param candidate the candidate rule set
	 * @param template the request every customer is decided for (its customer id is
	 * replaced by each customer's; the funnel is not asked for)
	 * @param at the moment of every decision
	 * @param rates the population response rates, frozen for the whole run
	 * @param filter which customers to decide
	 */
	public WhatIf(RuleSet base, RuleSet candidate, DecisionRequest template, Instant at, PopulationRates rates,
			PopulationFilter filter) {
		this.base = base.unobserved();
		this.candidate = candidate.unobserved();
		this.template = template;
		this.at = at;
		this.rates = rates;
		this.filter = filter;
	}

	/**
	 * Decides one customer with both arms, when the filter takes them.
	 * @param context the customer's stored context
	 * @param tally where to count
	 * @return whether the customer is part of the population
	 */
	public boolean decide(CustomerContext context, WhatIfTally tally) {
		if (!this.filter.test(context)) {
			return false;
		}
		DecisionRequest request = request(context.customerId(), false);
		Decision before = DecisionEngine.decide(this.base, context, request, this.at, DECISION_ID, this.rates);
		Decision after = DecisionEngine.decide(this.candidate, context, request, this.at, DECISION_ID, this.rates);
		tally.add(context.customerId(), before, after);
		return true;
	}

	/**
	 * Decides a batch of customers, those the filter takes: the whole batch with the
	 * serving rule set, then the whole batch with the candidate. Alternating the two rule
	 * sets customer by customer keeps two knowledge bases' code and memory hot at once,
	 * which measured slower than the two decisions cost apart.
	 * @param contexts the customers' stored contexts
	 * @param tally where to count
	 * @return how many of them are part of the population
	 */
	public int decide(List<CustomerContext> contexts, WhatIfTally tally) {
		List<CustomerContext> taken = new ArrayList<>(contexts.size());
		for (CustomerContext context : contexts) {
			if (this.filter.test(context)) {
				taken.add(context);
			}
		}
		Decision[] before = new Decision[taken.size()];
		for (int i = 0; i < before.length; i++) {
			before[i] = DecisionEngine.decide(this.base, taken.get(i), request(taken.get(i).customerId(), false),
					this.at, DECISION_ID, this.rates);
		}
		for (int i = 0; i < before.length; i++) {
			CustomerContext context = taken.get(i);
			Decision after = DecisionEngine.decide(this.candidate, context, request(context.customerId(), false),
					this.at, DECISION_ID, this.rates);
			tally.add(context.customerId(), before[i], after);
			before[i] = null;
		}
		return taken.size();
	}

	/**
	 * Both arms' decisions for a customer, with their funnels: why an example changed.
	 * @param context the customer's stored context
	 * @return the serving rule set's decision, then the candidate's
	 */
	public List<Decision> explain(CustomerContext context) {
		DecisionRequest request = request(context.customerId(), true);
		return List.of(DecisionEngine.decide(this.base, context, request, this.at, DECISION_ID, this.rates),
				DecisionEngine.decide(this.candidate, context, request, this.at, DECISION_ID, this.rates));
	}

	/**
	 * Decides a whole population on the calling thread.
	 * @param contexts the population
	 * @return the report
	 */
	public WhatIfReport run(Iterator<CustomerContext> contexts) {
		WhatIfTally tally = new WhatIfTally();
		contexts.forEachRemaining((context) -> decide(context, tally));
		return report(tally);
	}

	private DecisionRequest request(String customerId, boolean explain) {
		DecisionRequest t = this.template;
		return new DecisionRequest(customerId, t.channels(), t.page(), t.placement(), t.device(), t.locale(),
				t.attributes(), t.maxActions(), t.placements(), explain);
	}

	/**
	 * The report of a tally of the whole population.
	 * @param tally the merged tally
	 * @return the report
	 */
	public WhatIfReport report(WhatIfTally tally) {
		List<ChannelMatrix> channels = new ArrayList<>();
		tally.slots().forEach((name, slot) -> {
			List<WhatIfReport.Cell> cells = new ArrayList<>();
			long changed = 0;
			for (Map.Entry<WhatIfTally.Cell, Count> entry : slot.cells.entrySet()) {
				WhatIfTally.Cell cell = entry.getKey();
				Count count = entry.getValue();
				cells.add(new WhatIfReport.Cell(cell.base(), cell.candidate(), count.customers,
						(count.examples != null) ? count.examples.list() : List.of()));
				if (cell.changed()) {
					changed += count.customers;
				}
			}
			cells.sort(Comparator.comparing((WhatIfReport.Cell c) -> !c.changed())
				.thenComparing(WhatIfReport.Cell::customers, Comparator.reverseOrder())
				.thenComparing(WhatIfReport.Cell::base)
				.thenComparing(WhatIfReport.Cell::candidate));
			channels
				.add(new ChannelMatrix(name, List.copyOf(cells), changed, slot.newlyMarketed, slot.newlySuppressed));
		});
		List<RuleChange> changedRules = new ArrayList<>();
		new TreeMap<>(tally.firings()).forEach((rule, counts) -> {
			if (counts[0] != counts[1]) {
				changedRules.add(new RuleChange(rule, counts[0], counts[1]));
			}
		});
		changedRules.sort(
				Comparator.comparing((RuleChange c) -> Math.abs(c.candidate() - c.base()), Comparator.reverseOrder()));
		List<RuleRef> neverFired = new ArrayList<>();
		this.candidate.rules().forEach((file, rules) -> {
			for (String rule : rules) {
				long[] counts = tally.firings().get(rule);
				if (counts == null || counts[1] == 0) {
					neverFired.add(new RuleRef(file, rule));
				}
			}
		});
		List<ActionVolume> volumes = new ArrayList<>();
		Map<String, long[]> chosen = new TreeMap<>(tally.volumes());
		for (ActionDefinition definition : this.candidate.catalogue().all()) {
			if (definition.hasCapacity()) {
				chosen.putIfAbsent(definition.id(), new long[2]);
			}
		}
		chosen.forEach((action, counts) -> {
			ActionDefinition definition = this.candidate.catalogue().get(action);
			volumes
				.add(new ActionVolume(action, counts[0], counts[1], (definition != null) ? definition.capacity() : 0));
		});
		return new WhatIfReport(this.base.version(), this.candidate.version(), this.at, this.filter.describe(),
				tally.customers(), tally.changed(), List.copyOf(channels),
				new Customers(tally.newlyMarketed(), tally.newlyMarketedExamples().list()),
				new Customers(tally.newlySuppressed(), tally.newlySuppressedExamples().list()),
				List.copyOf(changedRules), List.copyOf(neverFired), List.copyOf(volumes));
	}

}
