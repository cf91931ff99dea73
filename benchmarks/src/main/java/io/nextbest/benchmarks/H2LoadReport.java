package io.nextbest.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The section of RESULTS.md that {@code --only-h2load} writes: its figures against the
 * targets of issue 19, each a ratio to the echo baseline h2load measured in the same run,
 * with the generators' echo ceilings side by side. It replaces the section an earlier run
 * wrote and leaves the rest of the file as the last full run left it.
 */
public final class H2LoadReport {

	static final String HEADING = "## Measured with h2load";

	private H2LoadReport() {
	}

	record Run(int customers, String commit, double ingest, double heapPerContext, double openLoopEcho,
			H2LoadSteps.Figures h2, Visitors.Figures visitors, double checks) {

	}

	static void update(Path results, Run run) throws IOException {
		replaceSection(results, HEADING, section(run));
	}

	/**
	 * Replaces the section of RESULTS.md under a heading (up to the next heading of its
	 * level) with another, or adds it before the microbenchmarks when there is none yet.
	 */
	public static void replaceSection(Path results, String heading, String section) throws IOException {
		String text = Files.readString(results, StandardCharsets.UTF_8);
		int start = text.indexOf(heading);
		int end = (start >= 0) ? text.indexOf("\n## ", start + heading.length()) : -1;
		if (start >= 0) {
			text = text.substring(0, start) + section + ((end >= 0) ? text.substring(end + 1) : "");
		}
		else {
			int micro = text.indexOf("\n## Microbenchmarks");
			text = (micro >= 0) ? text.substring(0, micro + 1) + section + text.substring(micro + 1)
					: text + "\n" + section;
		}
		Files.writeString(results, text, StandardCharsets.UTF_8);
	}

	private static String section(Run run) {
		H2LoadSteps.Figures h2 = run.h2();
		H2LoadSteps.Ratios ratios = h2.ratios();
		double echo = h2.echoSaturation().perSecond();
		StringBuilder md = new StringBuilder();
		md.append(HEADING)
			.append(" (")
			.append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append(", commit ")
			.append(run.commit())
			.append(", ")
			.append(String.format(Locale.ROOT, "%,d", run.customers()))
			.append(" customers)\n\n");
		md.append("Written by `--only-h2load` (`benchmarks/README.md`). Generator: h2load (nghttp2, C), ")
			.append(h2.processes())
			.append(" processes of one connection and ")
			.append(h2.streams())
			.append(" streams each, one serialized request per process, so ")
			.append(h2.processes())
			.append(" distinct customers per kind; ratios are medians of each round's ratio (Decide against the "
					+ "echo measured just before it), values the median round's. Echo ceilings of the generators "
					+ "in this run: h2load as above ")
			.append(Report.rate(echo))
			.append(", h2load in one process ")
			.append(Report.rate(h2.echoOneProcess().perSecond()))
			.append(", the suite's open-loop tool (gRPC-java, 64 in flight) ")
			.append(Report.rate(run.openLoopEcho()))
			.append(String.format(Locale.ROOT, " (%.2f × h2load's)", run.openLoopEcho() / echo))
			.append(". Returning and first-sight visitors are measured with the open-loop tool against its own "
					+ "Decide for customers (h2load repeats its few bodies). The benchmark server admits ")
			.append(String.format(Locale.ROOT, "%,d", ServerProcess.ADMISSION_MAX_CALLS))
			.append(" calls in flight, in all and per connection.\n\n");
		md.append("| figure | value | ratio | target | met |\n|---|---:|---:|---|---|\n");
		Report.row(md, "echo saturation (h2load)", Report.rate(echo), "1.00", "baseline", "");
		Report.row(md, "Decide saturation, 7 in 8 customers, 1 in 8 visitors",
				Report.rate(h2.decideSaturation().perSecond()), Report.ratio(ratios.saturation()), "≥ 0.7 × echo",
				Report.met(ratios.saturation() >= 0.7));
		Report.row(md, "Decide saturation, customers alone", Report.rate(h2.knownSaturation().perSecond()),
				Report.ratio(h2.knownSaturation().perSecond() / echo), "", "");
		Report.row(md, "Decide saturation, visitors alone (repeated) / customers alone",
				Report.rate(h2.unknownSaturation().perSecond()), Report.ratio(ratios.visitors()), "", "");
		Report.row(md, "echo p50 / p99 / p99.9 at 5,000/s", latencies(h2.echoFixed()), "1.00", "baseline", "");
		Report.row(md, "Decide p50 / p99 / p99.9 at 5,000/s", latencies(h2.decideFixed()),
				String.format(Locale.ROOT, "p50 %.2f, p99 %.2f", ratios.p50(), ratios.p99()),
				"p99 ≤ 1.2 ×, p50 ≤ 1.3 × echo's", Report.met(ratios.p99() <= 1.2 && ratios.p50() <= 1.3));
		Report.row(md, "server CPU per call at 5,000/s, echo / Decide (JIT left out)",
				String.format(Locale.ROOT, "%.1f / %.1f µs", h2.echoCpuMicros(), h2.decideCpuMicros()),
				Report.ratio(h2.decideCpuMicros() / h2.echoCpuMicros()), "", "");
		Visitors.Figures visitors = run.visitors();
		Report.row(md,
				"Decide, " + String.format(Locale.ROOT, "%,d", Visitors.RETURNING)
						+ " returning visitors (open-loop tool) / customers",
				Report.rate(visitors.returning()), Report.ratio(visitors.returningRatio()), "≥ 0.9",
				Report.met(visitors.returningRatio() >= 0.9));
		Report.row(md, "Decide, first-sight visitors (open-loop tool) / customers", Report.rate(visitors.firstSight()),
				Report.ratio(visitors.firstSightRatio()), "", "");
		Report.row(md, "bulk suppression checks (marketing email, batches of 10,000)", Report.rate(run.checks()), "",
				"≥ 300,000/s", Report.met(run.checks() >= 300_000));
		Report.row(md, "event ingest (2 streams, 100 events per message)", Report.rate(run.ingest()), "", "≥ 100,000/s",
				Report.met(run.ingest() >= 100_000));
		Report.row(md, "heap per stored customer context",
				String.format(Locale.ROOT, "%.0f bytes", run.heapPerContext()), "", "≤ 800 bytes",
				Report.met(run.heapPerContext() <= 800));
		md.append('\n');
		return md.toString();
	}

	static String latencies(H2Load.Result result) {
		return String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", result.p50() / 1000.0, result.p99() / 1000.0,
				result.p999() / 1000.0);
	}

}
