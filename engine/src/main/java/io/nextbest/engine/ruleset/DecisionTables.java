package io.nextbest.engine.ruleset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

import io.nextbest.engine.model.RuleDiagnostic;

/**
 * Decision tables: spreadsheets ({@code .drl.xlsx}) and their CSV form
 * ({@code .drl.csv}), in the Drools decision table format. Each table is turned into DRL
 * here rather than by the knowledge builder, so that a problem in a generated rule is
 * reported at the table row it came from, and so that what spreadsheet programs add
 * (typographic quotes, non-breaking spaces) is cleaned up before Drools reads it.
 */
final class DecisionTables implements RuleFileHandler {

	@Override
	public boolean handles(String name) {
		return RuleFiles.isDecisionTable(name);
	}

	@Override
	public void add(String name, byte[] content, Compilation compilation) {
		boolean csv = name.endsWith(".csv");
		String text = csv ? clean(new String(content, StandardCharsets.UTF_8)) : null;
		Map<String, Map<Integer, List<String>>> sheets = csv ? Map.of("", csvCells(text))
				: workbookCells(name, content, compilation);
		if (sheets == null) {
			return;
		}
		String drl;
		try {
			if (csv) {
				drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
						InputType.CSV);
			}
			else {
				drl = clean(new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), InputType.XLS));
			}
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
		compilation.addDrl(name, drl, Compilation.SourceMap.of(drl, sheets));
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
	private static Map<String, Map<Integer, List<String>>> workbookCells(String name, byte[] content,
			Compilation compilation) {
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
			return sheets;
		}
		catch (IOException | RuntimeException ex) {
			compilation.report(new RuleDiagnostic(name, 0, 0, "cannot be read as a spreadsheet: " + describe(ex)));
			return null;
		}
	}

	/**
	 * The cells of a CSV table by line number from 1, only to locate problems: a quoted
	 * cell spanning lines (rare in a rule table) leaves that row's columns unknown.
	 */
	private static Map<Integer, List<String>> csvCells(String text) {
		Map<Integer, List<String>> rows = new HashMap<>();
		String[] lines = text.split("\r?\n", -1);
		for (int i = 0; i < lines.length; i++) {
			List<String> cells = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quoted = false;
			String line = lines[i];
			for (int c = 0; c < line.length(); c++) {
				char ch = line.charAt(c);
				if (ch == '"' && quoted && c + 1 < line.length() && line.charAt(c + 1) == '"') {
					cell.append('"');
					c++;
				}
				else if (ch == '"') {
					quoted = !quoted;
				}
				else if (ch == ',' && !quoted) {
					cells.add(cell.toString());
					cell.setLength(0);
				}
				else {
					cell.append(ch);
				}
			}
			cells.add(cell.toString());
			rows.put(i + 1, cells);
		}
		return rows;
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
