package io.nextbest.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH microbenchmarks, short enough for the suite's time budget: those of the
 * module whose classes come first on the class path (JMH reads one benchmark list), so
 * the engine's here and the context store's in {@code benchmarks/store}.
 */
public final class Micro {

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
	public record Figure(String name, double score, double error, String unit) {
	}

	/**
	 * A section of RESULTS.md: a heading, then one row a figure.
	 * @param heading the start of the heading, "## " included
	 */
	public static String table(String heading, List<Figure> figures) {
		StringBuilder md = new StringBuilder(heading);
		md.append(", 1 fork, 3 × 1 s warm-up, 4 × 1 s measured)\n\n");
		md.append("| benchmark | score | ± (99.9%) | unit |\n|---|---:|---:|---|\n");
		for (Figure figure : figures) {
			md.append(String.format(Locale.ROOT, "| %s | %,.3f | %,.3f | %s |\n", figure.name(), figure.score(),
					figure.error(), figure.unit()));
		}
		return md.append('\n').toString();
	}

	public static List<Figure> run() throws Exception {
		return run(".*Benchmark");
	}

	/**
	 * @param include a regular expression on the benchmark class names, without their
	 * package
	 */
	public static List<Figure> run(String include) throws Exception {
		Options options = new OptionsBuilder().include("\\." + include)
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
			// The class's simple name and the method.
			String benchmark = result.getParams().getBenchmark();
			String name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
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
