package io.nextbest.engine.ruleset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.decisiontable.parser.DefaultRuleSheetListener;
import org.drools.template.parser.DataListener;

import io.nextbest.engine.model.RuleDiagnostic;

/**
 * Decision tables: spreadsheets ({@code .drl.xlsx}) and their CSV form
 * ({@code .drl.csv}), in the Drools decision table format. Each table is turned into DRL
 * here rather than by the knowledge builder, so that a problem in a generated rule is
 * reported at the table row it came from, and so that what spreadsheet programs add
 * (typographic quotes, non-breaking spaces) is cleaned up before Drools reads it.
 */
final class DecisionTables implements RuleFileHandler {

	/** RFC 4180, each line a row, blank ones too. */
	static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

	@Override
	public boolean handles(String name) {
		return RuleFiles.isDecisionTable(name);
	}

	@Override
	public void add(String name, byte[] content, Compilation compilation) {
		Table table = name.endsWith(".csv")
				? csvTable(name, clean(new String(content, StandardCharsets.UTF_8)), compilation)
				: workbookTable(name, content, compilation);
		if (table == null) {
			return;
		}
		String drl;
		try {
			drl = table.drl().get();
		}
		catch (RuntimeException ex) {
			compilation.report(new RuleDiagnostic(name, 0, 0, "not a valid decision table: " + describe(ex)));
			return;
		}
		if (!drl.contains("rule ")) {
			compilation.report(new RuleDiagnostic(name, 0, 0,
					"no rules found: a decision table needs a 'RuleTable <name>' row, then a row of CONDITION and "
							+ "ACTION columns, their templates, titles, and one row per rule"));
			return;
		}
		compilation.addDrl(name, drl, Compilation.SourceMap.of(drl, table.sheets(), table.lines()));
	}

	/**
	 * A table read: its rules as DRL, made on demand since Drools reports a table it
	 * cannot read by throwing; its cells by sheet, then row; and the line of the file
	 * each row starts at, where that is not the row number.
	 */
	private record Table(Supplier<String> drl, Map<String, Map<Integer, List<String>>> sheets,
			Map<Integer, Integer> lines) {
	}

	/**
	 * Typographic quotes become straight quotes, and non-breaking spaces plain ones:
	 * spreadsheet programs put them in as people type, and Drools reads them as
	 * characters of a name or a syntax error.
	 */
	static String clean(String text) {
		return text.replace('\u201C', '"')
			.replace('\u201D', '"')
			.replace('\u201E', '"')
			.replace('\u2018', '\'')
			.replace('\u2019', '\'')
			.replace('\u00A0', ' ')
			.replace("\uFEFF", "");
	}

	/** The cells of every sheet, by row number from 1, as their values display. */
	private static Table workbookTable(String name, byte[] content, Compilation compilation) {
		try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
			DataFormatter formatter = new DataFormatter();
			Map<String, Map<Integer, List<String>>> sheets = new LinkedHashMap<>();
			for (Sheet sheet : workbook) {
				Map<Integer, List<String>> rows = new HashMap<>();
				for (Row row : sheet) {
					List<String> cells = new ArrayList<>();
					for (int column = 0; column < Math.max(row.getLastCellNum(), 0); column++) {
						Cell cell = row.getCell(column);
						cells.add((cell != null) ? clean(formatter.formatCellValue(cell)) : "");
					}
					rows.put(row.getRowNum() + 1, cells);
				}
				sheets.put(sheet.getSheetName(), rows);
			}
			return new Table(
					() -> clean(new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), InputType.XLS)),
					sheets, Map.of());
		}
		catch (IOException | RuntimeException ex) {
			compilation.report(new RuleDiagnostic(name, 0, 0, "cannot be read as a spreadsheet: " + describe(ex)));
			return null;
		}
	}

	/**
	 * A CSV table, read by Apache Commons CSV (a quoted cell may span lines) and handed
	 * to Drools' rule sheet listener row by row, as Drools' own CSV reader would, which
	 * reads a line as a row. Blank lines are rows, as they are to Drools: a table's rows
	 * are counted from its {@code RuleTable} row.
	 */
	private static Table csvTable(String name, String text, Compilation compilation) {
		Map<Integer, List<String>> rows = new HashMap<>();
		Map<Integer, Integer> lines = new HashMap<>();
		DefaultRuleSheetListener listener = new DefaultRuleSheetListener();
		long line = 1;
		try (CSVParser parser = CSV.parse(new StringReader(text))) {
			listener.startSheet("csv");
			for (Iterator<CSVRecord> records = parser.iterator(); records.hasNext();) {
				CSVRecord record = records.next();
				int row = (int) record.getRecordNumber();
				List<String> cells = record.toList();
				rows.put(row, cells);
				lines.put(row, (int) line);
				line = parser.getCurrentLineNumber() + 1;
				listener.newRow(row - 1, cells.size());
				// A cell ending in "..." starts cells merged up to the next that does
				// not.
				int mergedFrom = DataListener.NON_MERGED;
				for (int column = 0; column < cells.size(); column++) {
					String cell = cells.get(column);
					boolean merged = cell.endsWith("...");
					mergedFrom = !merged ? DataListener.NON_MERGED
							: (mergedFrom == DataListener.NON_MERGED) ? column : mergedFrom;
					listener.newCell(row - 1, column, merged ? cell.substring(0, cell.length() - 3) : cell, mergedFrom);
				}
			}
			listener.finishSheet();
		}
		catch (IOException | UncheckedIOException ex) {
			String problem = String.valueOf(((ex.getCause() != null) ? ex.getCause() : ex).getMessage())
				.replaceFirst("^\\(startline \\d+\\) ", "");
			compilation.report(new RuleDiagnostic(name, (int) line, 0, "not valid CSV: " + problem));
			return null;
		}
		catch (RuntimeException ex) {
			// Drools reads each row as it comes: one out of place ends the table.
			compilation.report(new RuleDiagnostic(name, 0, 0, "not a valid decision table: " + describe(ex)));
			return null;
		}
		return new Table(() -> new SpreadsheetCompiler().listenerToString(listener), Map.of("", rows), lines);
	}

	private static String describe(Throwable ex) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
				message.append((message.length() > 0) ? ": " : "").append(cause.getMessage().strip());
			}
		}
		return (message.length() > 0) ? message.toString() : ex.getClass().getSimpleName();
	}

}
