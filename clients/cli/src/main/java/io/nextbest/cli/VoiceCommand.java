package io.nextbest.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Timestamp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import io.nextbest.api.v1.AnalyticsGrouping;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.VoiceRequest;
import io.nextbest.api.v1.VoiceResponse;
import io.nextbest.api.v1.VoiceScores;

/**
 * {@code nextbest journeys voice}: NPS, CSAT and CES by journey, stage and channel, and
 * the share of detractors recovered in time, as a table.
 */
@Command(name = "voice", mixinStandardHelpOptions = true,
		description = "The voice of the customer over a window of days: NPS, CSAT (share satisfied) and CES "
				+ "(mean effort) by journey, stage at the answer and channel the answer was about, and the "
				+ "detractors who got a recovery action in time.")
final class VoiceCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	@Option(names = "--journey", paramLabel = "JOURNEY",
			description = "A journey listed in journeys.yaml (default: every journey, and customers in none).")
	private String journey = "";

	@Option(names = "--since", defaultValue = "30d", paramLabel = "DAYS", converter = JourneysCommand.Days.class,
			description = "The window: the last so many days, e.g. 90d (default 30d).")
	private Duration since;

	@Option(names = "--by", paramLabel = "GROUP", defaultValue = "none",
			description = "Split by: none, segment or rule-set (default none; recoveries only when not split).")
	private String by;

	@Override
	public void run() {
		AnalyticsGrouping grouping = switch (this.by.trim().toLowerCase(Locale.ROOT)) {
			case "none" -> AnalyticsGrouping.ANALYTICS_GROUPING_UNSPECIFIED;
			case "segment" -> AnalyticsGrouping.ANALYTICS_GROUPING_SEGMENT;
			case "rule-set" -> AnalyticsGrouping.ANALYTICS_GROUPING_RULE_SET;
			default -> throw new ParameterException(this.spec.commandLine(),
					"--by must be none, segment or rule-set, got '" + this.by + "'");
		};
		Instant from = Instant.now().minus(this.since);
		VoiceRequest request = VoiceRequest.newBuilder()
			.setJourney(this.journey)
			.setFrom(Timestamp.newBuilder().setSeconds(from.getEpochSecond()))
			.setGroupBy(grouping)
			.build();
		NextBestCli root = (NextBestCli) this.spec.root().userObject();
		VoiceResponse voice = root.analytics((analytics) -> analytics.voice(request));
		this.spec.commandLine().getOut().print(text(this.journey, voice));
		this.spec.commandLine().getOut().flush();
	}

	/**
	 * The scores as tables, one per group: a row per journey, stage and channel, then the
	 * journey's total.
	 */
	static String text(String journey, VoiceResponse voice) {
		StringBuilder out = new StringBuilder();
		out.append("voice of the customer, ")
			.append(journey.isEmpty() ? "every journey" : journey)
			.append(", ")
			.append(day(voice.getFrom()))
			.append(" to ")
			.append(day(voice.getUntil()))
			.append(" (UTC days)")
			.append(System.lineSeparator());
		Map<String, List<Line>> byGroup = new LinkedHashMap<>();
		for (VoiceScores total : voice.getTotalsList()) {
			List<Line> lines = byGroup.computeIfAbsent(total.getGroup(), (g) -> new ArrayList<>());
			voice.getScoresList()
				.stream()
				.filter((s) -> s.getGroup().equals(total.getGroup()) && s.getJourney().equals(total.getJourney()))
				.forEach((s) -> lines.add(new Line(s, false)));
			lines.add(new Line(total, true));
		}
		if (byGroup.isEmpty()) {
			out.append("no answers in the window").append(System.lineSeparator());
		}
		for (Map.Entry<String, List<Line>> group : byGroup.entrySet()) {
			if (!group.getKey().isEmpty() || byGroup.size() > 1) {
				out.append(System.lineSeparator()).append(group.getKey().isEmpty() ? "(none)" : group.getKey());
				out.append(System.lineSeparator());
			}
			Columns columns = new Columns();
			columns.row("journey", "stage", "channel", "nps", "answers", "promoters", "detractors", "recovered", "csat",
					"answers", "ces", "answers");
			for (Line line : group.getValue()) {
				columns.row(row(line.scores(), line.total()));
			}
			columns.appendTo(out, "");
		}
		return out.toString();
	}

	/** A row of the table: scores of a stage and channel, or a journey's total. */
	private record Line(VoiceScores scores, boolean total) {
	}

	private static String[] row(VoiceScores s, boolean total) {
		String stage = total ? "(all)"
				: (s.getStage() == JourneyStage.JOURNEY_STAGE_UNSPECIFIED) ? "-" : EnumNames.of(s.getStage());
		String channel = total ? "(all)"
				: (s.getChannel() == Channel.CHANNEL_UNSPECIFIED) ? "-" : EnumNames.of(s.getChannel());
		return new String[] { s.getJourney().isEmpty() ? "(none)" : s.getJourney(), stage, channel,
				(s.getNpsAnswers() > 0) ? String.format(Locale.ROOT, "%+.0f", s.getNps()) : "-",
				String.valueOf(s.getNpsAnswers()), String.valueOf(s.getPromoters()), String.valueOf(s.getDetractors()),
				(s.getDetractors() > 0) ? s.getRecovered() + " (" + percent(s.getRecoveryRate()) + ")" : "-",
				(s.getCsatAnswers() > 0) ? percent(s.getCsat()) : "-", String.valueOf(s.getCsatAnswers()),
				(s.getCesAnswers() > 0) ? String.format(Locale.ROOT, "%.1f", s.getCes()) : "-",
				String.valueOf(s.getCesAnswers()) };
	}

	private static String percent(double share) {
		return String.format(Locale.ROOT, "%.0f%%", share * 100);
	}

	private static String day(Timestamp timestamp) {
		return LocalDate.ofInstant(Instant.ofEpochSecond(timestamp.getSeconds()), ZoneOffset.UTC).toString();
	}

}
