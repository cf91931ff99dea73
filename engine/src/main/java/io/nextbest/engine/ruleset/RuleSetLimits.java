package io.nextbest.engine.ruleset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.nextbest.engine.model.RuleDiagnostic;

/**
 * How large a rule set may be: each file, and all of them together. A rule set is text a
 * person writes; a file far larger than any such text is generated or junk, and compiling
 * it would keep the compiler from the saves that follow. A rule set over a limit is
 * rejected before it is compiled, with a problem naming the file.
 *
 * @param maxFileSize the most bytes of a rule file
 * @param maxRuleSetSize the most bytes of all rule files together
 */
public record RuleSetLimits(long maxFileSize, long maxRuleSetSize) {

	/** The defaults of {@code nextbest.rules}: 1 MB a file, 8 MB in all. */
	public static final RuleSetLimits DEFAULT = new RuleSetLimits(1L << 20, 8L << 20);

	/**
	 * @param maxFileSize the most bytes of a rule file, at least 1
	 * @param maxRuleSetSize the most bytes of all rule files together, at least 1
	 */
	public RuleSetLimits {
		if (maxFileSize < 1 || maxRuleSetSize < 1) {
			throw new IllegalArgumentException(
					"Rule set size limits must be positive, got " + maxFileSize + " and " + maxRuleSetSize);
		}
	}

	/**
	 * The problems of files over the limits: each file over the file limit, and the whole
	 * when over the rule set limit.
	 * @param files the rule files (a file over the limit may be only its beginning, as
	 * {@link RuleFiles#read(java.nio.file.Path, RuleSetLimits)} reads it)
	 * @param origin where the files come from, the file of a problem of the whole
	 * @return the problems, capped as {@link Problems} does; empty when within the limits
	 */
	public List<RuleDiagnostic> check(RuleFiles files, String origin) {
		List<RuleDiagnostic> problems = new ArrayList<>();
		long total = 0;
		for (Map.Entry<String, byte[]> file : files.files().entrySet()) {
			long size = file.getValue().length;
			total += size;
			if (size > this.maxFileSize) {
				problems.add(new RuleDiagnostic(file.getKey(), 0, 0, fileTooLarge()));
			}
		}
		if (total > this.maxRuleSetSize) {
			problems.add(new RuleDiagnostic(origin, 0, 0, ruleSetTooLarge(total)));
		}
		return Problems.capped(problems, origin);
	}

	/**
	 * @return the problem of a file over the limit
	 */
	public String fileTooLarge() {
		return "larger than " + size(this.maxFileSize) + ", the limit for a rule file (nextbest.rules.max-file-size): "
				+ "not compiled";
	}

	/**
	 * @param total the size of all files
	 * @return the problem of a rule set over the limit
	 */
	public String ruleSetTooLarge(long total) {
		return "the rule files come to " + size(total) + ", more than " + size(this.maxRuleSetSize)
				+ ", the limit for a rule set (nextbest.rules.max-rule-set-size): not compiled";
	}

	/**
	 * @param bytes a size
	 * @return it for people: "900 bytes", "64 KB", "1.5 MB"
	 */
	public static String size(long bytes) {
		if (bytes < 1024) {
			return bytes + " bytes";
		}
		if (bytes < (1L << 20)) {
			return decimal(bytes / 1024.0) + " KB";
		}
		return decimal(bytes / (double) (1L << 20)) + " MB";
	}

	private static String decimal(double value) {
		String text = String.format(Locale.ROOT, "%.1f", value);
		return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
	}

}
