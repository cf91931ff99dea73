package io.nextbest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Function;

import com.google.protobuf.Timestamp;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import io.nextbest.api.v1.AnalyticsGrouping;
import io.nextbest.api.v1.CountDifference;
import io.nextbest.api.v1.Flow;
import io.nextbest.api.v1.FlowsRequest;
import io.nextbest.api.v1.FlowsResponse;
import io.nextbest.api.v1.FunnelGroup;
import io.nextbest.api.v1.FunnelRequest;
import io.nextbest.api.v1.FunnelResponse;
import io.nextbest.api.v1.FunnelStage;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.OverdueCustomer;
import io.nextbest.api.v1.OverdueRequest;
import io.nextbest.api.v1.OverdueResponse;
import io.nextbest.api.v1.VerifyRequest;
import io.nextbest.api.v1.VerifyResponse;

/**
 * {@code nextbest journeys}: how customers move through a journey, against what
 * {@code journeys.yaml} expects.
 */
@Command(name = "journeys", mixinStandardHelpOptions = true,
		description = "Journey analytics: funnels against the expectations of journeys.yaml.",
		synopsisSubcommandLabel = "COMMAND", subcommands = VoiceCommand.class)
final class JourneysCommand {

	/** How long a verification may take at least: it reads every stored customer. */
	private static final Duration VERIFY_DEADLINE = Duration.ofMinutes(10);

	/** The width of the longest bar. */
	private static final int BAR = 30;

	@ParentCommand
	private NextBestCli root;

	@Spec
	private CommandSpec spec;

	@Command(name = "funnel", mixinStandardHelpOptions = true,
			description = "Per stage over a window of days: entered, advanced, regressed, skipped, conversion "
					+ "against its target, days in the stage (median and 90th percentile) against the expected "
					+ "days, the share on time, and customers in the stage now and overdue.")
	void funnel(
			@Option(names = "--journey", required = true, paramLabel = "JOURNEY",
					description = "The journey, as listed in journeys.yaml.") String journey,
			@Option(names = "--since", defaultValue = "30d", paramLabel = "DAYS", converter = Days.class,
					description = "The window: the last so many days, e.g. 90d (default 30d).") Duration since,
			@Option(names = "--by", paramLabel = "GROUP", defaultValue = "none",
					description = "Split by: none, segment, rule-set or cohort (the month customers entered the journey; default none).") String by) {
		AnalyticsGrouping grouping = grouping(by);
		Instant from = Instant.now().minus(since);
		FunnelRequest request = FunnelRequest.newBuilder()
			.setJourney(journey)
			.setFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond()))
			.setGroupBy(grouping)
			.build();
		FunnelResponse funnel = this.root.analytics((analytics) -> analytics.funnel(request));
		this.spec.commandLine().getOut().print(text(funnel));
		this.spec.commandLine().getOut().flush();
	}

	@Command(name = "overdue", mixinStandardHelpOptions = true,
			description = "The customers overdue in a journey now (in a stage for more than its late-after days), "
					+ "as CSV in customer id order: customer_id, stage, since, days_in_stage, days_overdue.")
	void overdue(
			@Option(names = "--journey", required = true, paramLabel = "JOURNEY",
					description = "The journey, as listed in journeys.yaml.") String journey,
			@Option(names = "--stage", paramLabel = "STAGE", converter = EnumNames.Stages.class,
					completionCandidates = EnumNames.Stages.class,
					description = "Only this stage: ${COMPLETION-CANDIDATES} (default: every stage with "
							+ "late-after days).") JourneyStage stage)
			throws IOException {
		OverdueRequest first = OverdueRequest.newBuilder()
			.setJourney(journey)
			.setStage((stage != null) ? stage : JourneyStage.JOURNEY_STAGE_UNSPECIFIED)
			.setPageSize(1_000)
			.build();
		PrintWriter out = this.spec.commandLine().getOut();
		overdueCsv(first, (request) -> this.root.analytics((analytics) -> analytics.overdue(request)), out);
		out.flush();
	}

	/**
	 * Writes every page of the overdue list as CSV, asking for the next page until the
	 * server says there is none.
	 * @param first the first request
	 * @param call asks the server for a page
	 * @param out where the CSV goes
	 * @return how many customers were written
	 */
	static long overdueCsv(OverdueRequest first, Function<OverdueRequest, OverdueResponse> call, Writer out)
			throws IOException {
		long written = 0;
		CSVPrinter csv = Csv.printer(out);
		csv.printRecord("customer_id", "stage", "since", "days_in_stage", "days_overdue");
		OverdueRequest request = first;
		while (true) {
			OverdueResponse page = call.apply(request);
			for (OverdueCustomer customer : page.getCustomersList()) {
				csv.printRecord(customer.getCustomerId(), EnumNames.of(customer.getStage()),
						Instant.ofEpochSecond(customer.getSince().getSeconds(), customer.getSince().getNanos()),
						customer.getDaysInStage(), customer.getDaysOverdue());
				written++;
			}
			if (page.getNextPageToken().isEmpty()) {
				csv.flush();
				return written;
			}
			request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
		}
	}

	@Command(name = "export", mixinStandardHelpOptions = true,
			description = "The funnel of a journey as CSV, one row per group and stage, with every figure of "
					+ "'journeys funnel'; or, with --flows, the moves from stage to stage.")
	void export(
			@Option(names = "--journey", required = true, paramLabel = "JOURNEY",
					description = "The journey, as listed in journeys.yaml.") String journey,
			@Option(names = "--since", defaultValue = "30d", paramLabel = "DAYS", converter = Days.class,
					description = "The window: the last so many days, e.g. 90d (default 30d).") Duration since,
			@Option(names = "--by", paramLabel = "GROUP", defaultValue = "none",
					description = "Split by: none, segment, rule-set or cohort (the month customers entered the journey; default none).") String by,
			@Option(names = "--flows", description = "Export the moves from stage to stage instead.") boolean flows)
			throws IOException {
		AnalyticsGrouping grouping = grouping(by);
		Timestamp from = Timestamp.newBuilder().setSeconds(Instant.now().minus(since).getEpochSecond()).build();
		PrintWriter out = this.spec.commandLine().getOut();
		if (flows) {
			FlowsRequest request = FlowsRequest.newBuilder()
				.setJourney(journey)
				.setFrom(from)
				.setGroupBy(grouping)
				.build();
			flowsCsv(this.root.analytics((analytics) -> analytics.flows(request)), out);
		}
		else {
			FunnelRequest request = FunnelRequest.newBuilder()
				.setJourney(journey)
				.setFrom(from)
				.setGroupBy(grouping)
				.build();
			funnelCsv(this.root.analytics((analytics) -> analytics.funnel(request)), out);
		}
		out.flush();
	}

	/**
	 * The funnel as CSV: one row per group and stage, every stage of the journey.
	 */
	static void funnelCsv(FunnelResponse funnel, Writer out) throws IOException {
		CSVPrinter csv = Csv.printer(out);
		csv.printRecord("journey", "from", "until", "group", "stage", "entered", "advanced", "regressed", "skipped",
				"conversion", "conversion_target", "dwell_p50_days", "dwell_p90_days", "expected_days",
				"late_after_days", "on_time_rate", "in_stage_now", "overdue_now");
		for (FunnelGroup group : funnel.getGroupsList()) {
			for (FunnelStage s : group.getStagesList()) {
				csv.printRecord(funnel.getJourney(), day(funnel.getFrom()), day(funnel.getUntil()), group.getGroup(),
						EnumNames.of(s.getStage()), s.getEntered(), s.getAdvanced(), s.getRegressed(), s.getSkipped(),
						share(s.getConversion()), s.hasConversionTarget() ? share(s.getConversionTarget()) : "",
						s.getDwellP50Days(), s.getDwellP90Days(), s.getExpectedDays(), s.getLateAfterDays(),
						share(s.getOnTimeRate()), s.getInStageNow(), s.getOverdueNow());
			}
		}
		csv.flush();
	}

	/**
	 * The moves as CSV: one row per group, stage left (empty on entering) and stage
	 * reached.
	 */
	static void flowsCsv(FlowsResponse flows, Writer out) throws IOException {
		CSVPrinter csv = Csv.printer(out);
		csv.printRecord("journey", "group", "from", "to", "moves");
		for (Flow flow : flows.getFlowsList()) {
			csv.printRecord(flows.getJourney(), flow.getGroup(),
					(flow.getFrom() == JourneyStage.JOURNEY_STAGE_UNSPECIFIED) ? "" : EnumNames.of(flow.getFrom()),
					EnumNames.of(flow.getTo()), flow.getMoves());
		}
		csv.flush();
	}

	private static String share(double share) {
		return String.format(Locale.ROOT, "%.4f", share);
	}

	private AnalyticsGrouping grouping(String by) {
		return switch (by.trim().toLowerCase(Locale.ROOT)) {
			case "none" -> AnalyticsGrouping.ANALYTICS_GROUPING_UNSPECIFIED;
			case "segment" -> AnalyticsGrouping.ANALYTICS_GROUPING_SEGMENT;
			case "rule-set" -> AnalyticsGrouping.ANALYTICS_GROUPING_RULE_SET;
			case "cohort" -> AnalyticsGrouping.ANALYTICS_GROUPING_ENTRY_MONTH;
			default -> throw new picocli.CommandLine.ParameterException(this.spec.commandLine(),
					"--by must be none, segment, rule-set or cohort, got '" + by + "'");
		};
	}

	@Command(name = "rebuild", mixinStandardHelpOptions = true,
			description = "With --verify: recount a journey's stock and moves from the stored customers and "
					+ "report every count that differs from the counts kept (exit code 1 if any). Reads every "
					+ "stored customer; writes nothing.")
	int rebuild(
			@Option(names = "--journey", required = true, paramLabel = "JOURNEY",
					description = "The journey, as listed in journeys.yaml.") String journey,
			@Option(names = "--verify", description = "Recount and compare (required: the counts are kept as "
					+ "events are applied, and rewriting them while events arrive would race those).") boolean verify) {
		if (!verify) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(),
					"rebuild needs --verify: it recounts and compares, and never rewrites the counts kept while "
							+ "events are applied");
		}
		VerifyRequest request = VerifyRequest.newBuilder().setJourney(journey).build();
		VerifyResponse report = this.root.analytics(VERIFY_DEADLINE, (analytics) -> analytics.verify(request));
		this.spec.commandLine().getOut().print(text(report));
		this.spec.commandLine().getOut().flush();
		return (report.getStockCount() + report.getMovesCount() == 0) ? 0 : 1;
	}

	/**
	 * What a verification found, as a marketer or an operator reads it.
	 */
	static String text(VerifyResponse report) {
		StringBuilder out = new StringBuilder();
		String n = System.lineSeparator();
		out.append(report.getJourney())
			.append(": ")
			.append(String.format(Locale.ROOT, "%,d", report.getCustomersRead()))
			.append(" stored customers recounted");
		if (report.getStockCount() + report.getMovesCount() == 0) {
			out.append("; the stock and the moves agree with the counts kept").append(n);
		}
		else {
			out.append("; ").append(report.getStockCount() + report.getMovesCount()).append(" counts differ").append(n);
			differences(out, "stock (customers per stage and day entered)", report.getStockList(), false);
			differences(out, "moves (per stage left, stage reached and day)", report.getMovesList(), true);
		}
		if (report.getFullHistories() > 0) {
			out.append(report.getFullHistories())
				.append(" customers have a full stage history: moves older than it keeps count as differences")
				.append(n);
		}
		return out.toString();
	}

	private static void differences(StringBuilder out, String title, java.util.List<CountDifference> rows,
			boolean moves) {
		if (rows.isEmpty()) {
			return;
		}
		out.append(System.lineSeparator()).append(title).append(System.lineSeparator());
		Columns columns = new Columns();
		columns.row(moves ? new String[] { "day", "from", "to", "kept", "recounted" }
				: new String[] { "day", "stage", "kept", "recounted" });
		for (CountDifference d : rows) {
			String from = (d.getFrom() == JourneyStage.JOURNEY_STAGE_UNSPECIFIED) ? "(entered)"
					: EnumNames.of(d.getFrom());
			columns.row(moves
					? new String[] { day(d.getDay()), from, EnumNames.of(d.getStage()), String.valueOf(d.getKept()),
							String.valueOf(d.getRecounted()) }
					: new String[] { day(d.getDay()), EnumNames.of(d.getStage()), String.valueOf(d.getKept()),
							String.valueOf(d.getRecounted()) });
		}
		columns.appendTo(out, "");
	}

	/**
	 * The funnel as tables, one per group, with a bar per stage for the customers
	 * entered.
	 */
	static String text(FunnelResponse funnel) {
		StringBuilder out = new StringBuilder();
		out.append(funnel.getJourney())
			.append(" funnel, ")
			.append(day(funnel.getFrom()))
			.append(" to ")
			.append(day(funnel.getUntil()))
			.append(" (UTC days)")
			.append(System.lineSeparator());
		for (FunnelGroup group : funnel.getGroupsList()) {
			if (!group.getGroup().isEmpty() || funnel.getGroupsCount() > 1) {
				out.append(System.lineSeparator()).append(group.getGroup().isEmpty() ? "(none)" : group.getGroup());
				out.append(System.lineSeparator());
			}
			long most = group.getStagesList().stream().mapToLong(FunnelStage::getEntered).max().orElse(0);
			boolean stock = group.getGroup().isEmpty();
			Columns columns = new Columns();
			columns.row(header(stock));
			for (FunnelStage stage : group.getStagesList()) {
				// Stages nobody reached, left or passed over say nothing.
				if (stage.getEntered() == 0 && stage.getAdvanced() == 0 && stage.getRegressed() == 0
						&& stage.getSkipped() == 0 && stage.getInStageNow() == 0) {
					continue;
				}
				columns.row(row(stage, most, stock));
			}
			columns.appendTo(out, "");
		}
		return out.toString();
	}

	private static String[] header(boolean stock) {
		String[] cells = { "stage", "entered", "", "advanced", "regressed", "skipped", "conversion", "target",
				"days p50/p90", "expected", "on time", "now", "overdue" };
		return stock ? cells : java.util.Arrays.copyOf(cells, cells.length - 2);
	}

	private static String[] row(FunnelStage s, long most, boolean stock) {
		int width = (most > 0) ? (int) Math.round((double) BAR * s.getEntered() / most) : 0;
		String[] cells = { EnumNames.of(s.getStage()), String.valueOf(s.getEntered()),
				"#".repeat(width) + ((width == 0 && s.getEntered() > 0) ? "." : ""), String.valueOf(s.getAdvanced()),
				String.valueOf(s.getRegressed()), String.valueOf(s.getSkipped()), percent(s.getConversion()),
				s.hasConversionTarget() ? percent(s.getConversionTarget()) : "-",
				(s.getAdvanced() + s.getRegressed() > 0) ? s.getDwellP50Days() + "/" + s.getDwellP90Days() : "-",
				(s.getExpectedDays() > 0) ? s.getExpectedDays() + "d" : "-",
				(s.getExpectedDays() > 0 && s.getAdvanced() + s.getRegressed() > 0) ? percent(s.getOnTimeRate()) : "-",
				String.valueOf(s.getInStageNow()), String.valueOf(s.getOverdueNow()) };
		return stock ? cells : java.util.Arrays.copyOf(cells, cells.length - 2);
	}

	private static String percent(double share) {
		return String.format(Locale.ROOT, "%.0f%%", share * 100);
	}

	private static String day(Timestamp timestamp) {
		return LocalDate.ofInstant(Instant.ofEpochSecond(timestamp.getSeconds()), ZoneOffset.UTC).toString();
	}

	/** A number of days: {@code 90d} or {@code 90}. */
	static final class Days implements ITypeConverter<Duration> {

		@Override
		public Duration convert(String text) {
			String days = text.trim().toLowerCase(Locale.ROOT);
			days = days.endsWith("d") ? days.substring(0, days.length() - 1) : days;
			try {
				int n = Integer.parseInt(days);
				if (n >= 1 && n <= 3650) {
					return Duration.ofDays(n);
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new TypeConversionException(
					"expected a number of days from 1 to 3650 such as 90d but was '" + text + "'");
		}

	}

}
