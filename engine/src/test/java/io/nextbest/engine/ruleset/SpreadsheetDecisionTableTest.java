package io.nextbest.engine.ruleset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Stage;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A decision table saved as a real spreadsheet ({@code .drl.xlsx}) decides like a DRL
 * file, and a problem in one of its cells is reported at that cell's sheet, row and
 * column.
 */
class SpreadsheetDecisionTableTest {

	private static final Instant NOW = Instant.parse("2025-03-03T10:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@TempDir
	Path folder;

	@BeforeEach
	void catalogueOnly() throws IOException {
		Files.writeString(this.folder.resolve("actions.yaml"), RuleDirectory.CATALOGUE);
	}

	@Test
	void spreadsheetRowsDecideByStageAndSegment() throws IOException {
		writeWorkbook(List.of("Loyal small businesses get the offer", "LOYALTY", "smb", "offer", 60),
				List.of("Loyal enterprises are welcome", "LOYALTY", "enterprise", "welcome", 55));

		RuleSet ruleSet = RuleSetLoader.load(this.folder, CLOCK);

		assertThat(ruleSet.rules().get("offers.drl.xlsx"))
			.containsExactlyInAnyOrder("Loyal small businesses get the offer", "Loyal enterprises are welcome");
		assertThat(decide(ruleSet, loyalCustomerOf("smb"))).isEqualTo("offer");
		assertThat(decide(ruleSet, loyalCustomerOf("enterprise"))).isEqualTo("welcome");
	}

	@Test
	void unknownActionInACellIsReportedAtItsSheetRowAndColumn() throws IOException {
		writeWorkbook(List.of("Loyal small businesses get the offer", "LOYALTY", "smb", "offer", 60),
				List.of("Loyal enterprises get a gift", "LOYALTY", "enterprise", "gift", 55));

		Validation validation = RuleSetLoader.validate(RuleFiles.read(this.folder), "test", CLOCK);

		assertThat(validation.valid()).isFalse();
		assertThat(validation.diagnostics()).singleElement().satisfies((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl.xlsx");
			assertThat(d.line()).isEqualTo(10);
			assertThat(d.column()).isEqualTo(4);
			assertThat(d.message()).startsWith("sheet 'Offers', row 10, column D: unknown action 'gift'");
		});
	}

	@Test
	void compileErrorInACellIsReportedAtItsSheetRowAndColumn() throws IOException {
		writeWorkbook(List.of("Loyal small businesses get the offer", "LOYALTEE", "smb", "offer", 60));

		Validation validation = RuleSetLoader.validate(RuleFiles.read(this.folder), "test", CLOCK);

		assertThat(validation.diagnostics()).isNotEmpty().allSatisfy((d) -> {
			assertThat(d.file()).isEqualTo("offers.drl.xlsx");
			assertThat(d.line()).isEqualTo(9);
			assertThat(d.column()).isEqualTo(2);
			assertThat(d.message()).startsWith("sheet 'Offers', row 9, column B: ").contains("LOYALTEE");
		});
	}

	@Test
	void fileThatIsNotASpreadsheetIsReported() throws IOException {
		Files.writeString(this.folder.resolve("offers.drl.xlsx"), "not a workbook");

		Validation validation = RuleSetLoader.validate(RuleFiles.read(this.folder), "test", CLOCK);

		assertThat(validation.diagnostics()).singleElement()
			.satisfies((d) -> assertThat(d.message()).startsWith("cannot be read as a spreadsheet"));
	}

	/**
	 * Writes {@code offers.drl.xlsx}: a sheet "Offers" with a stage x segment table, its
	 * rule rows from row 9, the way a marketer lays it out in a spreadsheet program
	 * (typographic quotes included).
	 */
	private void writeWorkbook(List<?>... rules) throws IOException {
		try (Workbook workbook = new XSSFWorkbook()) {
			Sheet sheet = workbook.createSheet("Offers");
			row(sheet, 0, "RuleSet", "io.nextbest.rules");
			row(sheet, 1, "Import", "io.nextbest.facts.*");
			row(sheet, 3, "RuleTable Stage and segment offers");
			row(sheet, 4, "NAME", "CONDITION", "CONDITION", "ACTION", "ACTION");
			row(sheet, 5, "", "$j : Journey", "Customer");
			row(sheet, 6, "", "stage == Stage.$param", "segment == \u201C$param\u201D",
					"Propose p = Propose.action(\"$param\").journey($j.getName());", "insert(p.priority($param));");
			row(sheet, 7, "Rule", "Stage", "Segment", "Offer", "Priority");
			for (int i = 0; i < rules.length; i++) {
				row(sheet, 8 + i, rules[i].toArray());
			}
			try (OutputStream out = Files.newOutputStream(this.folder.resolve("offers.drl.xlsx"))) {
				workbook.write(out);
			}
		}
	}

	private static void row(Sheet sheet, int index, Object... values) {
		Row row = sheet.createRow(index);
		for (int i = 0; i < values.length; i++) {
			if (values[i] instanceof Number number) {
				row.createCell(i).setCellValue(number.doubleValue());
			}
			else {
				row.createCell(i).setCellValue((String) values[i]);
			}
		}
	}

	private static CustomerContext loyalCustomerOf(String segment) {
		return new CustomerContext("c", NOW.toEpochMilli(),
				List.of(new CustomerContext.JourneyPosition("broadband", Stage.LOYALTY,
						NOW.minusSeconds(86_400).toEpochMilli())),
				List.of(), List.of(), List.of(),
				List.of(new CustomerContext.ProfileAttribute("segment", segment, NOW.toEpochMilli())), List.of(),
				new long[0]);
	}

	private static String decide(RuleSet ruleSet, CustomerContext context) {
		return DecisionEngine.decide(ruleSet.unobserved(), context, DecisionRequest.of("c", Channel.WEB), NOW, "d")
			.channel(Channel.WEB)
			.action()
			.definition()
			.id();
	}

}
