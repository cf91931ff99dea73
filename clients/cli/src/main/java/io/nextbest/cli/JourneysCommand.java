package io.nextbest.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

import io.nextbest.api.v1.AnalyticsGrouping;
import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.FunnelGroup;
import io.nextbest.api.v1.FunnelRequest;
import io.nextbest.api.v1.FunnelResponse;
import io.nextbest.api.v1.FunnelStage;

/**
 * {@code nextbest journeys}: how customers move through a journey, against what
 * {@code journeys.yaml} expects.
 */
@Command(name = "journeys", mixinStandardHelpOptions = true,
		description = "Journey analytics: funnels against the expectations of journeys.yaml.",
		synopsisSubcommandLabel = "COMMAND", subcommands = VoiceCommand.class)
final class JourneysCommand {

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
					description = "Split by: none, segment or rule-set (default none).") String by) {
		AnalyticsGrouping grouping = switch (by.trim().toLowerCase(Locale.ROOT)) {
			case "none" -> AnalyticsGrouping.ANALYTICS_GROUPING_UNSPECIFIED;
			case "segment" -> AnalyticsGrouping.ANALYTICS_GROUPING_SEGMENT;
			case "rule-set" -> AnalyticsGrouping.ANALYTICS_GROUPING_RULE_SET;
			default -> throw new picocli.CommandLine.ParameterException(this.spec.commandLine(),
					"--by must be none, segment or rule-set, got '" + by + "'");
		};
		Instant from = Instant.now().minus(since);
		FunnelRequest request = FunnelRequest.newBuilder()
			.setJourney(journey)
			.setFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond()))
			.setGroupBy(grouping)
			.build();
		FunnelResponse funnel = this.root
			.callChannel((channel, deadline) -> AnalyticsServiceGrpc.newBlockingStub(channel)
				.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
				.funnel(request));
		this.spec.commandLine().getOut().print(text(funnel));
		this.spec.commandLine().getOut().flush();
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
