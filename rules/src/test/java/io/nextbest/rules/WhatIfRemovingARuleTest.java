package io.nextbest.rules;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.whatif.PopulationFilter;
import io.nextbest.engine.whatif.WhatIf;
import io.nextbest.engine.whatif.WhatIfReport;
import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A what-if of this rule set against a copy without "Open case suppresses marketing", on
 * a generated population: the change markets to exactly the customers the rule protected.
 */
class WhatIfRemovingARuleTest {

	private static final Pattern OPEN_CASE_SUPPRESSION = Pattern
		.compile("(?s)rule \"Open case suppresses marketing\".*?\\nend\\n");

	/** Stages whose journey content is a marketing action on email. */
	private static final List<Stage> STAGES = List.of(Stage.AWARENESS, Stage.ENGAGED, Stage.MARKETING_QUALIFIED,
			Stage.EVALUATION, Stage.LOYALTY);

	@Test
	void removingOpenCaseSuppressesMarketingMarketsExactlyTheOpenCaseCustomersWithConsent() {
		RuleFiles serving = RuleFiles.read(Path.of("").toAbsolutePath());
		String service = serving.text("service.drl");
		String without = OPEN_CASE_SUPPRESSION.matcher(service).replaceFirst("");
		assertThat(without).isNotEqualTo(service);
		// The service scenarios expect the rule, so the candidate fails them: it still
		// compiles, and a what-if is how one sees what the change would do.
		RuleSet candidate = RuleSetLoader
			.validate(serving.with(Map.of("service.drl", without.getBytes(StandardCharsets.UTF_8))), "candidate",
					Clock.fixed(SampleRules.NOW, ZoneOffset.UTC))
			.ruleSet();
		assertThat(candidate.rules().get("service.drl")).doesNotContain("Open case suppresses marketing");
		WhatIf whatIf = new WhatIf(SampleRules.RULES, candidate,
				new DecisionRequest("", List.of(Channel.EMAIL, Channel.WEB), "", "", "", "", Map.of()), SampleRules.NOW,
				PopulationRates.NONE, PopulationFilter.EVERYONE);

		List<String> newlyMarketed = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		long detractorsWithOpenCase = 0;
		WhatIfTally total = new WhatIfTally();
		for (int i = 0; i < 600; i++) {
			Generated customer = generated(i);
			WhatIfTally one = new WhatIfTally();
			whatIf.decide(customer.context(), one);
			if (whatIf.report(one).newlyMarketed().count() == 1) {
				newlyMarketed.add(customer.context().customerId());
			}
			if (customer.openCase() && customer.emailConsent() && !customer.detractor()) {
				expected.add(customer.context().customerId());
			}
			if (customer.openCase() && customer.emailConsent() && customer.detractor()) {
				detractorsWithOpenCase++;
			}
			total.merge(one);
		}
		WhatIfReport report = whatIf.report(total);

		assertThat(expected).hasSizeGreaterThan(50);
		assertThat(newlyMarketed).isEqualTo(expected);
		assertThat(report.newlyMarketed().count()).isEqualTo(expected.size());
		assertThat(report.newlySuppressed().count()).isZero();
		// Recent detractors stay off email, now for the detractor rule's reason.
		assertThat(report.channels().get(0).cells()).filteredOn(WhatIfReport.Cell::changed)
			.allSatisfy((cell) -> assertThat(cell.base().label()).isEqualTo("suppressed open_service_case"))
			.filteredOn((cell) -> cell.candidate().label().equals("suppressed detractor"))
			.extracting(WhatIfReport.Cell::customers)
			.containsExactly(detractorsWithOpenCase);
		assertThat(report.channels().get(0).changed()).isEqualTo(expected.size() + detractorsWithOpenCase);
		assertThat(report.channels().get(1).changed()).as("web: the case update outranks marketing").isZero();
	}

	/**
	 * Customer {@code g-<i>}: in one journey at an acquisition stage or loyalty; one in
	 * three with an open case, one in five with a case closed last week, one in seven a
	 * recent detractor; email marketing consent granted for half, denied for a quarter,
	 * never asked for the rest; web marketing consent for two in three.
	 */
	private static Generated generated(int i) {
		Customers customer = Customers.customer(String.format("g-%04d", i))
			.inStage((i % 2 == 0) ? "broadband" : "mobile", STAGES.get(i % STAGES.size()), 10 + i % 400);
		boolean openCase = i % 3 == 0;
		if (openCase) {
			customer.opensCase("k-" + i, "broadband", Severity.MEDIUM, 2);
		}
		if (i % 5 == 1) {
			customer.opensCase("old-" + i, "broadband", Severity.LOW, 20).closesCase("old-" + i, 4);
		}
		boolean detractor = i % 7 == 0;
		customer.answersNps(detractor ? 3 : 8, 30);
		boolean emailConsent = i % 4 < 2;
		if (emailConsent) {
			customer.grantsMarketing(Channel.EMAIL);
		}
		else if (i % 4 == 2) {
			customer.consent(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.DENIED);
		}
		if (i % 3 != 2) {
			customer.grantsMarketing(Channel.WEB);
		}
		return new Generated(customer.context(), openCase, emailConsent, detractor);
	}

	private record Generated(CustomerContext context, boolean openCase, boolean emailConsent, boolean detractor) {
	}

}
