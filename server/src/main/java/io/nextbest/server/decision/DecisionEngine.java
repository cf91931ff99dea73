package io.nextbest.server.decision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.server.context.CustomerContext;
import io.nextbest.server.decision.ChannelDecision.ChosenAction;
import io.nextbest.server.decision.ChannelDecision.Reason;
import io.nextbest.server.decision.ChannelDecision.Suppression;
import io.nextbest.server.policy.ConsentPolicy;
import io.nextbest.server.rules.ActionDefinition;
import io.nextbest.server.rules.Conclusions;
import io.nextbest.server.rules.RuleSet;

/**
 * Makes a decision from a context, in one direction: facts, rules, policies, then one
 * outcome per channel. It is a pure function of its inputs (the context store and the
 * current rule set are the caller's business), so the rules module can test rules with
 * exactly the logic that serves traffic.
 *
 * <p>
 * Per channel: the proposals for that channel (or for every channel) whose catalogue
 * entry allows it are candidates. Marketing candidates are removed by a rule's
 * suppression covering the channel and, whatever the rules say, by missing marketing
 * consent ({@link ConsentPolicy}). The remaining candidate with the highest priority
 * wins; ties go to the journey of the decision's overall best candidate, so that channels
 * tell one story, then to the smaller action id. With no winner, the channel is
 * suppressed when marketing is barred there (consent first, then rule suppressions in
 * firing order), and gets no action otherwise.
 */
public final class DecisionEngine {

	private static final Comparator<Candidate> BY_PRIORITY = Comparator.comparingInt(Candidate::priority)
		.reversed()
		.thenComparing((c) -> c.definition().id());

	private DecisionEngine() {
	}

	/**
	 * Decides.
	 * @param ruleSet the rule set, the same for the whole decision
	 * @param context the customer's context (empty for an unknown customer)
	 * @param request the request
	 * @param now the time of the decision
	 * @param decisionId the id to give the decision
	 * @return one outcome per requested channel
	 */
	public static Decision decide(RuleSet ruleSet, CustomerContext context, DecisionRequest request, Instant now,
			String decisionId) {
		Conclusions conclusions = ruleSet.evaluate(FactAssembler.facts(context, request, now));
		Map<Channel, List<Candidate>> candidates = new EnumMap<>(Channel.class);
		Candidate best = null;
		for (Channel channel : request.channels()) {
			List<Candidate> kept = candidates(ruleSet, context, conclusions, channel);
			candidates.put(channel, kept);
			for (Candidate candidate : kept) {
				if (best == null || BY_PRIORITY.compare(candidate, best) < 0) {
					best = candidate;
				}
			}
		}
		String focus = (best != null) ? best.journey() : "";
		List<ChannelDecision> outcomes = new ArrayList<>(request.channels().size());
		for (Channel channel : request.channels()) {
			outcomes.add(outcome(channel, candidates.get(channel), focus, context, conclusions));
		}
		return new Decision(decisionId, ruleSet.version(), now, List.copyOf(outcomes), conclusions.firedRules());
	}

	private static List<Candidate> candidates(RuleSet ruleSet, CustomerContext context, Conclusions conclusions,
			Channel channel) {
		boolean marketingSuppressed = conclusions.suppressions().stream().anyMatch((s) -> s.suppress().covers(channel));
		boolean marketingConsented = ConsentPolicy.allows(context, Purpose.MARKETING, channel);
		boolean serviceConsented = ConsentPolicy.allows(context, Purpose.SERVICE, channel);
		List<Candidate> kept = new ArrayList<>();
		for (Conclusions.Proposal proposal : conclusions.proposals()) {
			ActionDefinition definition = ruleSet.catalogue().get(proposal.propose().getActionId());
			Channel target = proposal.propose().getChannel();
			if (definition == null || (target != null && target != channel) || !definition.allows(channel)) {
				continue;
			}
			boolean allowed = (definition.purpose() == Purpose.MARKETING) ? marketingConsented && !marketingSuppressed
					: serviceConsented;
			if (allowed) {
				kept.add(new Candidate(definition, proposal.propose().getJourney(), proposal.propose().getPriority(),
						proposal.rule(), proposal.propose().getReason()));
			}
		}
		return kept;
	}

	private static ChannelDecision outcome(Channel channel, List<Candidate> candidates, String focus,
			CustomerContext context, Conclusions conclusions) {
		List<Reason> barriers = new ArrayList<>();
		String consentRefusal = ConsentPolicy.refusal(context, Purpose.MARKETING, channel);
		if (consentRefusal != null) {
			barriers.add(new Reason(ConsentPolicy.NAME, consentRefusal, ReasonCode.NO_CONSENT));
		}
		for (Conclusions.Suppression suppression : conclusions.suppressions()) {
			if (suppression.suppress().covers(channel)) {
				barriers.add(new Reason(suppression.rule(), suppression.suppress().getReason(),
						suppression.suppress().getCode()));
			}
		}
		Candidate winner = candidates.stream()
			.min(Comparator.comparingInt(Candidate::priority)
				.reversed()
				.thenComparing((c) -> !c.journey().equals(focus) || focus.isEmpty())
				.thenComparing((c) -> c.definition().id()))
			.orElse(null);
		if (winner != null) {
			List<Reason> reasons = new ArrayList<>(1 + barriers.size());
			String why = winner.reason().isBlank() ? "Proposed by rule '" + winner.rule() + "'." : winner.reason();
			reasons.add(new Reason(winner.rule(), why, null));
			reasons.addAll(barriers);
			return new ChannelDecision(channel,
					new ChosenAction(winner.definition(), winner.journey(), winner.priority(), winner.rule()), null,
					List.copyOf(reasons));
		}
		if (!barriers.isEmpty()) {
			Reason first = barriers.get(0);
			return new ChannelDecision(channel, null, new Suppression(first.code(), first.message()),
					List.copyOf(barriers));
		}
		return new ChannelDecision(channel, null, null, List.of());
	}

	private record Candidate(ActionDefinition definition, String journey, int priority, String rule, String reason) {
	}

}
