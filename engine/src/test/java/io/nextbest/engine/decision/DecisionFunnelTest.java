package io.nextbest.engine.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.ChannelDecision.Candidate;
import io.nextbest.engine.decision.ChannelDecision.ChosenAction;
import io.nextbest.engine.decision.ChannelDecision.Status;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.policy.Propensity;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Contact;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.ReasonCode;

import static io.nextbest.engine.policy.TestCustomers.NOW;
import static io.nextbest.engine.policy.TestCustomers.RULES;
import static io.nextbest.engine.policy.TestCustomers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The pipeline after the rules, with the policy test rule set: promo (one-time, value 2,
 * lever 1.5) scores 15, the tip (service) 3, the other promo (lever 0.5) 2.
 */
class DecisionFunnelTest {

	@Test
	void arbitrationRanksByPriorityValuePropensityAndLever() {
		ChannelDecision web = decide(consented(), DecisionRequest.of("c", Channel.WEB).withMaxActions(3))
			.channel(Channel.WEB);

		assertThat(web.actions()).extracting((a) -> a.definition().id(), ChosenAction::score)
			.containsExactly(tuple("promo", 50 * 2 * 0.1 * 1.5), tuple("tip", 30 * 0.1),
					tuple("other-promo", 40 * 0.1 * 0.5));
		assertThat(web.reasons()).extracting(ChannelDecision.Reason::rule)
			.containsExactly("Promo for everyone", "Tip for everyone", "Other promo for everyone");
	}

	@Test
	void oneActionPerChannelUnlessMoreAreAskedFor() {
		ChannelDecision web = decide(consented(), DecisionRequest.of("c", Channel.WEB)).channel(Channel.WEB);

		assertThat(web.actions()).extracting((a) -> a.definition().id()).containsExactly("promo");
	}

	@Test
	void aRulesPropensityOutranksTheHistoryEstimate() {
		CustomerContext modelled = customer("c").grants(Channel.WEB).profile(Map.of("segment", "modelled")).context();

		ChannelDecision web = decide(modelled, DecisionRequest.of("c", Channel.WEB)).channel(Channel.WEB);

		assertThat(web.action().definition().id()).isEqualTo("other-promo");
		assertThat(web.action().score()).isCloseTo(40 * 0.9 * 0.5, within(1e-9));
	}

	@Test
	void placementsOfOneResponseNeverRepeatAnAction() {
		DecisionRequest request = DecisionRequest.of("c", Channel.WEB)
			.withPlacements(new Placement("hero", Channel.WEB, 1), new Placement("carousel", Channel.WEB, 3))
			.explained();

		Decision decision = decide(consented(), request);

		assertThat(decision.channels()).extracting(ChannelDecision::placement).containsExactly("", "hero", "carousel");
		assertThat(decision.channels().get(0).action().definition().id()).isEqualTo("promo");
		assertThat(decision.channels().get(1).actions()).extracting((a) -> a.definition().id())
			.containsExactly("promo");
		assertThat(decision.channels().get(2).actions()).extracting((a) -> a.definition().id())
			.containsExactly("tip", "other-promo");
		assertThat(decision.channels().get(2).funnel()).extracting(Candidate::actionId, Candidate::status)
			.contains(tuple("promo", Status.ALREADY_PLACED));
	}

	@Test
	void placementWithNothingLeftGetsItsFallback() {
		DecisionRequest request = DecisionRequest.of("c")
			.withPlacements(new Placement("carousel", Channel.WEB, 3), new Placement("hero", Channel.WEB, 1));

		Decision decision = decide(consented(), request);

		ChannelDecision hero = decision.channels().get(1);
		assertThat(hero.action().definition().id()).isEqualTo("banner");
		assertThat(hero.action().rule()).isEqualTo("policy:fallback");
	}

	@Test
	void channelWithNothingQualifyingGetsItsFallback() {
		ChannelDecision centre = decide(consented(), DecisionRequest.of("c", Channel.CONTACT_CENTRE))
			.channel(Channel.CONTACT_CENTRE);

		assertThat(centre.action().definition().id()).isEqualTo("help");
	}

	@Test
	void fallbackGoesThroughTheSamePolicies() {
		// Without marketing consent on the web, the carousel shows the tip only, and the
		// hero's fallback, a marketing banner, cannot show.
		Decision decision = decide(customer("c").context(), DecisionRequest.of("c")
			.withPlacements(new Placement("carousel", Channel.WEB, 3), new Placement("hero", Channel.WEB, 1)));

		assertThat(decision.channels().get(0).actions()).extracting((a) -> a.definition().id()).containsExactly("tip");
		ChannelDecision hero = decision.channels().get(1);
		assertThat(hero.isAction()).isFalse();
		assertThat(hero.suppression().code()).isEqualTo(ReasonCode.NO_CONSENT);
	}

	@Test
	void explainListsEveryCandidateWithWhatBecameOfIt() {
		CustomerContext capped = customer("c").grants(Channel.EMAIL)
			.had("promo", Channel.EMAIL, Outcome.SENT, Duration.ofHours(3))
			.had("tip", Channel.EMAIL, Outcome.DISMISS, Duration.ofDays(1))
			.context();

		ChannelDecision email = decide(capped, DecisionRequest.of("c", Channel.EMAIL).explained())
			.channel(Channel.EMAIL);

		assertThat(email.suppression().code()).isEqualTo(ReasonCode.FREQUENCY_CAP);
		assertThat(email.funnel())
			.extracting(Candidate::actionId, Candidate::status, Candidate::removedBy, Candidate::code)
			.containsExactly(tuple("promo", Status.REMOVED, "policy:frequency-cap", ReasonCode.FREQUENCY_CAP),
					tuple("other-promo", Status.REMOVED, "policy:frequency-cap", ReasonCode.FREQUENCY_CAP),
					tuple("tip", Status.REMOVED, "policy:cool-down", ReasonCode.COOL_DOWN));
	}

	@Test
	void withoutExplainThereIsNoFunnel() {
		Decision decision = decide(consented(), DecisionRequest.of("c", Channel.WEB, Channel.EMAIL));

		assertThat(decision.channels()).allSatisfy((c) -> assertThat(c.funnel()).isEmpty());
	}

	@Test
	void candidatesRemovedByTheirOwnLimitsSuppressTheChannelWithTheFirstReason() {
		CustomerContext rejectedEverything = customer("c").grants(Channel.WEB)
			.had("promo", Channel.EMAIL, Outcome.ACCEPT, Duration.ofDays(40))
			.had("other-promo", Channel.EMAIL, Outcome.REJECT, Duration.ofDays(2))
			.had("tip", Channel.APP, Outcome.DISMISS, Duration.ofDays(1))
			.context();

		ChannelDecision web = decide(rejectedEverything, DecisionRequest.of("c", Channel.WEB)).channel(Channel.WEB);

		assertThat(web.suppression().code()).isEqualTo(ReasonCode.ALREADY_ACCEPTED);
		assertThat(web.reasons()).extracting(ChannelDecision.Reason::code)
			.containsExactly(ReasonCode.ALREADY_ACCEPTED, ReasonCode.COOL_DOWN, ReasonCode.COOL_DOWN);
	}

	@Test
	void quietHoursSuppressServiceMessagesTooAndSayWhenSendingIsAllowed() {
		// 12:00 UTC is 21:00 in Tokyo.
		CustomerContext tokyo = customer("c").grants(Channel.EMAIL)
			.profile(Map.of("time_zone", "Asia/Tokyo"))
			.context();

		ChannelDecision email = decide(tokyo, DecisionRequest.of("c", Channel.EMAIL, Channel.WEB).explained())
			.channel(Channel.EMAIL);

		assertThat(email.suppression().code()).isEqualTo(ReasonCode.QUIET_HOURS);
		assertThat(email.suppression().allowedAt()).isEqualTo(Instant.parse("2026-06-01T23:00:00Z"));
		assertThat(email.funnel()).extracting(Candidate::actionId).contains("tip");
	}

	@Test
	void ruleSuppressionComesBeforeThePolicies() {
		CustomerContext quiet = customer("c").grants(Channel.WEB)
			.profile(Map.of("segment", "quiet"))
			.had("promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofHours(1))
			.had("promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofHours(2))
			.had("promo", Channel.WEB, Outcome.IMPRESSION, Duration.ofHours(3))
			.context();

		ChannelDecision web = decide(quiet, DecisionRequest.of("c", Channel.WEB).explained()).channel(Channel.WEB);

		assertThat(web.action().definition().id()).isEqualTo("tip");
		assertThat(web.reasons()).extracting(ChannelDecision.Reason::code)
			.containsExactly(null, ReasonCode.POLICY, ReasonCode.FREQUENCY_CAP);
		assertThat(web.funnel()).extracting(Candidate::actionId, Candidate::removedBy)
			.contains(tuple("promo", "Quiet segment gets no web marketing"));
	}

	@Test
	void ruleSetsThatMatchContactFactsGetOnePerHistoryEntry() {
		CustomerContext clicked = customer("c").had("promo", Channel.WEB, Outcome.CLICK, Duration.ofDays(2)).context();

		Decision decision = decide(clicked, DecisionRequest.of("c", Channel.PUSH));

		assertThat(RULES.matches(Contact.class)).isTrue();
		assertThat(decision.firedRules()).contains("Promo clickers get the tip by push");
	}

	@Test
	void thePopulationsResponseRatesReorderTheCandidatesAndTheFunnelSaysSo() {
		// On the web, few customers respond to the promo and many to the tip; the other
		// promo has too few impressions (the policy's minimum is 200) and keeps the
		// prior.
		PopulationRates population = PopulationRates.builder()
			.add("promo", Channel.WEB, 1_000, 10)
			.add("tip", Channel.WEB, 1_000, 300)
			.add("other-promo", Channel.WEB, 150, 100)
			.build();
		DecisionRequest request = DecisionRequest.of("c", Channel.WEB).withMaxActions(3).explained();

		Decision decision = DecisionEngine.decide(RULES, consented(), request, NOW, "d-1", population);

		ChannelDecision web = decision.channel(Channel.WEB);
		assertThat(web.actions()).extracting((a) -> a.definition().id(), ChosenAction::score)
			.containsExactly(tuple("tip", 30 * 0.3), tuple("other-promo", 40 * 0.1 * 0.5),
					tuple("promo", 50 * 2 * 0.01 * 1.5));
		assertThat(web.funnel()).extracting(Candidate::actionId, Candidate::propensitySource)
			.containsExactly(tuple("tip", Propensity.Source.POPULATION_ON_CHANNEL),
					tuple("other-promo", Propensity.Source.PRIOR),
					tuple("promo", Propensity.Source.POPULATION_ON_CHANNEL));
		assertThat(web.funnel().get(1).propensityBasis()).contains("configured prior")
			.contains("150 impressions and sends are too few");
		// The same inputs, the same snapshot: the same decision.
		assertThat(DecisionEngine.decide(RULES, consented(), request, NOW, "d-1", population)).isEqualTo(decision);
	}

	@Test
	void aRulesPropensityIsNotReplacedByThePopulationsRate() {
		CustomerContext modelled = customer("c").grants(Channel.WEB).profile(Map.of("segment", "modelled")).context();
		PopulationRates population = PopulationRates.builder().add("other-promo", Channel.WEB, 1_000, 1).build();

		ChannelDecision web = DecisionEngine
			.decide(RULES, modelled, DecisionRequest.of("c", Channel.WEB).explained(), NOW, "d-1", population)
			.channel(Channel.WEB);

		assertThat(web.action().score()).isCloseTo(40 * 0.9 * 0.5, within(1e-9));
		assertThat(web.funnel().get(0).propensitySource()).isEqualTo(Propensity.Source.RULE);
	}

	private static CustomerContext consented() {
		return customer("c").grants(Channel.WEB, Channel.EMAIL, Channel.APP, Channel.CONTACT_CENTRE).context();
	}

	private static Decision decide(CustomerContext context, DecisionRequest request) {
		return DecisionEngine.decide(RULES, context, request, NOW, "d-1");
	}

}
