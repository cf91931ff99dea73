package io.nextbest.engine.ruleset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.builder.conf.ParallelRulesBuildThresholdOption;

import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.RuleDiagnostic;

/**
 * One build of a rule set: the Drools knowledge builder, the catalogue rules are checked
 * against, and every problem found so far. Mutable, and used by one build only.
 */
final class Compilation {

	/** Where a DRL parser error is: {@code [ERR 101] Line 147:21 no viable ...}. */
	private static final Pattern PARSER_POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");

	/** A literal action id in a rule: {@code Propose.action("welcome-guide")}. */
	private static final Pattern PROPOSED_ACTION = Pattern.compile("\\baction\\(\\s*\"([^\"]*)\"");

	private final KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration());

	private final ActionCatalogue catalogue;

	private final boolean haveCatalogue;

	private final List<RuleDiagnostic> diagnostics;

	/** For DRL generated from a decision table: where its lines came from. */
	private final Map<String, SourceMap> sourceMaps = new HashMap<>();

	Compilation(ActionCatalogue catalogue, boolean haveCatalogue, List<RuleDiagnostic> diagnostics) {
		this.catalogue = catalogue;
		this.haveCatalogue = haveCatalogue;
		this.diagnostics = diagnostics;
	}

	/**
	 * Adds DRL to the build and checks the actions it proposes.
	 * @param file the file it comes from
	 * @param drl the rules
	 * @param sourceMap for generated DRL, where each line came from; null for a DRL file
	 */
	void addDrl(String file, String drl, SourceMap sourceMap) {
		if (sourceMap != null) {
			this.sourceMaps.put(file, sourceMap);
		}
		this.builder.add(new DrlResource(drl.getBytes(StandardCharsets.UTF_8)).setSourcePath(file), ResourceType.DRL);
		checkActions(file, drl, sourceMap);
	}

	/**
	 * Builds on the calling thread alone: Drools would otherwise compile a file of many
	 * rules on a pool with a thread per core, and a reload would take every core from the
	 * decisions being served meanwhile. Types are looked up through the server's
	 * {@link CachingClassLoader}.
	 */
	private static KnowledgeBuilderConfiguration configuration() {
		KnowledgeBuilderConfiguration configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null,
				CachingClassLoader.server());
		configuration.setOption(ParallelRulesBuildThresholdOption.get(-1));
		return configuration;
	}

	void report(RuleDiagnostic diagnostic) {
		this.diagnostics.add(diagnostic);
	}

	/**
	 * The builder, once every file is added; compile errors are reported as diagnostics.
	 */
	KnowledgeBuilder finish() {
		List<RuleDiagnostic> errors = new ArrayList<>();
		for (KnowledgeBuilderResult result : this.builder.getResults(ResultSeverity.ERROR)) {
			errors.add(diagnostic(result));
		}
		for (RuleDiagnostic error : errors) {
			// Drools follows a syntax error with this; it only repeats that the file
			// failed.
			boolean echo = error.message().endsWith("Parser returned a null Package")
					&& errors.stream().anyMatch((e) -> e != error && e.file().equals(error.file()));
			if (!echo) {
				this.diagnostics.add(error);
			}
		}
		return this.builder;
	}

	private void checkActions(String file, String drl, SourceMap sourceMap) {
		String[] lines = drl.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.strip().startsWith("//") || line.strip().startsWith("#")) {
				continue;
			}
			Matcher matcher = PROPOSED_ACTION.matcher(line);
			while (matcher.find()) {
				String id = matcher.group(1);
				if (this.haveCatalogue && !this.catalogue.isDeclared(id)) {
					String message = "unknown action '" + id + "': it is not in " + ActionCatalogue.FILE_NAME
							+ " (known: " + this.catalogue.ids() + ")";
					this.diagnostics.add((sourceMap != null) ? sourceMap.locate(file, i + 1, message)
							: new RuleDiagnostic(file, i + 1, matcher.start(1) + 1, message));
				}
			}
		}
	}

	private RuleDiagnostic diagnostic(KnowledgeBuilderResult result) {
		String file = (result.getResource() != null && result.getResource().getSourcePath() != null)
				? result.getResource().getSourcePath() : "?";
		int[] lines = result.getLines();
		int line = (lines != null && lines.length > 0) ? Math.max(lines[0], 0) : 0;
		int column = Math.max(result.asMessage(0).getColumn(), 0);
		String message = result.getMessage().strip().replaceAll("\\s+", " ");
		Matcher parser = PARSER_POSITION.matcher(message);
		if (column == 0 && parser.find() && Integer.parseInt(parser.group(1)) == line) {
			// The parser's errors say where only in their text, from column 0.
			column = Integer.parseInt(parser.group(2)) + 1;
		}
		SourceMap sourceMap = this.sourceMaps.get(file);
		if (sourceMap != null) {
			return sourceMap.locate(file, line, message);
		}
		return new RuleDiagnostic(file, line, column, message);
	}

	/**
	 * Where the lines of DRL generated from a decision table came from.
	 *
	 * @param generated the generated DRL, by line
	 * @param sheets the cells of the table by sheet name (one unnamed sheet for CSV),
	 * then by row number from 1, each row's cells in column order, cleaned as the DRL was
	 * @param lines the line of the file a row starts at, where it is not the row's number
	 * (a CSV file with a quoted cell spanning lines)
	 */
	record SourceMap(List<String> generated, Map<String, Map<Integer, List<String>>> sheets,
			Map<Integer, Integer> lines) {

		/** Drools precedes each generated rule with the cell its row starts at. */
		private static final Pattern ROW = Pattern.compile("^\\s*// rule values at ([A-Z]+)(\\d+)");

		/** Expressions Drools quotes when it cannot place an error on a line. */
		private static final List<Pattern> QUOTED = List.of(Pattern.compile("Unable to Analyse Expression (.+?):"),
				Pattern.compile("\\[Near : \\{\\.\\.\\. (.+?) \\.\\.\\.\\.}]"));

		static SourceMap of(String drl, Map<String, Map<Integer, List<String>>> sheets, Map<Integer, Integer> lines) {
			return new SourceMap(List.of(drl.split("\n", -1)), sheets, lines);
		}

		/**
		 * A problem at a line of the generated DRL, located at the table row it came
		 * from, and at the cell when one cell's value is in the generated line, with the
		 * generated line quoted so the cell at fault can be recognised.
		 */
		RuleDiagnostic locate(String file, int line, String message) {
			if (line <= 0) {
				line = lineOf(message);
			}
			String generatedLine = (line >= 1 && line <= this.generated.size()) ? this.generated.get(line - 1).strip()
					: "";
			String quoted = generatedLine.isEmpty() ? "" : " (generated: " + generatedLine + ")";
			for (int i = Math.min(line, this.generated.size()) - 1; i >= 0; i--) {
				Matcher matcher = ROW.matcher(this.generated.get(i));
				if (matcher.find()) {
					int row = Integer.parseInt(matcher.group(2));
					Cell cell = cell(row, generatedLine);
					StringBuilder where = new StringBuilder();
					if (cell != null && !cell.sheet().isEmpty()) {
						where.append("sheet '").append(cell.sheet()).append("', ");
					}
					else if (cell == null && this.sheets.size() == 1 && !this.sheets.containsKey("")) {
						where.append("sheet '").append(this.sheets.keySet().iterator().next()).append("', ");
					}
					where.append("row ").append(row);
					if (cell != null) {
						where.append(", column ").append(columnName(cell.column()));
					}
					return new RuleDiagnostic(file, this.lines.getOrDefault(row, row),
							(cell != null) ? cell.column() : 0, where + ": " + message + quoted);
				}
			}
			// Before the first rule, or nowhere known: the table's header (RuleSet,
			// Import, RuleTable rows).
			return new RuleDiagnostic(file, 0, 0, "in the table's header rows: " + message + quoted);
		}

		/**
		 * The cell of the row whose value the generated line holds; the longest such
		 * value, since a short one (a priority, say) may also occur by chance. Null when
		 * no cell, or cells of several sheets, match.
		 */
		private Cell cell(int row, String generatedLine) {
			if (generatedLine.isEmpty()) {
				return null;
			}
			Cell best = null;
			int bestLength = 0;
			boolean ambiguous = false;
			for (Map.Entry<String, Map<Integer, List<String>>> sheet : this.sheets.entrySet()) {
				List<String> cells = sheet.getValue().getOrDefault(row, List.of());
				for (int column = 0; column < cells.size(); column++) {
					String value = cells.get(column).strip();
					if (value.isEmpty() || !generatedLine.contains(value)) {
						continue;
					}
					if (value.length() > bestLength) {
						ambiguous = false;
						best = new Cell(sheet.getKey(), column + 1);
						bestLength = value.length();
					}
					else if (value.length() == bestLength && !best.sheet().equals(sheet.getKey())) {
						ambiguous = true;
					}
				}
			}
			return ambiguous ? null : best;
		}

		/** A spreadsheet column's letters: 1 is A, 27 is AA. */
		static String columnName(int column) {
			StringBuilder name = new StringBuilder();
			for (int n = column; n > 0; n = (n - 1) / 26) {
				name.insert(0, (char) ('A' + (n - 1) % 26));
			}
			return name.toString();
		}

		/** The first generated line holding an expression the message quotes, or 0. */
		private int lineOf(String message) {
			for (Pattern quoted : QUOTED) {
				Matcher matcher = quoted.matcher(message);
				if (matcher.find() && !matcher.group(1).isBlank()) {
					for (int i = 0; i < this.generated.size(); i++) {
						if (this.generated.get(i).contains(matcher.group(1).strip())) {
							return i + 1;
						}
					}
				}
			}
			return 0;
		}

		/** A cell: its sheet ("" for CSV) and column, from 1. */
		private record Cell(String sheet, int column) {

		}

	}

}
