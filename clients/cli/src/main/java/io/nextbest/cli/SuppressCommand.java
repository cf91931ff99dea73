package io.nextbest.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.grpc.ManagedChannel;
import io.nextbest.api.v1.Campaign;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nextbest suppress}: splits a recipient list into the rows to send and the rows
 * to drop, with the reason for each drop.
 */
@Command(name = "suppress", mixinStandardHelpOptions = true,
		description = {
				"Checks a CSV of recipients for a send and writes the kept rows and the suppressed rows "
						+ "(with reason code and sentence) to two files.",
				"Rows pass through with their values unchanged (quoted where CSV needs it; a quoted value may "
						+ "span lines); the first row is a header unless --no-header. "
						+ "Memory stays bounded whatever the size of the file." })
final class SuppressCommand implements Runnable {

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Option(names = "--input", required = true, paramLabel = "FILE", description = "The recipients, as CSV.")
	private Path input;

	@Option(names = "--column", paramLabel = "NAME|NUMBER", defaultValue = "customer_id",
			description = "The column of customer ids: a header name, or a number from 1. Default: ${DEFAULT-VALUE}.")
	private String column;

	@Option(names = "--no-header", description = "The file has no header line (then --column must be a number).")
	private boolean noHeader;

	@Option(names = "--channel", required = true, paramLabel = "CHANNEL", converter = EnumNames.Channels.class,
			completionCandidates = EnumNames.Channels.class,
			description = "The channel of the send: ${COMPLETION-CANDIDATES}.")
	private io.nextbest.api.v1.Channel channel;

	@Option(names = "--purpose", paramLabel = "PURPOSE", converter = EnumNames.Purposes.class,
			description = "marketing or service. Required unless --action gives it.")
	private io.nextbest.api.v1.Purpose purpose;

	@Option(names = "--campaign", paramLabel = "ID", defaultValue = "", description = "The campaign, for reporting.")
	private String campaignId;

	@Option(names = "--action", paramLabel = "ACTION", defaultValue = "",
			description = "The catalogue action the send delivers.")
	private String actionId;

	@Option(names = "--kept", required = true, paramLabel = "FILE", description = "Where the rows to send go.")
	private Path kept;

	@Option(names = "--suppressed", required = true, paramLabel = "FILE",
			description = "Where the suppressed rows go, with two more columns: suppression_code, suppression_reason.")
	private Path suppressed;

	@Option(names = "--batch-size", paramLabel = "N", defaultValue = "5000",
			description = "Recipients per request, 1 to 10000. Default: ${DEFAULT-VALUE}.")
	private int batchSize;

	@Option(names = "--streams", paramLabel = "N", defaultValue = "2",
			description = "Check streams in parallel, 1 to 8: the server checks each on a core of its own. "
					+ "Default: ${DEFAULT-VALUE}.")
	private int streams;

	@Override
	public void run() {
		if (this.streams < 1 || this.streams > 8) {
			throw new ParameterException(this.spec.commandLine(), "--streams must be from 1 to 8");
		}
		if (this.batchSize < 1 || this.batchSize > 10_000) {
			throw new ParameterException(this.spec.commandLine(), "--batch-size must be from 1 to 10000");
		}
		if (this.purpose == null && this.actionId.isEmpty()) {
			throw new ParameterException(this.spec.commandLine(), "--purpose is required unless --action is given");
		}
		Campaign.Builder campaign = Campaign.newBuilder()
			.setChannel(this.channel)
			.setCampaignId(this.campaignId)
			.setActionId(this.actionId);
		if (this.purpose != null) {
			campaign.setPurpose(this.purpose);
		}
		PrintWriter err = this.spec.commandLine().getErr();
		try (CSVParser rows = Csv.parse(Files.newBufferedReader(this.input, StandardCharsets.UTF_8));
				CSVPrinter keptRows = Csv.printer(Files.newBufferedWriter(this.kept, StandardCharsets.UTF_8));
				CSVPrinter suppressedRows = Csv
					.printer(Files.newBufferedWriter(this.suppressed, StandardCharsets.UTF_8))) {
			int index = header(rows, keptRows, suppressedRows);
			Recipients recipients = new Recipients(campaign.build(), this.batchSize, this.streams, keptRows,
					suppressedRows);
			Progress progress = new Progress(err, Files.size(this.input));
			ManagedChannel channel = this.root.openChannel();
			try {
				recipients.run(channel, rows, index, progress::update);
			}
			finally {
				channel.shutdownNow();
			}
			progress.finish();
			summary(recipients);
		}
		catch (ParameterException | io.grpc.StatusRuntimeException ex) {
			throw ex;
		}
		catch (Csv.MalformedException ex) {
			throw malformed(ex);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Copies the header to both outputs and finds the id column. */
	private int header(CSVParser rows, CSVPrinter keptRows, CSVPrinter suppressedRows) throws java.io.IOException {
		Integer number = number(this.column);
		if (this.noHeader) {
			if (number == null) {
				throw new ParameterException(this.spec.commandLine(),
						"--column must be a number (from 1) when the file has no header");
			}
			return number - 1;
		}
		CSVRecord header = Csv.next(rows, rows.iterator());
		if (header == null) {
			throw new ParameterException(this.spec.commandLine(), this.input + " is empty");
		}
		List<String> names = header.toList();
		keptRows.printRecord(names);
		List<String> suppressedNames = new ArrayList<>(names);
		suppressedNames.addAll(List.of("suppression_code", "suppression_reason"));
		suppressedRows.printRecord(suppressedNames);
		int at = names.indexOf(this.column);
		if (at >= 0) {
			return at;
		}
		if (number != null) {
			return number - 1;
		}
		throw new ParameterException(this.spec.commandLine(),
				"No column '" + this.column + "' in the header of " + this.input + "; it has " + names);
	}

	/** A file that is not CSV, named with the line where it stops being so. */
	private ParameterException malformed(Csv.MalformedException ex) {
		return new ParameterException(this.spec.commandLine(),
				this.input + " line " + ex.line() + ": not valid CSV: " + ex.getMessage());
	}

	private static Integer number(String column) {
		try {
			int number = Integer.parseInt(column);
			return (number >= 1) ? number : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private void summary(Recipients recipients) {
		PrintWriter out = this.spec.commandLine().getOut();
		out.printf("kept %,d  suppressed %,d%n", recipients.kept(), recipients.suppressed());
		for (Map.Entry<String, Long> reason : recipients.reasons().entrySet()) {
			out.printf("  %-24s %,d%n", reason.getKey(), reason.getValue());
		}
		out.flush();
	}

	/**
	 * A progress bar on stderr, by share of the file read; redrawn at most every 200 ms.
	 */
	private static final class Progress {

		private final PrintWriter err;

		private final long size;

		private long drawn;

		Progress(PrintWriter err, long size) {
			this.err = err;
			this.size = Math.max(1, size);
		}

		void update(long read) {
			long now = System.nanoTime();
			if (now - this.drawn < 200_000_000L) {
				return;
			}
			this.drawn = now;
			draw(read);
		}

		void finish() {
			draw(this.size);
			this.err.println();
			this.err.flush();
		}

		private void draw(long read) {
			int percent = (int) Math.min(100, read * 100 / this.size);
			String bar = "#".repeat(percent / 4) + ".".repeat(25 - percent / 4);
			this.err.print("\r[" + bar + "] " + percent + "%");
			this.err.flush();
		}

	}

}
