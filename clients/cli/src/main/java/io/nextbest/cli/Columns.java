package io.nextbest.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows of text in aligned columns, two spaces apart, for output read by people.
 */
final class Columns {

	private final List<String[]> rows = new ArrayList<>();

	Columns row(String... cells) {
		this.rows.add(cells);
		return this;
	}

	boolean isEmpty() {
		return this.rows.isEmpty();
	}

	/**
	 * Appends the rows, one a line, each after the indent.
	 */
	void appendTo(StringBuilder out, String indent) {
		List<Integer> widths = new ArrayList<>();
		for (String[] row : this.rows) {
			for (int i = 0; i < row.length; i++) {
				if (widths.size() <= i) {
					widths.add(0);
				}
				widths.set(i, Math.max(widths.get(i), row[i].length()));
			}
		}
		for (String[] row : this.rows) {
			StringBuilder line = new StringBuilder(indent);
			for (int i = 0; i < row.length; i++) {
				line.append(row[i]);
				if (i < row.length - 1) {
					line.append(" ".repeat(widths.get(i) - row[i].length() + 2));
				}
			}
			out.append(line.toString().stripTrailing()).append(System.lineSeparator());
		}
	}

}
