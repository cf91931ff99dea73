package io.nextbest.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Just enough CSV (RFC 4180) for recipient lists: comma-separated fields, optionally in
 * double quotes with doubled quotes inside. Rows are passed through as read, so only the
 * customer id column is ever parsed; a quoted field spanning lines is not supported.
 */
final class Csv {

	private Csv() {
	}

	/** All fields of a line. */
	static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		int at = 0;
		while (true) {
			StringBuilder field = new StringBuilder();
			at = parse(line, at, field);
			fields.add(field.toString());
			if (at >= line.length()) {
				return fields;
			}
			at++;
		}
	}

	/** The field at a zero-based index, or null when the line has fewer. */
	static String field(String line, int index) {
		int at = 0;
		for (int i = 0; i < index; i++) {
			at = parse(line, at, null);
			if (at >= line.length()) {
				return null;
			}
			at++;
		}
		StringBuilder field = new StringBuilder();
		parse(line, at, field);
		return field.toString().trim();
	}

	/** A value as a CSV field, quoted when it needs to be. */
	static String quote(String value) {
		if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
			return value;
		}
		return '"' + value.replace("\"", "\"\"") + '"';
	}

	/**
	 * Reads one field from at; returns the index of the comma after it or the line's end.
	 */
	private static int parse(String line, int at, StringBuilder into) {
		if (at < line.length() && line.charAt(at) == '"') {
			int i = at + 1;
			while (i < line.length()) {
				char c = line.charAt(i);
				if (c == '"') {
					if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
						append(into, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				append(into, c);
				i++;
			}
			while (i < line.length() && line.charAt(i) != ',') {
				i++;
			}
			return i;
		}
		int i = at;
		while (i < line.length() && line.charAt(i) != ',') {
			append(into, line.charAt(i));
			i++;
		}
		return i;
	}

	private static void append(StringBuilder into, char c) {
		if (into != null) {
			into.append(c);
		}
	}

}
