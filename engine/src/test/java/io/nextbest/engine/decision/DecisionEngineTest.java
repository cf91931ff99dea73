package io.nextbest.engine.decision;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's arbitration and policies, with the small rule set in engine-rules/. */
class DecisionEngineTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static RuleSet rules;

	private int events;

	@BeforeAll
	static void loadRules() {
		rules = RuleSetLoader.load(Path.of("src/test/resources/engine-rules"), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void marketingNeverGoesOutWithoutConsentWhateverTheRulesPropose() {
		CustomerContext customer = with(CustomerContext.empty("c1"), segment("silver"),
				consent(Channel.WEB, Purpose.MARKETING, ConsentStatus.GRANTED),
				consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.REVOKED));

		Decision decision = decide(customer, Channel.WEB, Channel.EMAIL, Channel.SMS);

		assertThat(decision.channel(Channel.WEB).action().definition().id()).isEqualTo("promo");
		assertThat(decision.channel(Channel.EMAIL).suppression().code()).isEqualTo(ReasonCode.NO_CONSENT);
		assertThat(decision.channel(Channel.EMAIL).suppression().message()).contains("revoked");
		assertThat(decision.channel(Channel.SMS).suppression().code()).isEqualTo(ReasonCode.NO_CONSENT);
		assertThat(decision.channel(Channel.SMS).suppression().message()).contains("ever given");
	}

	@Test
	void ruleSuppressionRemovesMarketingAndSaysWhy() {
		CustomerContext detractor = with(CustomerContext.empty("c1"), segment("silver"),
				consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED), nps(2));

		ChannelDecision email = decide(detractor, Channel.EMAIL).channel(Channel.EMAIL);

		assertThat(email.suppression().code()).isEqualTo(ReasonCode.DETRACTOR);
		assertThat(email.reasons()).extracting(ChannelDecision.Reason::rule).containsExactly("No email for detractors");
	}

	@Test
	void consentComesFirstAmongSeveralBarriers() {
		CustomerContext detractor = with(CustomerContext.empty("c1"), segment("silver"), nps(2));

		ChannelDecision email = decide(detractor, Channel.EMAIL).channel(Channel.EMAIL);

		assertThat(email.suppression().code()).isEqualTo(ReasonCode.NO_CONSENT);
		assertThat(email.reasons()).extracting(ChannelDecision.Reason::code)
			.containsExactly(ReasonCode.NO_CONSENT, ReasonCode.DETRACTOR);
	}

	@Test
	void serviceMessagesNeedNoMarketingConsent() {
		CustomerContext onboarding = with(CustomerContext.empty("c1"), stage("broadband", Stage.ONBOARDING));

		ChannelDecision web = decide(onboarding, Channel.WEB).channel(Channel.WEB);

		assertThat(web.action().definition().id()).isEqualTo("tip");
		assertThat(web.action().journey()).isEqualTo("broadband");
		assertThat(web.reasons()).extracting(ChannelDecision.Reason::rule)
			.containsExactly("Tip in onboarding", "policy:consent");
	}

	@Test
	void withdrawnServiceConsentBlocksServiceMessagesToo() {
		CustomerContext onboarding = with(CustomerContext.empty("c1"), stage("broadband", Stage.ONBOARDING),
				consent(Channel.WEB, Purpose.SERVICE, ConsentStatus.REVOKED));

		ChannelDecision web = decide(onboarding, Channel.WEB).channel(Channel.WEB);

		assertThat(web.isAction()).isFalse();
		assertThat(web.suppression().code()).isEqualTo(ReasonCode.NO_CONSENT);
	}

	@Test
	void highestPriorityWinsAndTiesGoToTheSmallerActionId() {
		CustomerContext gold = with(CustomerContext.empty("c1"), segment("gold"), stage("broadband", Stage.ADOPTION),
				consent(Channel.WEB, Purpose.MARKETING, ConsentStatus.GRANTED));

		ChannelDecision web = decide(gold, Channel.WEB).channel(Channel.WEB);

		// promo and other-promo both have priority 50; the focus journey is other-promo's
		// ("broadband"), so it wins over the alphabetically smaller "promo".
		assertThat(web.action().definition().id()).isEqualTo("other-promo");
	}

	@Test
	void channelWithConsentAndNothingProposedGetsNone() {
		CustomerContext quiet = with(CustomerContext.empty("c1"),
				consent(Channel.SMS, Purpose.MARKETING, ConsentStatus.GRANTED));

		ChannelDecision sms = decide(quiet, Channel.SMS).channel(Channel.SMS);

		assertThat(sms.isNone()).isTrue();
		assertThat(sms.reasons()).isEmpty();
	}

	@Test
	void actionsAppearOnlyWhereTheCatalogueAllows() {
		CustomerContext gold = with(CustomerContext.empty("c1"), segment("gold"), stage("broadband", Stage.ADOPTION),
				consent(Channel.SMS, Purpose.MARKETING, ConsentStatus.GRANTED));

		ChannelDecision sms = decide(gold, Channel.SMS).channel(Channel.SMS);

		// other-promo would outrank promo, but its catalogue entry does not allow sms.
		assertThat(sms.action().definition().id()).isEqualTo("promo");
	}

	@Test
	void outcomesFollowTheRequestedOrderAndCarryTheRuleSetVersion() {
		Decision decision = decide(CustomerContext.empty("nobody"), Channel.SMS, Channel.WEB, Channel.EMAIL);

		assertThat(decision.channels()).extracting(ChannelDecision::channel)
			.containsExactly(Channel.SMS, Channel.WEB, Channel.EMAIL);
		assertThat(decision.ruleSet()).isEqualTo(rules.version());
		assertThat(decision.ruleSet().hash()).hasSize(12);
	}

	private Decision decide(CustomerContext context, Channel... channels) {
		return DecisionEngine.decide(rules, context, DecisionRequest.of(context.customerId(), channels), NOW, "d-1");
	}

	private CustomerContext with(CustomerContext context, EventFactory... factories) {
		CustomerContext current = context;
		for (EventFactory factory : factories) {
			String id = "e" + (++this.events);
			current = EventApplier.apply(current, factory.event(id, current.customerId()), ContextLimits.DEFAULTS)
				.context();
		}
		return current;
	}

	private static EventFactory segment(String segment) {
		return (id, c) -> new ContextEvent.ProfileUpdated(id, c, at(-10), Map.of("segment", segment));
	}

	private static EventFactory consent(Channel channel, Purpose purpose, ConsentStatus status) {
		return (id, c) -> new ContextEvent.ConsentChanged(id, c, at(-10), channel, purpose, status);
	}

	private static EventFactory stage(String journey, Stage stage) {
		return (id, c) -> new ContextEvent.StageChanged(id, c, at(-10), journey, stage);
	}

	private static EventFactory nps(int score) {
		return (id, c) -> new ContextEvent.SurveyAnswered(id, c, at(-3), SurveyType.NPS, score);
	}

	private static long at(int daysFromNow) {
		return NOW.plusSeconds(daysFromNow * 86_400L).toEpochMilli();
	}

	@FunctionalInterface
	private interface EventFactory {

		ContextEvent event(String eventId, String customerId);

	}

}
