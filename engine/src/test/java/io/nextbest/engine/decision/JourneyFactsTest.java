package io.nextbest.engine.decision;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextEvent.CaseClosed;
import io.nextbest.engine.context.ContextEvent.CaseOpened;
import io.nextbest.engine.context.ContextEvent.StageChanged;
import io.nextbest.engine.context.ContextEvent.SurveyAnswered;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.RuleDirectory;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Journey} fact with the expectations of {@code journeys.yaml}, the stage
 * history, the service cases and the NPS answer: rules say "overdue", "regressed", "open
 * case" or "detractor" without arithmetic or a second pattern.
 */
class JourneyFactsTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@TempDir
	static Path folder;

	private static RuleSet rules;

	private int events;

	@BeforeAll
	static void loadRules() {
		RuleDirectory directory = RuleDirectory.empty(folder);
		directory.write("actions.yaml", RuleDirectory.CATALOGUE);
		directory.write("journeys.yaml", """
				journeys:
				  broadband:
				    stages:
				      onboarding: { expected-days: 21, late-after-days: 30 }
				      adoption: { expected-days: 60, late-after-days: 90 }
				""");
		directory.write("path.drl", """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "Overdue gets the welcome"
				when
				    $j : Journey(overdue)
				then
				    insert(Propose.action("welcome").priority(50)
				        .because($j.getDaysInStage() + " days, " + $j.getExpectedDays() + " expected, "
				            + $j.getDaysOverdue() + " overdue"));
				end

				rule "Regressed gets the offer"
				when
				    $j : Journey(regressed)
				then
				    insert(Propose.action("offer").priority(60).because("back from " + $j.getPreviousStage()));
				end

				rule "An open case about the journey's product gets the welcome"
				when
				    $j : Journey(openCase)
				then
				    insert(Propose.action("welcome").priority(70).because("open case about " + $j.getName()));
				end

				rule "A detractor gets the offer"
				when
				    $j : Journey(detractor, openCase == false)
				then
				    insert(Propose.action("offer").priority(40).because("detractor in " + $j.getName()));
				end
				""");
		rules = RuleSetLoader.load(folder, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void aCustomerPastTheLateAfterDaysIsOverdue() {
		CustomerContext customer = stages("broadband", Stage.ONBOARDING, 31);

		ChannelDecision web = decide(customer).channel(Channel.WEB);

		assertThat(web.action().definition().id()).isEqualTo("welcome");
		assertThat(web.reasons().get(0).message()).isEqualTo("31 days, 21 expected, 1 overdue");
	}

	@Test
	void aCustomerOnTheLastDayOrInAnUnplannedJourneyIsNotOverdue() {
		assertThat(decide(stages("broadband", Stage.ONBOARDING, 30)).channel(Channel.WEB).isAction()).isFalse();
		assertThat(decide(stages("tv", Stage.ONBOARDING, 300)).channel(Channel.WEB).isAction()).isFalse();
	}

	@Test
	void aCustomerBackFromALaterStageHasRegressed() {
		CustomerContext customer = stages("broadband", Stage.VALUE_REALIZATION, 20, Stage.ADOPTION, 3);

		ChannelDecision web = decide(customer).channel(Channel.WEB);

		assertThat(web.action().definition().id()).isEqualTo("offer");
		assertThat(web.reasons().get(0).message()).isEqualTo("back from VALUE_REALIZATION");
	}

	@Test
	void aCustomerMovingOnHasNotRegressed() {
		CustomerContext customer = stages("broadband", Stage.ONBOARDING, 20, Stage.ADOPTION, 3);

		assertThat(decide(customer).channel(Channel.WEB).isAction()).isFalse();
	}

	@Test
	void anOpenCaseAboutTheJourneysProductIsOnTheJourney() {
		CustomerContext customer = with(stages("broadband", Stage.ADOPTION, 10),
				new CaseOpened("e-case", "c1", at(2), "k1", "broadband", Severity.HIGH));

		ChannelDecision web = decide(customer).channel(Channel.WEB);

		assertThat(web.action().definition().id()).isEqualTo("welcome");
		assertThat(web.reasons().get(0).message()).isEqualTo("open case about broadband");
	}

	@Test
	void aCaseAboutAnotherProductOrAClosedOneIsNot() {
		CustomerContext otherProduct = with(stages("broadband", Stage.ADOPTION, 10),
				new CaseOpened("e-case", "c1", at(2), "k1", "tv", Severity.HIGH));
		CustomerContext closed = with(otherProduct,
				new CaseOpened("e-case2", "c1", at(2), "k2", "broadband", Severity.LOW),
				new CaseClosed("e-close", "c1", at(1), "k2"));

		assertThat(decide(otherProduct).channel(Channel.WEB).isAction()).isFalse();
		assertThat(decide(closed).channel(Channel.WEB).isAction()).isFalse();
	}

	@Test
	void aLatestNpsAnswerOfSixOrLessMakesADetractor() {
		CustomerContext six = with(stages("broadband", Stage.ADOPTION, 10),
				new SurveyAnswered("e-nps", "c1", at(3), SurveyType.NPS, 6));
		CustomerContext seven = with(stages("broadband", Stage.ADOPTION, 10),
				new SurveyAnswered("e-nps", "c1", at(3), SurveyType.NPS, 7));
		CustomerContext lowCsat = with(stages("broadband", Stage.ADOPTION, 10),
				new SurveyAnswered("e-csat", "c1", at(3), SurveyType.CSAT, 1));

		ChannelDecision web = decide(six).channel(Channel.WEB);
		assertThat(web.action().definition().id()).isEqualTo("offer");
		assertThat(web.reasons().get(0).message()).isEqualTo("detractor in broadband");
		assertThat(decide(seven).channel(Channel.WEB).isAction()).isFalse();
		assertThat(decide(lowCsat).channel(Channel.WEB).isAction()).isFalse();
	}

	private static CustomerContext with(CustomerContext context, ContextEvent... events) {
		for (ContextEvent event : events) {
			context = EventApplier.apply(context, event, ContextLimits.DEFAULTS).context();
		}
		return context;
	}

	private static long at(long daysAgo) {
		return NOW.minus(Duration.ofDays(daysAgo)).toEpochMilli();
	}

	/** Stage changes, each the stage and how many days ago, oldest first. */
	private CustomerContext stages(String journey, Object... stagesAndDaysAgo) {
		CustomerContext context = null;
		for (int i = 0; i < stagesAndDaysAgo.length; i += 2) {
			long at = NOW.minus(Duration.ofDays(((Number) stagesAndDaysAgo[i + 1]).longValue())).toEpochMilli();
			context = EventApplier
				.apply(context, new StageChanged("e" + (++this.events), "c1", at, journey, (Stage) stagesAndDaysAgo[i]),
						ContextLimits.DEFAULTS)
				.context();
		}
		return context;
	}

	private static Decision decide(CustomerContext customer) {
		return DecisionEngine.decide(rules, customer, DecisionRequest.of("c1", Channel.WEB), NOW, "d1",
				PopulationRates.NONE);
	}

}
