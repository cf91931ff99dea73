package io.nextbest.engine.decision;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision.Candidate;
import io.nextbest.engine.decision.ChannelDecision.ChosenAction;
import io.nextbest.engine.decision.ChannelDecision.Reason;
import io.nextbest.engine.decision.ChannelDecision.Status;
import io.nextbest.engine.decision.ChannelDecision.Suppression;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.ContactHistory;
import io.nextbest.engine.policy.ContactPolicy;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.policy.QuietHours;
import io.nextbest.engine.ruleset.Conclusions;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;

/**
 * Makes a decision from a context, in one direction: facts, rules, policies, arbitration,
 * then one outcome per channel and per placement. It is a pure function of its inputs
 * (the context store, the clock and the current rule set are the caller's business), so
 * the rules module tests rules with exactly the logic that serves traffic.
 *
 * <ol>
 * <li><b>Eligibility</b>: the proposals for a channel (or for every channel) whose
 * catalogue entry allows it are its candidates.</li>
 * <li><b>Policies</b>, in this order ({@link ChannelFunnel}): consent (marketing needs it
 * granted; service respects a refusal), the rules' marketing suppressions, quiet hours on
 * outbound channels, frequency caps on marketing, then the action's own limits: an
 * accepted one-time offer, cool-downs after reject, dismiss or accept (on every channel),
 * impressions without a response.</li>
 * <li><b>Arbitration</b> ({@link Ranking}): {@code priority x value x propensity x
 * lever}, best first, deterministic ties; propensities come from the rules or from the
 * customer's and the population's response rates (a snapshot given with the inputs). A
 * channel gets its best {@code maxActions} distinct actions; placements are filled in
 * request order and never repeat an action another placement of the response shows.</li>
 * <li><b>Fallback</b>: when nothing qualifies, the placement's or channel's fallback
 * action, if the same policies let it through.</li>
 * <li>Otherwise a <b>suppression</b> when something bars the channel (consent, a rule,
 * quiet hours, a cap, in that order) or removed every candidate (cool-down...), with the
 * first reason's code and the time it lifts when known; otherwise <b>none</b>.</li>
 * </ol>
 */
public final class DecisionEngine {

	private DecisionEngine() {
	}

	/**
	 * Decides without population counts: propensities smooth the customer's responses
	 * towards the configured prior (scenarios, simulations, tests).
	 * @param ruleSet the rule set, the same for the whole decision
	 * @param context the customer's context (empty for an unknown customer)
	 * @param request the request
	 * @param now the time of the decision
	 * @param decisionId the id to give the decision
	 * @return one outcome per requested channel, then one per placement
	 */
	public static Decision decide(RuleSet ruleSet, CustomerContext context, DecisionRequest request, Instant now,
			String decisionId) {
		return decide(ruleSet, context, request, now, decisionId, PopulationRates.NONE);
	}

	/**
	 * Decides.
	 * @param ruleSet the rule set, the same for the whole decision
	 * @param context the customer's context (empty for an unknown customer)
	 * @param request the request
	 * @param now the time of the decision
	 * @param decisionId the id to give the decision
	 * @param population a snapshot of every customer's responses per action, the base of
	 * the propensities
	 * @return one outcome per requested channel, then one per placement
	 */
	public static Decision decide(RuleSet ruleSet, CustomerContext context, DecisionRequest request, Instant now,
			String decisionId, PopulationRates population) {
		ContactPolicy policy = ruleSet.contactPolicy();
		ZoneId zone = policy.quietHours().zone(context.attribute(QuietHours.TIME_ZONE_ATTRIBUTE));
		List<Channel> channels = channels(request);
		ContactHistory history = ContactHistory.of(context, ruleSet.catalogue(), now);
		Conclusions conclusions = ruleSet.evaluate(FactAssembler.facts(context, request, channels, now, zone, history,
				ruleSet.journeys(), ruleSet::matches));
		ChannelFunnel.Inputs in = new ChannelFunnel.Inputs(ruleSet, context, conclusions, policy, history, population,
				now, zone, request.explain());
		Map<Channel, ChannelFunnel> funnels = new EnumMap<>(Channel.class);
		Scored best = null;
		for (Channel channel : channels) {
			ChannelFunnel funnel = ChannelFunnel.of(channel, in);
			funnels.put(channel, funnel);
			for (Scored candidate : funnel.kept) {
				if (best == null || Ranking.BEST_FIRST.compare(candidate, best) < 0) {
					best = candidate;
				}
			}
		}
		Comparator<Scored> order = Ranking.order((best != null) ? best.journey() : "");
		for (ChannelFunnel funnel : funnels.values()) {
			funnel.kept.sort(order);
		}
		List<ChannelDecision> outcomes = new ArrayList<>(request.channels().size() + request.placements().size());
		for (Channel channel : request.channels()) {
			outcomes.add(outcome(funnels.get(channel), "", request.maxActions(), Set.of(), in));
		}
		Set<String> placed = request.placements().isEmpty() ? Set.of() : new HashSet<>();
		for (Placement placement : request.placements()) {
			ChannelDecision outcome = outcome(funnels.get(placement.channel()), placement.name(),
					placement.maxActions(), placed, in);
			outcome.actions().forEach((a) -> placed.add(a.definition().id()));
			outcomes.add(outcome);
		}
		return new Decision(decisionId, ruleSet.version(), now, List.copyOf(outcomes), conclusions.firedRules());
	}

	/** The channels to run the funnel for: the requested ones, then the placements'. */
	private static List<Channel> channels(DecisionRequest request) {
		if (request.placements().isEmpty()) {
			return request.channels();
		}
		List<Channel> channels = new ArrayList<>(request.channels());
		for (Placement placement : request.placements()) {
			if (!channels.contains(placement.channel())) {
				channels.add(placement.channel());
			}
		}
		return channels;
	}

	private static ChannelDecision outcome(ChannelFunnel funnel, String placement, int maxActions, Set<String> placed,
			ChannelFunnel.Inputs in) {
		List<Scored> winners = new ArrayList<>(Math.min(maxActions, funnel.kept.size()));
		List<Candidate> trace = in.explain() ? new ArrayList<>() : List.of();
		List<Candidate> passed = in.explain() ? new ArrayList<>() : List.of();
		for (Scored candidate : funnel.kept) {
			if (winners.size() < maxActions && !placed.contains(candidate.definition().id())
					&& !chosen(winners, candidate.definition())) {
				winners.add(candidate);
				if (in.explain()) {
					trace.add(candidate.trace(Status.SELECTED, candidate.reason()));
				}
			}
			else if (in.explain()) {
				passed.add(placed.contains(candidate.definition().id())
						? candidate.trace(Status.ALREADY_PLACED, "An earlier placement of this response shows it.")
						: candidate.trace(Status.OUTRANKED, chosen(winners, candidate.definition())
								? "A better proposal of the same action was chosen." : "Others scored higher."));
			}
		}
		if (winners.isEmpty()) {
			Scored fallback = fallback(funnel, placement, placed, in);
			if (fallback != null) {
				winners.add(fallback);
				if (in.explain()) {
					trace.add(fallback.trace(Status.SELECTED, fallback.reason()));
				}
			}
		}
		if (in.explain()) {
			trace.addAll(passed);
			trace.addAll(funnel.removed);
		}
		if (!winners.isEmpty()) {
			List<ChosenAction> actions = new ArrayList<>(winners.size());
			List<Reason> reasons = new ArrayList<>(winners.size() + funnel.barriers.size());
			for (Scored winner : winners) {
				actions.add(new ChosenAction(winner.definition(), winner.journey(), winner.priority(), winner.rule(),
						winner.score()));
				String why = winner.reason().isBlank() ? "Proposed by rule '" + winner.rule() + "'." : winner.reason();
				reasons.add(new Reason(winner.rule(), why, null));
			}
			reasons.addAll(funnel.barriers);
			return new ChannelDecision(funnel.channel, placement, List.copyOf(actions), null, List.copyOf(reasons),
					trace);
		}
		if (!funnel.barriers.isEmpty()) {
			Reason first = funnel.barriers.get(0);
			return new ChannelDecision(funnel.channel, placement, List.of(),
					new Suppression(first.code(), first.message(), funnel.firstBarrierLifts),
					List.copyOf(funnel.barriers), trace);
		}
		if (!funnel.removals.isEmpty()) {
			Reason first = funnel.removals.get(0);
			return new ChannelDecision(funnel.channel, placement, List.of(),
					new Suppression(first.code(), first.message(), funnel.firstRemovalLifts),
					List.copyOf(funnel.removals), trace);
		}
		return new ChannelDecision(funnel.channel, placement, List.of(), null, List.of(), trace);
	}

	private static boolean chosen(List<Scored> winners, ActionDefinition definition) {
		for (Scored winner : winners) {
			if (winner.definition() == definition) {
				return true;
			}
		}
		return false;
	}

	private static Scored fallback(ChannelFunnel funnel, String placement, Set<String> placed,
			ChannelFunnel.Inputs in) {
		String id = placement.isEmpty() ? null : in.policy().arbitration().placementFallbacks().get(placement);
		String where = placement;
		if (id == null) {
			id = in.policy().arbitration().channelFallbacks().get(funnel.channel);
			where = funnel.channel.words();
		}
		ActionDefinition definition = (id != null) ? in.ruleSet().catalogue().get(id) : null;
		if (definition == null || placed.contains(id)) {
			return null;
		}
		return funnel.fallback(definition, where);
	}

}
