package io.nextbest.engine.ruleset;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Where each rule starts in its file, so that a tool can link a rule to its source: the
 * line of its {@code rule} keyword in a DRL file, the row of its name in a CSV decision
 * table. Read from the files' text after they compiled, since the compiled rules keep no
 * positions. A spreadsheet's rows are not read: its rules have no line.
 */
final class RuleLines {

	/**
	 * {@code rule "name"}, {@code rule 'name'} or {@code rule name} at a line's start.
	 */
	private static final Pattern RULE = Pattern
		.compile("^[ \\t]*rule[ \\t]+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|(\\S+))", Pattern.MULTILINE);

	private RuleLines() {
	}

	/**
	 * @param files the rule set's files
	 * @param rules the names of each file's rules
	 * @return the line of each rule found, by name; a rule not found is left out
	 */
	static Map<String, Integer> of(RuleFiles files, Map<String, List<String>> rules) {
		Map<String, Integer> lines = new HashMap<>();
		rules.forEach((file, names) -> {
			String text = files.text(file);
			if (text == null) {
				return;
			}
			Map<String, Integer> found = file.endsWith(".drl.csv") ? csv(text)
					: file.endsWith(".drl") ? drl(text) : Map.of();
			for (String name : names) {
				Integer line = found.get(name);
				if (line != null) {
					lines.putIfAbsent(name, line);
				}
			}
		});
		return Map.copyOf(lines);
	}

	private static Map<String, Integer> drl(String text) {
		Map<String, Integer> lines = new HashMap<>();
		Matcher rule = RULE.matcher(text);
		int line = 1;
		int counted = 0;
		while (rule.find()) {
			line += newlines(text, counted, rule.start());
			counted = rule.start();
			String name = (rule.group(1) != null) ? rule.group(1).replace("\\\"", "\"")
					: (rule.group(2) != null) ? rule.group(2) : rule.group(3);
			lines.putIfAbsent(name, line);
		}
		return lines;
	}

	private static Map<String, Integer> csv(String text) {
		Map<String, Integer> lines = new HashMap<>();
		try (CSVParser parser = DecisionTables.CSV.parse(new StringReader(text))) {
			int line = 1;
			long counted = 0;
			for (CSVRecord record : parser) {
				long start = record.getCharacterPosition();
				line += newlines(text, (int) counted, (int) start);
				counted = start;
				if (record.size() > 0 && !record.get(0).isBlank()) {
					lines.putIfAbsent(record.get(0).strip(), line);
				}
			}
		}
		catch (IOException | UncheckedIOException | IllegalStateException ex) {
			// A table that compiled parses; if one does not, its rules keep no line.
		}
		return lines;
	}

	private static int newlines(String text, int from, int to) {
		int n = 0;
		for (int i = from; i < to; i++) {
			if (text.charAt(i) == '\n') {
				n++;
			}
		}
		return n;
	}

}
