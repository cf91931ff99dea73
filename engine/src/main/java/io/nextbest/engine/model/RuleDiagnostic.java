package io.nextbest.engine.model;

/**
 * One problem found in the rule files, located as precisely as the source allows.
 *
 * @param file the file, relative to the rules directory
 * @param line the line, from 1 (0 when unknown)
 * @param column the column, from 1 (0 when unknown)
 * @param message what is wrong
 */
public record RuleDiagnostic(String file, int line, int column, String message) {

	@Override
	public String toString() {
		StringBuilder where = new StringBuilder(this.file);
		if (this.line > 0) {
			where.append(':').append(this.line);
			if (this.column > 0) {
				where.append(':').append(this.column);
			}
		}
		return where.append(": ").append(this.message).toString();
	}

}
