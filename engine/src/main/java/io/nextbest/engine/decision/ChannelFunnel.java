package io.nextbest.engine.decision;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision.Candidate;
import io.nextbest.engine.decision.ChannelDecision.Reason;
import io.nextbest.engine.decision.ChannelDecision.Status;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.ConsentPolicy;
import io.nextbest.engine.policy.ContactHistory;
import io.nextbest.engine.policy.ContactPolicy;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.policy.Refusal;
import io.nextbest.engine.ruleset.Conclusions;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;

/**
 * The funnel of one channel: the rules' proposals for it, filtered by the policies in a
 * fixed order (consent, rule suppressions, quiet hours, frequency caps, then the action's
 * own repetition limits), and scored. Channel-wide barriers are kept for the reasons;
 * removed candidates are kept as reasons too, and as funnel entries only when the request
 * asks to explain, so an unexplained decision allocates nothing for them.
 */
final class ChannelFunnel {

	final Channel channel;

	/** Candidates that passed every policy, unordered until the focus is known. */
	final List<Scored> kept = new ArrayList<>(4);

	/** Channel-wide barriers: consent, rule suppressions, quiet hours, caps. */
	final List<Reason> barriers = new ArrayList<>(2);

	/** When the first barrier lifts, if it says. */
	Instant firstBarrierLifts;

	/**
	 * Why candidates were removed by their own limits (cool-down...), in firing order.
	 */
	final List<Reason> removals = new ArrayList<>(0);

	/** When the first removal lifts, if it says. */
	Instant firstRemovalLifts;

	/** Removed candidates, for the funnel; only filled when explaining. */
	final List<Candidate> removed;

	private final Inputs in;

	private final boolean marketingConsent;

	private final boolean serviceConsent;

	private final Conclusions.Suppression suppression;

	private final Refusal quiet;

	private final Refusal cap;

	private ChannelFunnel(Channel channel, Inputs in) {
		this.channel = channel;
		this.in = in;
		this.removed = in.explain ? new ArrayList<>() : List.of();
		this.marketingConsent = ConsentPolicy.allows(in.context, Purpose.MARKETING, channel);
		this.serviceConsent = ConsentPolicy.allows(in.context, Purpose.SERVICE, channel);
		if (!this.marketingConsent) {
			this.barriers.add(new Reason(ConsentPolicy.NAME,
					ConsentPolicy.refusal(in.context, Purpose.MARKETING, channel), ReasonCode.NO_CONSENT));
		}
		Conclusions.Suppression first = null;
		for (Conclusions.Suppression s : in.conclusions.suppressions()) {
			if (s.suppress().covers(channel)) {
				first = (first != null) ? first : s;
				this.barriers.add(new Reason(s.rule(), s.suppress().getReason(), s.suppress().getCode()));
			}
		}
		this.suppression = first;
		this.quiet = in.policy.quietHours().check(channel, in.now, in.zone);
		barrier(this.quiet);
		this.cap = in.policy.caps().check(channel, in.history);
		barrier(this.cap);
	}

	/**
	 * Filters and scores the proposals for a channel.
	 * @param channel the channel
	 * @param in the decision's inputs
	 * @return the channel's funnel
	 */
	static ChannelFunnel of(Channel channel, Inputs in) {
		ChannelFunnel funnel = new ChannelFunnel(channel, in);
		for (Conclusions.Proposal proposal : in.conclusions.proposals()) {
			ActionDefinition definition = in.ruleSet.catalogue().get(proposal.propose().getActionId());
			Channel target = proposal.propose().getChannel();
			if (definition == null || (target != null && target != channel) || !definition.allows(channel)) {
				continue;
			}
			funnel.consider(definition, proposal.propose().getPriority(), proposal.propose().getPropensity(),
					proposal.propose().getJourney(), proposal.rule(), proposal.propose().getReason());
		}
		return funnel;
	}

	private void barrier(Refusal refusal) {
		if (refusal != null) {
			if (this.barriers.isEmpty()) {
				this.firstBarrierLifts = refusal.allowedAt();
			}
			this.barriers.add(new Reason(refusal.policy(), refusal.message(), refusal.code()));
		}
	}

	private void consider(ActionDefinition definition, int priority, double propensity, String journey, String rule,
			String reason) {
		Reason removal = removal(definition);
		if (removal != null) {
			if (this.in.explain) {
				this.removed.add(new Candidate(definition.id(), rule, priority, definition.value(), 0, 0, 0,
						Status.REMOVED, removal.rule(), removal.code(), removal.message(), null, ""));
			}
			return;
		}
		this.kept.add(Ranking.score(definition, priority, propensity, this.in.history.action(definition.id()),
				this.in.population.counts(definition.id()), this.channel, this.in.policy.arbitration(), journey, rule,
				reason));
	}

	/**
	 * Whether a policy or a rule removes an action here, in the order the policies apply.
	 * The reason of a channel-wide barrier is shared; only the action's own limits
	 * (cool-down, impressions, one-time offers) are recorded as removals.
	 */
	private Reason removal(ActionDefinition definition) {
		boolean marketing = definition.purpose() == Purpose.MARKETING;
		if (marketing && !this.marketingConsent) {
			return this.barriers.get(0);
		}
		if (!marketing && !this.serviceConsent) {
			return new Reason(ConsentPolicy.NAME, ConsentPolicy.refusal(this.in.context, Purpose.SERVICE, this.channel),
					ReasonCode.NO_CONSENT);
		}
		if (marketing && this.suppression != null) {
			return new Reason(this.suppression.rule(), this.suppression.suppress().getReason(),
					this.suppression.suppress().getCode());
		}
		if (this.quiet != null) {
			return new Reason(this.quiet.policy(), this.quiet.message(), this.quiet.code());
		}
		if (marketing && this.cap != null) {
			return new Reason(this.cap.policy(), this.cap.message(), this.cap.code());
		}
		Refusal own = this.in.policy.repetition().check(definition, this.in.history, this.in.now);
		if (own == null) {
			return null;
		}
		if (this.removals.isEmpty()) {
			this.firstRemovalLifts = own.allowedAt();
		}
		Reason removal = new Reason(own.policy(), own.message(), own.code());
		this.removals.add(removal);
		return removal;
	}

	/**
	 * Considers a fallback action, with the same policies as a proposal.
	 * @param definition the fallback action
	 * @param where the channel or placement it is the fallback of, for the sentence
	 * @return the scored fallback, or null when a policy removes it
	 */
	Scored fallback(ActionDefinition definition, String where) {
		if (!definition.allows(this.channel)) {
			return null;
		}
		int removedBefore = this.removals.size();
		Instant liftsBefore = this.firstRemovalLifts;
		Reason removal = removal(definition);
		// A fallback that does not qualify is not a reason for the channel's outcome.
		while (this.removals.size() > removedBefore) {
			this.removals.remove(this.removals.size() - 1);
		}
		this.firstRemovalLifts = liftsBefore;
		if (removal != null) {
			if (this.in.explain) {
				this.removed.add(new Candidate(definition.id(), FALLBACK, 0, definition.value(), 0, 0, 0,
						Status.REMOVED, removal.rule(), removal.code(), removal.message(), null, ""));
			}
			return null;
		}
		return new Scored(definition, "", 0, FALLBACK, "Nothing else qualifies: the fallback for " + where + ".",
				this.in.policy.arbitration()
					.propensity(this.in.history.action(definition.id()), this.in.population.counts(definition.id()),
							this.channel),
				this.in.policy.arbitration().lever(definition), 0);
	}

	/** How reasons name a fallback. */
	static final String FALLBACK = "policy:fallback";

	/**
	 * What every channel of one decision shares.
	 *
	 * @param ruleSet the rule set
	 * @param context the customer's context
	 * @param conclusions what the rules concluded
	 * @param policy the contact policy
	 * @param history the customer's contact history, summarised
	 * @param population the population's response counts, a snapshot
	 * @param now the time of the decision
	 * @param zone the customer's time zone
	 * @param explain whether to record the funnel
	 */
	record Inputs(RuleSet ruleSet, CustomerContext context, Conclusions conclusions, ContactPolicy policy,
			ContactHistory history, PopulationRates population, Instant now, ZoneId zone, boolean explain) {
	}

}
