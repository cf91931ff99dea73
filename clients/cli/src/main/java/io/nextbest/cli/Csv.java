package io.nextbest.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Recipient lists as Apache Commons CSV reads and writes them (RFC 4180: comma-separated
 * fields, optionally in double quotes with doubled quotes inside, a quoted field may span
 * lines). Blank lines are skipped; rows are written back with the values they were read
 * with, quoted only where CSV needs it, one row a line ending in a line feed.
 */
final class Csv {

	private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

	private Csv() {
	}

	/** The rows of a file, read one at a time as they are asked for. */
	static CSVParser parse(Reader reader) throws IOException {
		return FORMAT.parse(reader);
	}

	/** Writes rows to a writer, which the caller closes. */
	static CSVPrinter printer(Writer writer) throws IOException {
		return new CSVPrinter(writer, FORMAT);
	}

	/**
	 * The next row, or null at the end.
	 * @throws MalformedException when the rest of the file is not CSV
	 */
	static CSVRecord next(CSVParser parser, Iterator<CSVRecord> rows) {
		// The line after the last one read: where the next row starts, blank lines aside.
		long line = parser.getCurrentLineNumber() + 1;
		try {
			return rows.hasNext() ? rows.next() : null;
		}
		catch (UncheckedIOException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new MalformedException(line,
					String.valueOf(cause.getMessage()).replaceFirst("^\\(startline \\d+\\) ", ""));
		}
	}

	/** The field at a zero-based index, trimmed, or null when the row has fewer. */
	static String field(CSVRecord row, int index) {
		return (index < row.size()) ? row.get(index).trim() : null;
	}

	/** The file is not CSV from a line on: an unterminated quote, text after a quote. */
	static final class MalformedException extends RuntimeException {

		private final long line;

		MalformedException(long line, String problem) {
			super(problem);
			this.line = line;
		}

		/** The line, from 1, of the row that could not be read. */
		long line() {
			return this.line;
		}

	}

}
