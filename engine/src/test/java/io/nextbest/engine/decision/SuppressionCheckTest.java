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
import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.decision.SuppressionCheck.Verdict;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;

/** Bulk verdicts agree with decisions, with the small rule set in engine-rules/. */
class SuppressionCheckTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final Send MARKETING_EMAIL = new Send("spring-sale", Channel.EMAIL, Purpose.MARKETING, "", false);

	private static RuleSet rules;

	private int events;

	@BeforeAll
	static void loadRules() {
		rules = RuleSetLoader.load(Path.of("src/test/resources/engine-rules"), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void consentedHappyCustomerIsSent() {
		CustomerContext customer = with("happy", consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED));

		assertThat(verdict(customer, MARKETING_EMAIL)).isEqualTo(Verdict.SEND);
	}

	@Test
	void unknownCustomerGetsNoMarketingByDefault() {
		Verdict verdict = verdict(CustomerContext.empty("stranger"), MARKETING_EMAIL);

		assertThat(verdict.send()).isFalse();
		assertThat(verdict.code()).isEqualTo(ReasonCode.NO_CONSENT);
		assertThat(verdict.rule()).isEqualTo("policy:consent");
		assertThat(verdict.message()).contains("ever given");
	}

	@Test
	void impliedConsentSendsToCustomersWhoNeverAnsweredButNotToThoseWhoRevoked() {
		Send implied = new Send("", Channel.EMAIL, Purpose.MARKETING, "", true);
		CustomerContext revoked = with("revoked", consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.REVOKED));

		assertThat(verdict(CustomerContext.empty("stranger"), implied).send()).isTrue();
		assertThat(verdict(revoked, implied).code()).isEqualTo(ReasonCode.NO_CONSENT);
	}

	@Test
	void detractorIsSuppressedByTheSameRuleAsInADecision() {
		CustomerContext detractor = with("detractor", segment("silver"),
				consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED), nps(2));

		Verdict verdict = verdict(detractor, MARKETING_EMAIL);
		ChannelDecision decided = DecisionEngine
			.decide(rules, detractor, DecisionRequest.of("detractor", Channel.EMAIL), NOW, "d")
			.channel(Channel.EMAIL);

		assertThat(verdict.code()).isEqualTo(ReasonCode.DETRACTOR).isEqualTo(decided.suppression().code());
		assertThat(verdict.rule()).isEqualTo("No email for detractors");
		assertThat(verdict.message()).isEqualTo(decided.suppression().message());
	}

	@Test
	void ruleSuppressionOnAnotherChannelDoesNotStopTheSend() {
		CustomerContext detractor = with("detractor", consent(Channel.SMS, Purpose.MARKETING, ConsentStatus.GRANTED),
				nps(2));

		assertThat(verdict(detractor, new Send("", Channel.SMS, Purpose.MARKETING, "", false)).send()).isTrue();
	}

	@Test
	void serviceSendGoesWithoutConsentAndDespiteMarketingSuppressions() {
		Send service = new Send("", Channel.EMAIL, Purpose.SERVICE, "tip", false);
		CustomerContext detractor = with("detractor", nps(2));
		CustomerContext optedOut = with("opted-out", consent(Channel.EMAIL, Purpose.SERVICE, ConsentStatus.DENIED));

		assertThat(verdict(detractor, service).send()).isTrue();
		assertThat(verdict(CustomerContext.empty("stranger"), service).send()).isTrue();
		assertThat(verdict(optedOut, service).code()).isEqualTo(ReasonCode.NO_CONSENT);
		assertThat(verdict(optedOut, service).message()).contains("denied service messages");
	}

	@Test
	void quietHoursHoldBackEveryOutboundSendInTheCustomersTimeZone() {
		RuleSet withPolicy = policyRules();
		CustomerContext parisian = with("parisian", consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED));
		Instant lateInParis = Instant.parse("2026-06-01T21:30:00Z");

		Verdict marketing = SuppressionCheck.verdict(withPolicy, parisian, MARKETING_EMAIL, lateInParis);
		Verdict service = SuppressionCheck.verdict(withPolicy, parisian,
				new Send("", Channel.EMAIL, Purpose.SERVICE, "tip", false), lateInParis);

		assertThat(marketing.code()).isEqualTo(ReasonCode.QUIET_HOURS);
		assertThat(service.code()).isEqualTo(ReasonCode.QUIET_HOURS);
		assertThat(SuppressionCheck.verdict(withPolicy, parisian, MARKETING_EMAIL, NOW).send()).isTrue();
	}

	@Test
	void frequencyCapStopsMarketingButNotServiceSends() {
		RuleSet withPolicy = policyRules();
		CustomerContext twiceEmailed = with("twice", consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED),
				sent("promo", -2), sent("other-promo", -3));

		Verdict marketing = SuppressionCheck.verdict(withPolicy, twiceEmailed, MARKETING_EMAIL, NOW);
		ChannelDecision decided = DecisionEngine
			.decide(withPolicy, twiceEmailed, DecisionRequest.of("twice", Channel.EMAIL), NOW, "d")
			.channel(Channel.EMAIL);

		assertThat(marketing.code()).isEqualTo(ReasonCode.FREQUENCY_CAP);
		// The decision still shows a service message there; the cap is among its reasons.
		assertThat(decided.reasons()).extracting(ChannelDecision.Reason::code).contains(ReasonCode.FREQUENCY_CAP);
		assertThat(SuppressionCheck
			.verdict(withPolicy, twiceEmailed, new Send("", Channel.EMAIL, Purpose.SERVICE, "tip", false), NOW)
			.send()).isTrue();
	}

	@Test
	void sentActionInCoolDownIsHeldBackOnlyForThatAction() {
		RuleSet withPolicy = policyRules();
		CustomerContext rejected = with("rejected", consent(Channel.SMS, Purpose.MARKETING, ConsentStatus.GRANTED),
				outcome("promo", Channel.WEB, io.nextbest.facts.Outcome.REJECT, -5));

		Verdict promo = SuppressionCheck.verdict(withPolicy, rejected,
				new Send("", Channel.SMS, Purpose.MARKETING, "promo", false), NOW);
		Verdict campaign = SuppressionCheck.verdict(withPolicy, rejected,
				new Send("", Channel.SMS, Purpose.MARKETING, "", false), NOW);

		assertThat(promo.code()).isEqualTo(ReasonCode.COOL_DOWN);
		assertThat(campaign.send()).isTrue();
	}

	private static RuleSet policyRules() {
		return RuleSetLoader.load(Path.of("src/test/resources/policy-rules"), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static EventFactory sent(String actionId, int daysFromNow) {
		return outcome(actionId, Channel.EMAIL, io.nextbest.facts.Outcome.SENT, daysFromNow);
	}

	private static EventFactory outcome(String actionId, Channel channel, io.nextbest.facts.Outcome outcome,
			int daysFromNow) {
		return (id, c) -> new ContextEvent.OutcomeRecorded(id, c, at(daysFromNow), "d-" + id, actionId, channel,
				outcome);
	}

	private static Verdict verdict(CustomerContext context, Send send) {
		return SuppressionCheck.verdict(rules, context, send, NOW);
	}

	private CustomerContext with(String customerId, EventFactory... factories) {
		CustomerContext current = CustomerContext.empty(customerId);
		for (EventFactory factory : factories) {
			String id = "e" + (++this.events);
			current = EventApplier.apply(current, factory.event(id, customerId), ContextLimits.DEFAULTS).context();
		}
		return current;
	}

	private static EventFactory segment(String segment) {
		return (id, c) -> new ContextEvent.ProfileUpdated(id, c, at(-10), Map.of("segment", segment));
	}

	private static EventFactory consent(Channel channel, Purpose purpose, ConsentStatus status) {
		return (id, c) -> new ContextEvent.ConsentChanged(id, c, at(-10), channel, purpose, status);
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
