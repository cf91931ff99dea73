package io.nextbest.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;

import io.nextbest.api.v1.GetRuleSetRequest;
import io.nextbest.api.v1.GetRuleSetResponse;
import io.nextbest.api.v1.ReloadOutcome;
import io.nextbest.api.v1.RulesAdminServiceGrpc;

/**
 * A rule reload on the running server, the way a marketer causes one: a 300-rule file is
 * saved into the watched rules directory. Measures the time from the save to the new rule
 * set serving (the watcher's quiet period, compilation, the catalogue check and every
 * scenario included), and Decide latency at a steady rate while the server reloads,
 * against the same rate without a reload just before, on a rule set of the same size.
 */
final class LiveReload {

	/**
	 * Offered Decide rate: well below the sustainable rate, so latency reflects the
	 * reload.
	 */
	static final double RATE = 1_000;

	static final int RULES = 300;

	private static final int RELOADS = 3;

	/** Saves, after the first, that are not measured. */
	private static final int WARM_UP_RELOADS = 3;

	/** The generated rule file, saved once before the measurement and at each reload. */
	private static final String FILE = "generated-benchmark.drl";

	/**
	 * The generated rules only match the benchmark population's segments, which no sample
	 * scenario uses: the sample scenarios keep passing, so the rule set is accepted.
	 */
	private static final String GUARD = "Customer(segment in (\"gold\", \"silver\", \"bronze\"))";

	private static final Pattern ACTION_ID = Pattern.compile("(?m)^\\s*- id: (\\S+)");

	private LiveReload() {
	}

	/**
	 * What the reloads gave.
	 *
	 * @param firstSaveToServingMillis from the first save after the server started to its
	 * rule set serving
	 * @param saveToServingMillis from each save to its rule set serving, in order
	 * @param checkMillis of each, the time the server spent reading, compiling and
	 * checking (scenarios included) and warming up, as it reports it
	 * @param steady Decide at {@link #RATE} without a reload, a window before each reload
	 * @param during Decide at {@link #RATE} around each reload, in order
	 * @param steadyCpu the server's CPU by kind of thread in each steady window
	 * @param duringCpu the server's CPU by kind of thread in each reload window
	 */
	record Result(double firstSaveToServingMillis, List<Double> saveToServingMillis, List<Long> checkMillis,
			List<OpenLoop.Result> steady, List<OpenLoop.Result> during, List<ServerThreads.Usage> steadyCpu,
			List<ServerThreads.Usage> duringCpu) {

		double medianSaveToServingMillis() {
			return this.saveToServingMillis.stream().sorted().toList().get(this.saveToServingMillis.size() / 2);
		}

		long medianCheckMillis() {
			return this.checkMillis.stream().sorted().toList().get(this.checkMillis.size() / 2);
		}

		/** The reload window with the median p99. */
		OpenLoop.Result medianDuring() {
			return median(this.during);
		}

		/** The steady window with the median p99. */
		OpenLoop.Result medianSteady() {
			return median(this.steady);
		}

		/** Median p99 during a reload over median steady p99. */
		double p99Ratio() {
			return medianDuring().p99() / (double) Math.max(1, medianSteady().p99());
		}

		/** Highest p99 during a reload over highest steady p99. */
		double worstP99Ratio() {
			return worst(this.during).p99() / (double) Math.max(1, worst(this.steady).p99());
		}

		long worstDuringP99() {
			return worst(this.during).p99();
		}

		long worstSteadyP99() {
			return worst(this.steady).p99();
		}

		long failed() {
			return this.steady.stream().mapToLong(OpenLoop.Result::failed).sum()
					+ this.during.stream().mapToLong(OpenLoop.Result::failed).sum();
		}

		private static OpenLoop.Result median(List<OpenLoop.Result> windows) {
			return windows.stream()
				.sorted(Comparator.comparingLong(OpenLoop.Result::p99))
				.toList()
				.get(windows.size() / 2);
		}

		private static OpenLoop.Result worst(List<OpenLoop.Result> windows) {
			return windows.stream().max(Comparator.comparingLong(OpenLoop.Result::p99)).orElseThrow();
		}

	}

	/**
	 * A copy of a rules directory (its rule files, not its Java tests or build output),
	 * for the server to watch and the benchmark to edit.
	 */
	static Path copyOf(Path rules) throws IOException {
		Path copy = Files.createTempDirectory("nextbest-benchmark-rules-");
		try (Stream<Path> files = Files.walk(rules)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path relative = rules.relativize(file);
				String first = relative.getName(0).toString();
				if (first.equals("src") || first.equals("target") || first.startsWith(".") || first.equals("pom.xml")) {
					continue;
				}
				Files.createDirectories(copy.resolve(relative).getParent());
				Files.copy(file, copy.resolve(relative));
			}
		}
		return copy;
	}

	/**
	 * Saves a generated rule file into the watched directory, then, once it serves, three
	 * times more (each a new version of the same size) while Decide runs, each after a
	 * window of steady Decide latency.
	 * @param channel the server
	 * @param rules the directory the server watches
	 * @param decide one Decide call
	 * @param threads the server's threads, whose CPU each window reports
	 * @return the figures
	 */
	static Result measure(ManagedChannel channel, Path rules, OpenLoop.Call decide, ServerThreads threads)
			throws Exception {
		RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin = RulesAdminServiceGrpc.newBlockingStub(channel);
		String[] actions = actionIds(rules);
		// Steady latency is measured on a rule set like those the reloads bring: 300 more
		// rules make every decision of the population dearer, which is no reload's doing.
		String sample = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();
		long firstSaved = System.nanoTime();
		Files.writeString(rules.resolve(FILE), GeneratedRules.drl(RULES, actions, GUARD) + "// Saved 0.\n");
		awaitNewVersion(admin, sample);
		double first = (System.nanoTime() - firstSaved) / 1e6;
		Suite
			.log(String.format("first save of %d rules after the start: serving %.0f ms after the save", RULES, first));
		// The first builds after a start run the rule compiler while the JVM still
		// compiles it, and the first swaps under traffic make it recompile the decision
		// path for rule classes it had not seen: a few more saves, with decisions
		// running,
		// bring it to a server that has been up for a while, which the measured reloads
		// are to show.
		for (int i = 0; i < WARM_UP_RELOADS; i++) {
			String serving = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();
			CompletableFuture<OpenLoop.Result> load = CompletableFuture
				.supplyAsync(() -> OpenLoop.run(decide, RATE, Duration.ofMillis(500), Duration.ofSeconds(2)));
			Thread.sleep(600);
			Files.writeString(rules.resolve(FILE),
					GeneratedRules.drl(RULES, actions, GUARD) + "// Warm-up save " + (i + 1) + ".\n");
			awaitNewVersion(admin, serving);
			load.join();
		}
		// Unmeasured: the last warm-up swap's aftermath (collections, the JIT).
		OpenLoop.run(decide, RATE, Duration.ofSeconds(1), Duration.ofSeconds(2));
		List<Double> saveToServing = new ArrayList<>();
		List<Long> check = new ArrayList<>();
		List<OpenLoop.Result> steady = new ArrayList<>();
		List<OpenLoop.Result> during = new ArrayList<>();
		List<ServerThreads.Usage> steadyCpu = new ArrayList<>();
		List<ServerThreads.Usage> duringCpu = new ArrayList<>();
		for (int i = 0; i < RELOADS; i++) {
			// A steady window of the same length before each reload window: on a shared
			// machine whose speed drifts, each reload is compared with a moment next to
			// it.
			ServerThreads.Snapshot before = threads.snapshot();
			OpenLoop.Result calm = OpenLoop.run(decide, RATE, Duration.ofSeconds(1), Duration.ofSeconds(4));
			steadyCpu.add(threads.snapshot().since(before));
			steady.add(calm);
			Suite.log(String.format("decide at %.0f/s steady: p50 %d p99 %d us; server cores: %s", RATE, calm.p50(),
					calm.p99(), steadyCpu.get(i)));
			String serving = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();
			// The measured window starts after a second of warm-up; the save falls at its
			// start and the reload well inside its four seconds.
			before = threads.snapshot();
			CompletableFuture<OpenLoop.Result> load = CompletableFuture
				.supplyAsync(() -> OpenLoop.run(decide, RATE, Duration.ofSeconds(1), Duration.ofSeconds(4)));
			Thread.sleep(1_200);
			String drl = GeneratedRules.drl(RULES, actions, GUARD) + "// Saved " + (i + 1) + ".\n";
			long saved = System.nanoTime();
			Files.writeString(rules.resolve(FILE), drl);
			long took = awaitNewVersion(admin, serving);
			double millis = (System.nanoTime() - saved) / 1e6;
			OpenLoop.Result window = load.join();
			duringCpu.add(threads.snapshot().since(before));
			saveToServing.add(millis);
			check.add(took);
			during.add(window);
			Suite.log(String.format(
					"reload %d of %d rules: serving %.0f ms after the save (%d ms checking); decide p50 %d p99 %d us; server cores: %s",
					i + 1, RULES, millis, took, window.p50(), window.p99(), duringCpu.get(i)));
		}
		return new Result(first, saveToServing, check, steady, during, steadyCpu, duringCpu);
	}

	/** Waits for another version to serve; how long the server took to check it. */
	private static long awaitNewVersion(RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin, String serving)
			throws InterruptedException {
		long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < until) {
			GetRuleSetResponse ruleSet = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance());
			if (!ruleSet.getVersion().getVersion().equals(serving)) {
				return ruleSet.getLastReload().getTookMillis();
			}
			if (ruleSet.getLastReload().getOutcome() == ReloadOutcome.RELOAD_OUTCOME_REJECTED) {
				throw new IllegalStateException("The generated rules were rejected: " + ruleSet.getLastReload());
			}
			Thread.sleep(5);
		}
		throw new IllegalStateException("The saved rules did not serve within a minute");
	}

	private static String[] actionIds(Path rules) {
		try {
			Matcher ids = ACTION_ID.matcher(Files.readString(rules.resolve("actions.yaml")));
			List<String> actions = new ArrayList<>();
			while (ids.find()) {
				actions.add(ids.group(1));
			}
			return actions.toArray(String[]::new);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
