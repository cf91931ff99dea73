package io.nextbest.engine.ruleset;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision tables load beside DRL, and their problems are reported at their rows. */
class DecisionTablesTest {

	private static final String HEADER = """
			RuleSet,io.nextbest.rules,,
			Import,io.nextbest.facts.*,,
			,,,
			RuleTable Stage offers,,,
			NAME,CONDITION,ACTION,ACTION
			,$j : Journey,,
			,stage == Stage.$param,"Propose p = Propose.action(""$param"");","insert(p.priority($param));"
			Rule,Stage,Offer,Priority
			""";

	@Test
	void tableRowsBecomeRules() {
		Validation validation = validate(HEADER + "Adopters get the offer,ADOPTION,offer,60\n"
				+ "Loyal customers are welcome,LOYALTY,welcome,55\n");

		assertThat(validation.diagnostics()).isEmpty();
		assertThat(validation.ruleSet().rules().get("offers.drl.csv")).containsExactly("Adopters get the offer",
				"Loyal customers are welcome");
	}

	@Test
	void typographicQuotesAndNonBreakingSpacesFromSpreadsheetProgramsAreCleanedUp() {
		Validation validation = validate(HEADER.replace("\"\"$param\"\"", "\u201C\u201C$param\u201D\u201D")
				+ "Adopters get the offer,ADOPTION,offer\u00A0,60\n");

		assertThat(validation.diagnostics()).isEmpty();
	}

	@Test
	void unknownActionIsReportedAtItsRow() {
		Validation validation = validate(
				HEADER + "Adopters get the offer,ADOPTION,offer,60\n" + "Loyal customers get a gift,LOYALTY,gift,55\n");

		assertThat(validation.diagnostics()).singleElement().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl.csv");
			assertThat(d.line()).isEqualTo(10);
			assertThat(d.column()).isEqualTo(3);
			assertThat(d.message()).startsWith("row 10, column C: unknown action 'gift'");
		});
	}

	@Test
	void compileErrorIsReportedAtItsRowWithTheGeneratedLine() {
		Validation validation = validate(HEADER + "Adopters get the offer,ADOPTION,offer,60\n"
				+ "Loyal customers get the offer,LOYALTEE,offer,55\n");

		assertThat(validation.diagnostics()).isNotEmpty().allSatisfy((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl.csv");
			assertThat(d.line()).isEqualTo(10);
			assertThat(d.column()).isEqualTo(2);
			assertThat(d.message()).startsWith("row 10, column B: ").contains("LOYALTEE");
		});
	}

	@Test
	void aQuotedCellSpanningLinesIsOneCellAndProblemsAreReportedAtTheirLine() {
		String table = HEADER.replace("\"insert(p.priority($param));\"", "\"insert(p\n    .priority($param));\"")
				+ "Adopters get the offer,ADOPTION,offer,60\n" + "Loyal customers get a gift,LOYALTY,gift,55\n";

		Validation validation = validate(table);

		assertThat(validation.diagnostics()).singleElement().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl.csv");
			// Row 10 of the table starts at line 11 of the file.
			assertThat(d.line()).isEqualTo(11);
			assertThat(d.column()).isEqualTo(3);
			assertThat(d.message()).startsWith("row 10, column C: unknown action 'gift'");
		});
		Validation fixed = validate(table.replace(",gift,", ",offer,"));
		assertThat(fixed.diagnostics()).isEmpty();
		assertThat(fixed.ruleSet().rules().get("offers.drl.csv")).containsExactly("Adopters get the offer",
				"Loyal customers get a gift");
		// Each rule links to its row's line.
		assertThat(fixed.ruleSet().line("Adopters get the offer")).isEqualTo(10);
		assertThat(fixed.ruleSet().line("Loyal customers get a gift")).isEqualTo(11);
	}

	@Test
	void aFileThatIsNotCsvIsReportedAtTheLineItStopsBeingCsv() {
		Validation validation = validate(HEADER + "Adopters get the offer,ADOPTION,\"offer\" now,60\n");

		assertThat(validation.diagnostics()).singleElement().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl.csv");
			assertThat(d.line()).isEqualTo(9);
			assertThat(d.message()).startsWith("not valid CSV: Invalid character between encapsulated token");
		});
	}

	@Test
	void fileWithoutATableIsReported() {
		Validation validation = validate("just,some,cells\n");

		assertThat(validation.diagnostics()).singleElement()
			.satisfies((d) -> assertThat(d.message()).contains("RuleTable"));
	}

	private static Validation validate(String table) {
		RuleFiles files = RuleFiles.of(Map.of("actions.yaml", RuleDirectory.CATALOGUE.getBytes(StandardCharsets.UTF_8),
				"offers.drl.csv", table.getBytes(StandardCharsets.UTF_8)));
		return RuleSetLoader.validate(files, "test",
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC));
	}

}
