package io.nextbest.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the figures of one run and writes them as RESULTS.md. */
final class Report {

	private static final String MICRO_HEADING = "## Microbenchmarks (JMH";

	private static final String RELOAD_ROW = "rule reload: file saved to serving (";

	private static final String FIRST_RELOAD_ROW = "rule reload: first save after the server started (";

	private static final String DURING_RELOAD_ROW = "Decide p50 / p99 / p99.9 during a rule reload at ";

	private static final String RELOAD_CPU_ROW = "server CPU in cores by kind of thread, reload windows vs steady (medians)";

	private final String arguments;

	private Rpc echo;

	private Rpc decide;

	private Feeds.Throughput ingest;

	private Feeds.Throughput ingestOnePerMessage;

	private Feeds.Throughput suppression;

	private double heapPerContext;

	private int customers;

	private double reloadMillis;

	private LiveReload.Result liveReload;

	private List<Micro.Figure> micro = List.of();

	private Duration took;

	Report(String arguments) {
		this.arguments = arguments;
	}

	/**
	 * The figures of one rpc.
	 *
	 * @param saturation calls per second with 64 calls in flight
	 * @param sustainable the highest offered rate sustained (p99 within the objective)
	 * @param fixed the run at the fixed rate of 5,000 per second
	 */
	record Rpc(double saturation, OpenLoop.Result sustainable, OpenLoop.Result fixed) {

		double max() {
			return this.sustainable.sustained() ? this.sustainable.achieved() : 0;
		}

	}

	void echo(Rpc echo) {
		this.echo = echo;
	}

	void decide(Rpc decide) {
		this.decide = decide;
	}

	void ingest(Feeds.Throughput ingest, Feeds.Throughput onePerMessage) {
		this.ingest = ingest;
		this.ingestOnePerMessage = onePerMessage;
	}

	void suppression(Feeds.Throughput suppression) {
		this.suppression = suppression;
	}

	void heap(double bytesPerContext, int customers) {
		this.heapPerContext = bytesPerContext;
		this.customers = customers;
	}

	double ingestPerSecond() {
		return this.ingest.perSecond();
	}

	double heapPerContext() {
		return this.heapPerContext;
	}

	void reload(double millis) {
		this.reloadMillis = millis;
	}

	void liveReload(LiveReload.Result liveReload) {
		this.liveReload = liveReload;
	}

	void micro(List<Micro.Figure> figures) {
		this.micro = figures;
	}

	void took(Duration took) {
		this.took = took;
	}

	void write(Path results, Path analysis) throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Benchmark results\n\n");
		md.append("Written by the benchmark suite (`benchmarks/README.md` has the command); do not edit by hand: ")
			.append("the analysis at the end comes from `benchmarks/ANALYSIS.md`.\n\n");
		md.append("| | |\n|---|---|\n");
		md.append("| date | ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" |\n");
		md.append("| commit | ").append(commit()).append(" |\n");
		md.append("| machine | ").append(machine()).append(" |\n");
		md.append("| JDK | ")
			.append(System.getProperty("java.vm.name"))
			.append(' ')
			.append(System.getProperty("java.runtime.version"))
			.append(" |\n");
		md.append(
				"| command | `mvn -B -pl server,benchmarks,benchmarks/store -am verify -DskipTests -Pbenchmarks,store-benchmarks")
			.append(this.arguments.isEmpty() ? "" : " -Dbenchmarks.args=\"" + this.arguments + "\"")
			.append("` |\n");
		md.append("| population | ").append(String.format(Locale.ROOT, "%,d", this.customers)).append(" customers |\n");
		md.append("| suite time | ").append(this.took.toSeconds()).append(" s |\n\n");
		md.append("Server and load generator share the machine, as do the baseline and every other figure: ")
			.append("ratios to the echo baseline of the same run hold where absolute numbers drift. ")
			.append("Latencies are open loop, from the intended send time.\n\n");
		md.append("| figure | value | ratio to echo | target | met |\n|---|---:|---:|---|---|\n");
		row(md, "echo: max sustainable rate (p99 ≤ 10 ms)", rate(this.echo.max()), "1.00", "baseline", "");
		row(md, "echo: saturation (64 in flight)", rate(this.echo.saturation()),
				ratio(this.echo.saturation(), this.echo.saturation()), "", "");
		row(md, "echo: p50 / p99 / p99.9 at 5,000/s", latencies(this.echo.fixed()), "1.00", "", "");
		double decideRatio = this.decide.max() / this.echo.max();
		row(md, "Decide: max sustainable rate (p99 ≤ 10 ms)", rate(this.decide.max()), ratio(decideRatio),
				"≥ 0.5 × echo", met(decideRatio >= 0.5));
		row(md, "Decide: saturation (64 in flight)", rate(this.decide.saturation()),
				ratio(this.decide.saturation(), this.echo.saturation()), "", "");
		long decideP99 = this.decide.fixed().p99();
		row(md, "Decide: p50 / p99 / p99.9 at 5,000/s", latencies(this.decide.fixed()),
				ratio(decideP99, this.echo.fixed().p99()) + " (p99)", "p99 ≤ 2 ms",
				met(decideP99 <= 2_000 && this.decide.fixed().failed() == 0));
		row(md, "bulk suppression checks (marketing email, batches of 10,000)", rate(this.suppression.perSecond()),
				ratio(this.suppression.perSecond(), this.echo.max()), "≥ 200,000/s",
				met(this.suppression.perSecond() >= 200_000));
		row(md, "event ingest (RecordEvents, 2 streams, " + Suite.EVENTS_PER_MESSAGE + " events per message)",
				rate(this.ingest.perSecond()), ratio(this.ingest.perSecond(), this.echo.max()), "≥ 50,000/s",
				met(this.ingest.perSecond() >= 50_000));
		row(md, "event ingest, one event per message", rate(this.ingestOnePerMessage.perSecond()),
				ratio(this.ingestOnePerMessage.perSecond(), this.echo.max()), "", "");
		row(md, "heap per stored customer context", String.format(Locale.ROOT, "%,.0f bytes", this.heapPerContext), "",
				"≤ 2 KiB", met(this.heapPerContext <= 2048));
		row(md, "compile a 300-rule set (bulk of a reload)", String.format(Locale.ROOT, "%,.0f ms", this.reloadMillis),
				"", "", "");
		md.append(reloadRows());
		md.append('\n');
		String analysisText = Files.exists(analysis) ? Files.readString(analysis, StandardCharsets.UTF_8) : "";
		if (Files.exists(results)) {
			md.append(otherSteps(Files.readString(results, StandardCharsets.UTF_8), analysisText));
		}
		if (!this.micro.isEmpty()) {
			md.append(Micro.table(MICRO_HEADING, this.micro));
		}
		md.append(analysisText);
		Files.writeString(results, md, StandardCharsets.UTF_8);
	}

	/**
	 * The sections of RESULTS.md that other steps write (h2load, Connect, the journey
	 * funnel, the scale step, the context store's microbenchmarks), kept as the last run
	 * of each left them: what lies between the first heading after the main table and the
	 * analysis, less this suite's microbenchmarks.
	 */
	static String otherSteps(String results, String analysis) {
		String analysisHeading = analysis.lines().findFirst().orElse("\u0000");
		StringBuilder kept = new StringBuilder();
		int start = results.indexOf("\n## ");
		while (start >= 0) {
			int end = results.indexOf("\n## ", start + 1);
			String section = results.substring(start + 1, (end < 0) ? results.length() : end + 1);
			if (section.startsWith(analysisHeading)) {
				break;
			}
			if (!section.startsWith(MICRO_HEADING)) {
				kept.append(section);
			}
			start = end;
		}
		return kept.toString();
	}

	/**
	 * The rows of the live reload: from a save to serving, and Decide latency meanwhile.
	 */
	private String reloadRows() {
		StringBuilder md = new StringBuilder();
		LiveReload.Result reload = this.liveReload;
		double saveToServing = reload.medianSaveToServingMillis();
		row(md, FIRST_RELOAD_ROW + LiveReload.RULES + " rules)",
				String.format(Locale.ROOT, "%,.0f ms", reload.firstSaveToServingMillis()), "", "", "");
		row(md, RELOAD_ROW + LiveReload.RULES + " rules, median of " + reload.saveToServingMillis().size()
				+ " after warm-up)",
				String.format(Locale.ROOT, "%,.0f ms (%,d ms of it compiling, checking and warming up)", saveToServing,
						reload.medianCheckMillis()),
				"", "≤ 2 s", met(saveToServing <= 2_000));
		row(md, DURING_RELOAD_ROW + String.format(Locale.ROOT, "%,.0f", LiveReload.RATE) + "/s (median of "
				+ reload.during().size() + " reload windows vs median of as many steady ones, each just before)",
				String.format(Locale.ROOT, "%s vs %s; worst windows' p99 %.2f vs %.2f ms (%.2f ×); %d failed",
						latencies(reload.medianDuring()), latencies(reload.medianSteady()),
						reload.worstDuringP99() / 1000.0, reload.worstSteadyP99() / 1000.0, reload.worstP99Ratio(),
						reload.failed()),
				"", "p99 ≤ 2 × steady", met(reload.p99Ratio() <= 2 && reload.failed() == 0) + " ("
						+ String.format(Locale.ROOT, "%.2f", reload.p99Ratio()) + " ×)");
		// Without /proc (other than Linux) every window reads zero: no row.
		ServerThreads.Usage during = ServerThreads.Usage.median(reload.duringCpu());
		if (during.total() > 0) {
			row(md, RELOAD_CPU_ROW, "reload: " + during + "; steady: " + ServerThreads.Usage.median(reload.steadyCpu()),
					"", "", "");
		}
		return md.toString();
	}

	/**
	 * Replaces the live reload rows of an existing RESULTS.md (or adds them after the
	 * rule compilation row), for a run that measured the reload alone.
	 */
	void updateReloadRows(Path results) throws IOException {
		List<String> lines = new ArrayList<>(Files.readAllLines(results, StandardCharsets.UTF_8));
		lines.removeIf((line) -> line.startsWith("| " + RELOAD_ROW) || line.startsWith("| " + FIRST_RELOAD_ROW)
				|| line.startsWith("| " + DURING_RELOAD_ROW) || line.startsWith("| " + RELOAD_CPU_ROW)
				|| line.startsWith("| Decide latency during a reload"));
		int at = 0;
		while (at < lines.size() && !lines.get(at).startsWith("| compile a 300-rule set")) {
			at++;
		}
		at = (at < lines.size()) ? at + 1 : lines.size();
		lines.addAll(at, reloadRows().lines().toList());
		Files.write(results, lines, StandardCharsets.UTF_8);
	}

	/** One row of a Markdown table of figures, shared by the suite's reports. */
	static void row(StringBuilder md, String figure, String value, String ratio, String target, String met) {
		md.append("| ")
			.append(figure)
			.append(" | ")
			.append(value)
			.append(" | ")
			.append(ratio)
			.append(" | ")
			.append(target)
			.append(" | ")
			.append(met)
			.append(" |\n");
	}

	static String rate(double perSecond) {
		return String.format(Locale.ROOT, "%,.0f/s", perSecond);
	}

	private static String latencies(OpenLoop.Result result) {
		String text = String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", result.p50() / 1000.0, result.p99() / 1000.0,
				result.p999() / 1000.0);
		return (result.failed() + result.skipped() > 0)
				? text + " (" + (result.failed() + result.skipped()) + " failed or not sent)" : text;
	}

	private static String ratio(double value, double baseline) {
		return ratio(value / baseline);
	}

	static String ratio(double ratio) {
		return String.format(Locale.ROOT, "%.2f", ratio);
	}

	static String met(boolean met) {
		return met ? "yes" : "**no**";
	}

	static String commit() {
		try {
			Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true)
				.start();
			String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
				.redirectErrorStream(true)
				.start();
			boolean dirty = !new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank();
			return head + (dirty ? " (with uncommitted changes)" : "");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String machine() {
		String cpu = "unknown CPU";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.orElse(cpu);
		}
		catch (IOException ex) {
			// Not Linux: the processor count and OS still say something.
		}
		long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getTotalMemorySize();
		return String.format(Locale.ROOT, "%s, %d processors, %.1f GiB, %s %s", cpu,
				Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
				System.getProperty("os.name"), System.getProperty("os.arch"));
	}

}
