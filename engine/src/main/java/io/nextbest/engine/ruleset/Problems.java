package io.nextbest.engine.ruleset;

import java.util.ArrayList;
import java.util.List;

import io.nextbest.engine.model.RuleDiagnostic;

/**
 * Keeps the problems reported of a rule set to a size a person reads and a log line
 * holds. A file of junk is a problem at every word: 5 MB of it gave half a million
 * diagnostics, and one 5.7 MB log line. So the first {@link #MAX} problems are reported,
 * followed by one that counts the rest; a message or a file name longer than a few
 * hundred characters is cut, saying how much was left out.
 */
public final class Problems {

	/** The most problems reported one by one. */
	public static final int MAX = 50;

	/** The longest message reported, in characters. */
	static final int MAX_MESSAGE = 1000;

	/** The longest file name reported, in characters. */
	static final int MAX_FILE = 300;

	private Problems() {
	}

	/**
	 * The problems as reported: the first {@link #MAX}, each cut to length, and when more
	 * than one more, one that says how many more there are. Capping capped problems
	 * changes nothing.
	 * @param problems every problem found
	 * @param origin where the files come from, the file of the problem counting the rest
	 * @return at most {@code MAX + 1} problems
	 */
	public static List<RuleDiagnostic> capped(List<RuleDiagnostic> problems, String origin) {
		int shown = (problems.size() > MAX + 1) ? MAX : problems.size();
		List<RuleDiagnostic> capped = new ArrayList<>(shown + 1);
		for (int i = 0; i < shown; i++) {
			RuleDiagnostic problem = problems.get(i);
			capped.add(new RuleDiagnostic(cut(problem.file(), MAX_FILE), problem.line(), problem.column(),
					cut(problem.message(), MAX_MESSAGE)));
		}
		if (shown < problems.size()) {
			int more = problems.size() - shown;
			capped.add(new RuleDiagnostic(cut(origin, MAX_FILE), 0, 0, "and " + more + " more problem"
					+ ((more == 1) ? "" : "s") + " (only the first " + MAX + " are reported)"));
		}
		return List.copyOf(capped);
	}

	/**
	 * @param text any text
	 * @param max the most characters kept
	 * @return the text, or its beginning and how many characters were left out
	 */
	public static String cut(String text, int max) {
		// Room for the note on what was cut, so that cutting a cut text keeps it.
		if (text.length() <= max + 40) {
			return text;
		}
		return text.substring(0, max) + "... (" + (text.length() - max) + " more characters)";
	}

}
