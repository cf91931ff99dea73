package io.nextbest.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The section of RESULTS.md that {@code --only-connect} writes: Connect JSON Decide
 * against gRPC Decide ({@link ConnectSteps}), against the targets of the issue that
 * brought the HTTP port, with the machine's load during the step. It replaces the section
 * an earlier run wrote and leaves the rest of the file as it is.
 */
final class ConnectReport {

	static final String HEADING = "## Connect JSON against gRPC";

	private ConnectReport() {
	}

	static void update(Path results, int customers, String commit, ConnectSteps.Figures figures) throws IOException {
		H2LoadReport.replaceSection(results, HEADING, section(customers, commit, figures));
	}

	private static String section(int customers, String commit, ConnectSteps.Figures f) {
		ConnectSteps.Ratios ratios = f.ratios();
		StringBuilder md = new StringBuilder();
		md.append(HEADING)
			.append(" (")
			.append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append(", commit ")
			.append(commit)
			.append(", ")
			.append(String.format(Locale.ROOT, "%,d", customers))
			.append(" customers)\n\n");
		md.append("Written by `--only-connect` (`benchmarks/README.md`). Decide for ")
			.append(f.processes())
			.append(" customers of the population (three channels, a web page's request context), the same "
					+ "requests both ways, driven by h2load: gRPC over h2c, ")
			.append(f.processes())
			.append(" processes of one connection with ")
			.append(f.inFlight())
			.append(" streams; Connect JSON (`POST /nba.v1.DecisionService/Decide`, `application/json`) over "
					+ "HTTP/1.1, ")
			.append(f.processes())
			.append(" processes of ")
			.append(f.inFlight())
			.append(" connections with one call at a time, so ")
			.append(f.processes() * f.inFlight())
			.append(" calls in flight either way. ")
			.append(f.rounds())
			.append(" rounds of ")
			.append(f.measured().toSeconds())
			.append(" s per figure, alternating the arms and which goes first; ratios are medians of each "
					+ "round's ratio, values the median round's. Machine load (one-minute average, two cores "
					+ "shared with other builds): ")
			.append(String.format(Locale.ROOT, "%.1f before, %.1f after", f.loadBefore(), f.loadAfter()))
			.append(".\n\n");
		md.append("| figure | gRPC | Connect JSON | Connect / gRPC | target | met |\n|---|---:|---:|---:|---|---|\n");
		row(md, "Decide at saturation", Report.rate(f.grpcSaturation().perSecond()),
				Report.rate(f.connectSaturation().perSecond()), Report.ratio(ratios.saturation()), "≥ 0.6",
				Report.met(ratios.saturation() >= 0.6));
		row(md, "Decide p50 / p99 / p99.9 at 1,000/s", H2LoadReport.latencies(f.grpcFixed()),
				H2LoadReport.latencies(f.connectFixed()),
				String.format(Locale.ROOT, "p50 %.2f, p99 %.2f", ratios.p50(), ratios.p99()), "p99 ≤ 1.5",
				Report.met(ratios.p99() <= 1.5));
		row(md, "server CPU per Decide at saturation (user and system, `/proc/<pid>/stat`)",
				String.format(Locale.ROOT, "%.0f µs", f.grpcCpuPerCall()),
				String.format(Locale.ROOT, "%.0f µs", f.connectCpuPerCall()), Report.ratio(ratios.cpu()), "", "");
		row(md, "Connect JSON over h2c (one connection per process, 8 streams): Decide at saturation",
				Report.rate(f.grpcSaturation().perSecond()), Report.rate(f.h2cSaturation().perSecond()),
				Report.ratio(ratios.h2cSaturation()), "", "");
		row(md, "Connect JSON over h2c: Decide p50 / p99 / p99.9 at 1,000/s", H2LoadReport.latencies(f.grpcFixed()),
				H2LoadReport.latencies(f.h2cFixed()), String.format(Locale.ROOT, "p99 %.2f", ratios.h2cP99()), "", "");
		row(md, "echo at saturation (no decision: each protocol's ceiling)", Report.rate(f.grpcEcho().perSecond()),
				Report.rate(f.connectEcho().perSecond()), Report.ratio(ratios.echo()), "", "");
		row(md, "echo at saturation from one h2load process (the generator's ceiling)",
				Report.rate(f.grpcGenerator().perSecond()), Report.rate(f.connectGenerator().perSecond()), "", "", "");
		md.append("\nCalls answered other than 200 or not at all: gRPC ")
			.append(f.grpcSaturation().notOk() + f.grpcSaturation().failed())
			.append(", Connect ")
			.append(f.connectSaturation().notOk() + f.connectSaturation().failed())
			.append(" at saturation; response bytes per Decide: gRPC ")
			.append(String.format(Locale.ROOT, "%.0f", f.grpcSaturation().bytesPerResponse()))
			.append(" (a protobuf frame), Connect ")
			.append(String.format(Locale.ROOT, "%.0f", f.connectSaturation().bytesPerResponse()))
			.append(" (JSON).\n\n");
		return md.toString();
	}

	private static void row(StringBuilder md, String figure, String grpc, String connect, String ratio, String target,
			String met) {
		md.append("| ")
			.append(figure)
			.append(" | ")
			.append(grpc)
			.append(" | ")
			.append(connect)
			.append(" | ")
			.append(ratio)
			.append(" | ")
			.append(target)
			.append(" | ")
			.append(met)
			.append(" |\n");
	}

}
