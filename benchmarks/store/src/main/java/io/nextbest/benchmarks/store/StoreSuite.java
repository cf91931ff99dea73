package io.nextbest.benchmarks.store;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.nextbest.benchmarks.H2LoadReport;
import io.nextbest.benchmarks.Micro;
import io.nextbest.benchmarks.Suite;
import io.nextbest.server.journeys.JourneyAnalytics;

/**
 * The benchmarks of the server's own classes, in one JVM with them: the context store's
 * read cache, owner routing between two members, the stored form of a context and the
 * gRPC mappers (JMH), each written to its section of benchmarks/RESULTS.md.
 *
 * <p>
 * Options: {@code --only-micro [REGEX]} (those whose class names match, printed,
 * RESULTS.md left as it is), {@code --only-funnel} (a year of moves of
 * {@code --customers} customers, a million by default, in a store of its own, then the
 * funnel queries timed, {@link FunnelQueries}; {@code --calls N} per shape;
 * {@code --backfilled} writes the rows in key order, as a backfill would, instead of day
 * by day; {@code --kept-rows N} the rows of days the analytics keep in memory, 0 for
 * none; writes its section of RESULTS.md).
 */
public final class StoreSuite {

	static final String MICRO_HEADING = "## Context store and owner routing microbenchmarks (JMH";

	private static final Path RESULTS = Path.of("benchmarks/RESULTS.md");

	private StoreSuite() {
	}

	public static void main(String[] args) throws Exception {
		List<String> options = Arrays.asList(args);
		if (options.contains("--only-funnel")) {
			FunnelQueries.Figures figures = FunnelQueries.measure(Suite.intOption(options, "--customers", 1_000_000),
					Suite.intOption(options, "--calls", 100), Path.of("rules"), options.contains("--backfilled"),
					Suite.intOption(options, "--kept-rows", (int) JourneyAnalytics.DEFAULT_KEPT_ROWS));
			String section = FunnelQueries.section(figures);
			Suite.log(section);
			H2LoadReport.replaceSection(RESULTS, FunnelQueries.HEADING, section);
			return;
		}
		List<Micro.Figure> figures = Micro.run(Suite.stringOption(options, "--only-micro", ".*Benchmark"));
		if (options.contains("--only-micro")) {
			for (Micro.Figure figure : figures) {
				Suite.log(String.format("%s: %.3f ± %.3f %s", figure.name(), figure.score(), figure.error(),
						figure.unit()));
			}
			return;
		}
		H2LoadReport.replaceSection(RESULTS, MICRO_HEADING, Micro.table(MICRO_HEADING, figures));
		Suite.log("updated the context store's microbenchmarks in " + RESULTS);
	}

}
