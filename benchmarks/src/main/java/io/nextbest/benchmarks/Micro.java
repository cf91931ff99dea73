package io.nextbest.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH microbenchmarks, short enough for the suite's time budget. */
final class Micro {

	private Micro() {
	}

	/**
	 * One microbenchmark figure.
	 *
	 * @param name benchmark and parameters
	 * @param score the mean
	 * @param error the 99.9% confidence half-width
	 * @param unit the unit
	 */
	record Figure(String name, double score, double error, String unit) {
	}

	static List<Figure> run() throws Exception {
		return run(".*Benchmark");
	}

	/**
	 * @param include a regular expression on the benchmark class names
	 */
	static List<Figure> run(String include) throws Exception {
		Options options = new OptionsBuilder().include(Micro.class.getPackageName() + "." + include)
			.forks(1)
			.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(4)
			.measurementTime(TimeValue.seconds(1))
			.jvmArgsAppend("-Xmx1g", "--add-modules", "java.se", "--add-exports",
					"java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
					"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens",
					"java.management/sun.management=ALL-UNNAMED", "--add-opens",
					"jdk.management/com.sun.management.internal=ALL-UNNAMED")
			.build();
		Collection<RunResult> results = new Runner(options).run();
		List<Figure> figures = new ArrayList<>();
		for (RunResult result : results) {
			String name = result.getParams().getBenchmark().replace(Micro.class.getPackageName() + ".", "");
			String rules = result.getParams().getParam("rules");
			if (rules != null) {
				name += " (" + rules + " rules)";
			}
			String readCache = result.getParams().getParam("readCache");
			if (readCache != null) {
				name += " (read cache " + readCache + ")";
			}
			String format = result.getParams().getParam("format");
			if (format != null) {
				name += " (format " + format + ")";
			}
			String batch = result.getParams().getParam("batch");
			if (batch != null) {
				name += "halfEach".equals(batch) ? " (recipients half on a, half on b)" : " (recipients all on a)";
			}
			figures.add(new Figure(name, result.getPrimaryResult().getScore(),
					result.getPrimaryResult().getScoreError(), result.getPrimaryResult().getScoreUnit()));
		}
		return figures;
	}

}
