package io.nextbest.engine.whatif;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.MixedPopulation;
import io.nextbest.engine.testing.WhatIfRules;
import io.nextbest.engine.whatif.WhatIfReport.ActionVolume;
import io.nextbest.engine.whatif.WhatIfReport.Cell;
import io.nextbest.engine.whatif.WhatIfReport.ChannelMatrix;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.ReasonCode;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A what-if compares two rule sets over a population: nothing changes between a rule set
 * and itself, the report does not depend on how the work was split, and dropping a
 * suppression rule shows exactly the customers it protected.
 */
class WhatIfTest {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final DecisionRequest EMAIL_AND_WEB = new DecisionRequest("", List.of(Channel.EMAIL, Channel.WEB),
			"", "", "", "", Map.of());

	@TempDir
	Path base;

	@TempDir
	Path candidate;

	@Test
	void identicalRuleSetsChangeNothing() {
		RuleSet serving = rules(this.base, true);
		RuleSet same = rules(this.candidate, true);

		WhatIfReport report = whatIf(serving, same, PopulationFilter.EVERYONE).run(MixedPopulation.of(200).iterator());

		assertThat(report.customers()).isEqualTo(200);
		assertThat(report.changedCustomers()).isZero();
		assertThat(report.newlyMarketed().count()).isZero();
		assertThat(report.newlySuppressed().count()).isZero();
		assertThat(report.changedRules()).isEmpty();
		assertThat(report.channels()).extracting(ChannelMatrix::channel).containsExactly("email", "web");
		assertThat(report.channels()).allSatisfy((channel) -> {
			assertThat(channel.changed()).isZero();
			assertThat(channel.cells()).noneMatch(Cell::changed);
			assertThat(channel.cells().stream().mapToLong(Cell::customers).sum()).isEqualTo(200);
		});
		assertThat(report.markdown()).contains("**No customer's outcome changes.**");
	}

	@Test
	void twoRunsAndAnySplitGiveTheSameReport() {
		RuleSet serving = rules(this.base, true);
		RuleSet dropped = rules(this.candidate, false);
		List<CustomerContext> customers = MixedPopulation.of(300);
		WhatIf whatIf = whatIf(serving, dropped, PopulationFilter.EVERYONE);

		WhatIfReport first = whatIf.run(customers.iterator());
		WhatIfReport second = whatIf.run(customers.iterator());
		// Three parts, counted separately and merged last part first.
		List<WhatIfTally> parts = List.of(new WhatIfTally(), new WhatIfTally(), new WhatIfTally());
		for (int i = customers.size() - 1; i >= 0; i--) {
			whatIf.decide(customers.get(i), parts.get(i % 3));
		}
		WhatIfReport merged = whatIf.report(parts.get(2).merge(parts.get(1)).merge(parts.get(0)));
		// In batches, each decided with one rule set and then the other.
		WhatIfTally batched = new WhatIfTally();
		for (int from = 0; from < customers.size(); from += 64) {
			whatIf.decide(customers.subList(from, Math.min(customers.size(), from + 64)), batched);
		}

		assertThat(first.changedCustomers()).isPositive();
		assertThat(second).isEqualTo(first);
		assertThat(merged).isEqualTo(first);
		assertThat(merged.markdown()).isEqualTo(first.markdown());
		assertThat(whatIf.report(batched)).isEqualTo(first);
	}

	@Test
	void aTallyWrittenAndReadBackReportsTheSame() throws IOException {
		RuleSet serving = rules(this.base, true);
		RuleSet dropped = rules(this.candidate, false);
		List<CustomerContext> customers = MixedPopulation.of(300);
		WhatIf whatIf = whatIf(serving, dropped, PopulationFilter.EVERYONE);
		WhatIfReport whole = whatIf.run(customers.iterator());
		// Two parts, each written as another process would and read back, then merged.
		List<WhatIfTally> parts = List.of(new WhatIfTally(), new WhatIfTally());
		for (int i = 0; i < customers.size(); i++) {
			whatIf.decide(customers.get(i), parts.get(i % 2));
		}
		WhatIfTally merged = new WhatIfTally();
		for (WhatIfTally part : parts) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			part.writeTo(new DataOutputStream(bytes));
			merged.merge(WhatIfTally.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
		}

		assertThat(whole.changedCustomers()).isPositive();
		assertThat(whole.channels()).anySatisfy((channel) -> assertThat(channel.cells())
			.anySatisfy((cell) -> assertThat(cell.examples()).isNotEmpty()));
		assertThat(whatIf.report(merged)).isEqualTo(whole);
	}

	@Test
	void droppingTheOpenCaseSuppressionMarketsOpenCaseCustomersWithConsentOnEmail() {
		RuleSet serving = rules(this.base, true);
		RuleSet dropped = rules(this.candidate, false);
		List<CustomerContext> customers = MixedPopulation.of(300);

		WhatIfReport report = whatIf(serving, dropped, PopulationFilter.EVERYONE).run(customers.iterator());

		List<String> expected = customers.stream()
			.filter((c) -> hasOpenCase(c) && c.consent(Channel.EMAIL, Purpose.MARKETING) == ConsentStatus.GRANTED)
			.map(CustomerContext::customerId)
			.sorted()
			.toList();
		assertThat(expected).hasSizeGreaterThan(20);
		assertThat(report.newlyMarketed().count()).isEqualTo(expected.size());
		assertThat(report.newlyMarketed().examples()).isEqualTo(expected.subList(0, 20));
		assertThat(report.newlySuppressed().count()).isZero();
		ChannelMatrix email = report.channels().get(0);
		Outcome suppressed = new Outcome(Outcome.Kind.SUPPRESSION, "", ReasonCode.OPEN_SERVICE_CASE, false);
		Outcome promo = new Outcome(Outcome.Kind.ACTION, "promo", null, true);
		assertThat(email.cells().get(0))
			.isEqualTo(new Cell(suppressed, promo, expected.size(), expected.subList(0, 20)));
		assertThat(email.changed()).isEqualTo(expected.size());
		// On the web the case update outranks the promo: nothing changes there.
		assertThat(report.channels().get(1).changed()).isZero();
		assertThat(report.changedRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.rule()).isEqualTo("Open case suppresses marketing");
			assertThat(rule.base()).isEqualTo(customers.stream().filter(WhatIfTest::hasOpenCase).count());
			assertThat(rule.candidate()).isZero();
		});
		ActionVolume promoVolume = report.volumes()
			.stream()
			.filter((v) -> v.actionId().equals("promo"))
			.findFirst()
			.orElseThrow();
		assertThat(promoVolume.candidate() - promoVolume.base()).isEqualTo(expected.size());
		assertThat(promoVolume.capacity()).isEqualTo(10);
		assertThat(promoVolume.overCapacity()).isTrue();
		assertThat(report.markdown())
			.contains("| suppressed open\\_service\\_case | promo | " + expected.size() + " | "
					+ String.join(", ", expected.subList(0, 20)) + " |")
			.contains("| promo | " + promoVolume.base() + " | " + promoVolume.candidate() + " | 10 **over** |");
	}

	@Test
	void rulesThatNeverFireAreListedWithTheirFile() {
		RuleSet serving = rules(this.base, true);
		WhatIfReport report = whatIf(serving, serving, PopulationFilter.EVERYONE)
			.run(MixedPopulation.of(50).stream().filter((c) -> !hasOpenCase(c)).iterator());

		assertThat(report.neverFired()).containsExactly(
				new WhatIfReport.RuleRef("case.drl", "Open case gets a case update"),
				new WhatIfReport.RuleRef("suppression.drl", "Open case suppresses marketing"));
	}

	@Test
	void theSampleIsTheSameForTheSameSeedWhateverTheOrder() {
		RuleSet serving = rules(this.base, true);
		List<CustomerContext> customers = MixedPopulation.of(2000);
		PopulationFilter tenth = new PopulationFilter("", null, "", 0.1, 42);

		WhatIfReport forwards = whatIf(serving, serving, tenth).run(customers.iterator());
		List<CustomerContext> reversed = new ArrayList<>(customers);
		Collections.reverse(reversed);
		WhatIfReport backwards = whatIf(serving, serving, tenth).run(reversed.iterator());
		long otherSeed = customers.stream().filter(new PopulationFilter("", null, "", 0.1, 43)::test).count();

		assertThat(forwards).isEqualTo(backwards);
		assertThat(forwards.customers()).isBetween(140L, 260L);
		assertThat(otherSeed).isBetween(140L, 260L).isNotEqualTo(forwards.customers());
		assertThat(forwards.population()).isEqualTo("a sample of 10 % (seed 42)");
	}

	@Test
	void aJourneyAndStageFilterKeepsOnlyThoseCustomers() {
		PopulationFilter loyalBroadband = new PopulationFilter("broadband", Stage.LOYALTY, "", 1, 0);
		List<CustomerContext> customers = MixedPopulation.of(100);

		List<CustomerContext> kept = customers.stream().filter(loyalBroadband::test).toList();

		assertThat(kept).isNotEmpty()
			.allSatisfy((c) -> assertThat(c.journeys()).contains(new JourneyPosition("broadband", Stage.LOYALTY, 1)));
		assertThat(customers.stream()
			.filter((c) -> c.journeys().contains(new JourneyPosition("broadband", Stage.LOYALTY, 1)))
			.count()).isEqualTo(kept.size());
		assertThat(loyalBroadband.describe()).isEqualTo("journey broadband, stage loyalty");
	}

	private WhatIf whatIf(RuleSet serving, RuleSet candidate, PopulationFilter filter) {
		return new WhatIf(serving, candidate, EMAIL_AND_WEB, NOW, PopulationRates.NONE, filter);
	}

	/**
	 * Everyone gets the promo; open cases get the case update, and, with the suppression,
	 * no marketing.
	 */
	private static RuleSet rules(Path root, boolean suppression) {
		WhatIfRules.write(root, suppression);
		return RuleSetLoader.load(root, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static boolean hasOpenCase(CustomerContext context) {
		return context.cases().stream().anyMatch(ServiceCase::isOpen);
	}

}
