package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.CompileCancelledException;
import io.nextbest.engine.ruleset.Problems;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetException;
import io.nextbest.engine.ruleset.RuleSetLimits;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.ScenarioResult;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.server.system.NextBestProperties;

/**
 * The rule set that serves traffic, and its replacement when the rules change. At startup
 * an invalid rule set stops the server with every problem listed. Afterwards a reload
 * reads the directory, has the new rule set compiled and checked (scenarios included) by
 * the rule compiler process ({@link RuleCompilerProcess}) or, when so configured, on the
 * caller's thread, never on a request's, and swaps it in atomically only when it is
 * valid, after a warm-up on recent traffic ({@link #warmUpWith}); otherwise the last good
 * rule set keeps serving and the problems are logged, counted and kept for the admin API
 * and the health details. A decision takes the rule set once with {@link #get()}, so it
 * runs entirely on one version; decisions in flight during a swap finish on the old one,
 * which is released when the last of them ends.
 * <p>
 * What keeps one save from holding up the next: files over the size limits
 * ({@link RuleSetLimits}) are rejected before they are compiled; a compile over the time
 * limit is stopped and rejected; a newer save cancels the compile in progress
 * ({@link #supersede}); and validations of the admin API compile on a compiler of their
 * own, one at a time ({@link #validate}), so a reload never waits behind one.
 */
@Component
public class CurrentRuleSet implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CurrentRuleSet.class);

	/** Why a reload's compile is cancelled by a newer save. */
	static final String SUPERSEDED = "superseded by a newer save";

	private final Path directory;

	private final Clock clock;

	private final RuleMetrics metrics;

	private final RuleSetLimits limits;

	/** Compiles reloads; {@link #supersede} cancels its compile in progress. */
	private final RuleCompiler compiler;

	/** Compiles validations of the admin API, so that reloads never wait behind them. */
	private final RuleCompiler validations;

	/** One validation at a time: the compiler holds one compile at a time. */
	private final Semaphore validating = new Semaphore(1);

	private final AtomicReference<RuleSet> serving = new AtomicReference<>();

	private volatile ReloadAttempt lastAttempt;

	private volatile ReloadListener listener = (attempt, announce) -> {
	};

	private volatile Consumer<RuleSet> warmUp = (candidate) -> {
	};

	@Autowired
	CurrentRuleSet(NextBestProperties properties, Clock clock, RuleMetrics metrics) {
		this(properties, clock, metrics, compiler(properties.rules(), "rules-compile"),
				compiler(properties.rules(), "rules-validate"));
	}

	/**
	 * @param compiler compiles reloads
	 * @param validations compiles validations
	 */
	CurrentRuleSet(NextBestProperties properties, Clock clock, RuleMetrics metrics, RuleCompiler compiler,
			RuleCompiler validations) {
		this.directory = properties.rules().directory().toAbsolutePath().normalize();
		this.clock = clock;
		this.metrics = metrics;
		this.limits = new RuleSetLimits(properties.rules().maxFileSize().toBytes(),
				properties.rules().maxRuleSetSize().toBytes());
		this.compiler = compiler;
		this.validations = validations;
		Instant start = Instant.now();
		RuleSet ruleSet = startup(this.directory, this.limits, clock);
		this.serving.set(ruleSet.observed(metrics.firings()));
		this.lastAttempt = new ReloadAttempt(ruleSet.version().loadedAt(), "startup", ReloadAttempt.Outcome.APPLIED,
				ruleSet.version().hash(), List.of(), List.of(), Duration.between(start, Instant.now()));
		metrics.reloaded(this.lastAttempt);
		log.info("Loaded rule set {} from {}: {} files, {} rules, {} actions", ruleSet.version().hash(), this.directory,
				ruleSet.files().size(), ruleCount(ruleSet), ruleSet.catalogue().all().size());
	}

	private static RuleCompiler compiler(NextBestProperties.Rules rules, String name) {
		return switch (rules.compiler()) {
			case PROCESS ->
				new RuleCompilerProcess(rules.reloadNice(), rules.compilerJvmOptionList(), rules.compileTimeout());
			case IN_SERVER -> new InServerCompiler(rules.compileTimeout(), name, rules.reloadNice());
		};
	}

	/** The rule set at startup: compiled in the server, however long it takes. */
	private static RuleSet startup(Path directory, RuleSetLimits limits, Clock clock) {
		RuleFiles files = RuleFiles.read(directory, limits);
		List<RuleDiagnostic> tooLarge = limits.check(files, directory.toString());
		if (!tooLarge.isEmpty()) {
			throw new RuleSetException(directory.toString(), tooLarge);
		}
		Validation validation = RuleSetLoader.validate(files, directory.toString(), clock);
		if (!validation.valid()) {
			throw new RuleSetException(directory.toString(), validation.problems());
		}
		return validation.ruleSet();
	}

	/**
	 * @return the rule set serving now
	 */
	public RuleSet get() {
		return this.serving.get();
	}

	/**
	 * @return the rules directory, absolute
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * @return how large rule files may be
	 */
	public RuleSetLimits limits() {
		return this.limits;
	}

	/**
	 * @return the last reload attempt (the startup load until a reload happens)
	 */
	public ReloadAttempt lastAttempt() {
		return this.lastAttempt;
	}

	/**
	 * Reads the rules directory and, when its content differs from the serving rule set
	 * and is valid, serves it. Reloads run one at a time.
	 * @param trigger what asks for the reload, for the log and the admin API
	 * @return what came of it
	 */
	public ReloadAttempt reload(String trigger) {
		return reload(trigger, true);
	}

	/**
	 * Reloads because another member of the cluster serves a new rule set: the same as
	 * {@link #reload(String)}, except that the outcome is not announced to the cluster
	 * again, so a reload travels once from the member it started on.
	 */
	ReloadAttempt reloadFollowingCluster(String trigger) {
		return reload(trigger, false);
	}

	/**
	 * Runs a valid new rule set on work like the traffic's before it serves (one warm-up:
	 * the decision path's), so that what its first decisions would pay (loading its
	 * rules' classes, building its sessions' memory for the rules traffic reaches) is
	 * paid off the request path. The warm-up runs on the reloading thread; a failure in
	 * it is logged and the rule set serves all the same.
	 * @param warmUp runs the candidate, unobserved (it counts as no traffic)
	 */
	public void warmUpWith(Consumer<RuleSet> warmUp) {
		this.warmUp = warmUp;
	}

	/**
	 * The rules directory changed again: cancels the reload's compile in progress, if
	 * any, whose files are out of date. That reload ends as
	 * {@link ReloadAttempt.Outcome#SUPERSEDED}, and the reload the change brings compiles
	 * the newer files at once instead of after it.
	 */
	void supersede() {
		this.compiler.cancel(SUPERSEDED);
	}

	/** Tells the listener of every reload from now on (one listener: the cluster's). */
	void listen(ReloadListener listener) {
		this.listener = listener;
	}

	private synchronized ReloadAttempt reload(String trigger, boolean announce) {
		Instant at = this.clock.instant();
		long start = System.nanoTime();
		ReloadAttempt attempt;
		try {
			RuleFiles files = RuleFiles.read(this.directory, this.limits);
			String hash = files.hash();
			List<RuleDiagnostic> tooLarge = this.limits.check(files, this.directory.toString());
			if (hash.equals(get().version().hash())) {
				attempt = new ReloadAttempt(at, trigger, ReloadAttempt.Outcome.UNCHANGED, hash, List.of(), List.of(),
						Duration.ofNanos(System.nanoTime() - start));
			}
			else if (!tooLarge.isEmpty()) {
				// No version: a file over the limit was read only in part.
				attempt = rejected(at, trigger, start, tooLarge);
			}
			else {
				Validation validation = this.compiler.validate(files, this.directory.toString(), at);
				if (validation.valid()) {
					warmUp(validation.ruleSet());
					this.serving.set(validation.ruleSet().observed(this.metrics.firings()));
					attempt = new ReloadAttempt(at, trigger, ReloadAttempt.Outcome.APPLIED, hash, List.of(), List.of(),
							Duration.ofNanos(System.nanoTime() - start));
				}
				else {
					attempt = new ReloadAttempt(at, trigger, ReloadAttempt.Outcome.REJECTED, hash,
							validation.problems(), capped(validation.failedScenarios()),
							Duration.ofNanos(System.nanoTime() - start));
				}
			}
		}
		catch (RuleSetException ex) {
			attempt = rejected(at, trigger, start, ex.getDiagnostics());
		}
		catch (CompileCancelledException ex) {
			attempt = new ReloadAttempt(at, trigger, ReloadAttempt.Outcome.SUPERSEDED, "",
					List.of(new RuleDiagnostic(this.directory.toString(), 0, 0,
							"compile cancelled: " + ex.getMessage())),
					List.of(), Duration.ofNanos(System.nanoTime() - start));
		}
		catch (RuntimeException ex) {
			attempt = rejected(at, trigger, start,
					List.of(new RuleDiagnostic(this.directory.toString(), 0, 0, "cannot be read: " + ex.getMessage())));
		}
		this.lastAttempt = attempt;
		this.metrics.reloaded(attempt);
		logged(attempt);
		this.listener.reloaded(attempt, announce);
		return attempt;
	}

	/**
	 * Checks files without serving them: the rules directory as it is, with the given
	 * files added or replaced (or only the given files). Validations compile on a
	 * compiler of their own, never the reloads', one at a time: another asked for
	 * meanwhile is refused at once rather than queued, so that validations cannot pile up
	 * work for the host.
	 * @param changes the files to check, by path relative to the rules directory
	 * @param complete true when the files are the whole rule set, false to lay them over
	 * the directory's files
	 * @return the outcome: files over the size limits or a compile over the time limit
	 * are invalid, with the problem
	 * @throws ValidationBusyException while another validation runs
	 */
	public Validation validate(Map<String, byte[]> changes, boolean complete) {
		if (!this.validating.tryAcquire()) {
			throw new ValidationBusyException();
		}
		try {
			String origin = complete ? "the files sent" : this.directory.toString();
			RuleFiles files = complete ? RuleFiles.of(changes)
					: RuleFiles.read(this.directory, this.limits).with(changes);
			List<RuleDiagnostic> tooLarge = this.limits.check(files, origin);
			if (!tooLarge.isEmpty()) {
				return new Validation(files.hash(), null, tooLarge, List.of());
			}
			return this.validations.validate(files, origin, this.clock.instant());
		}
		catch (RuleSetException ex) {
			return new Validation("", null, Problems.capped(ex.getDiagnostics(), this.directory.toString()), List.of());
		}
		finally {
			this.validating.release();
		}
	}

	/**
	 * Checks a whole rule set from elsewhere (a what-if's candidate) on the validations'
	 * compiler, as {@link #validate} does, but waits for a validation in progress to end
	 * instead of refusing: the caller is itself one at a time and long. The caller checks
	 * the size limits.
	 * @param files the rule files
	 * @param origin where they come from, for messages
	 * @return the outcome, with the rule set loaded in the server when valid
	 * @throws InterruptedException when interrupted while waiting
	 */
	public Validation validateWaiting(RuleFiles files, String origin) throws InterruptedException {
		this.validating.acquire();
		try {
			return this.validations.validate(files, origin, this.clock.instant());
		}
		finally {
			this.validating.release();
		}
	}

	/**
	 * Gets the compiler ready for reloads to come (starts the compiler process and
	 * compiles the rules in it), on the calling thread; a server that watches its rules
	 * does it once it serves.
	 */
	void prepareCompiler() {
		try {
			this.compiler.prepare(RuleFiles.read(this.directory));
		}
		catch (RuntimeException ex) {
			log.warn("Could not get the rule compiler ready: {}", ex.getMessage());
		}
	}

	/**
	 * @return where reloads compile
	 */
	RuleCompiler compiler() {
		return this.compiler;
	}

	/**
	 * @return where validations compile
	 */
	RuleCompiler validationCompiler() {
		return this.validations;
	}

	/** Stops the compiler processes, if any. */
	@Override
	public void close() {
		this.compiler.close();
		this.validations.close();
	}

	private void warmUp(RuleSet candidate) {
		try {
			this.warmUp.accept(candidate.unobserved());
		}
		catch (RuntimeException ex) {
			log.warn("Warming up rule set {} failed; it serves all the same", candidate.version().hash(), ex);
		}
	}

	private ReloadAttempt rejected(Instant at, String trigger, long start, List<RuleDiagnostic> problems) {
		return new ReloadAttempt(at, trigger, ReloadAttempt.Outcome.REJECTED, "",
				Problems.capped(problems, this.directory.toString()), List.of(),
				Duration.ofNanos(System.nanoTime() - start));
	}

	private static List<ScenarioResult> capped(List<ScenarioResult> failed) {
		return (failed.size() > Problems.MAX) ? List.copyOf(failed.subList(0, Problems.MAX)) : failed;
	}

	private void logged(ReloadAttempt attempt) {
		switch (attempt.outcome()) {
			case APPLIED -> log.info("Rule set {} from {} serves now ({}, checked in {} ms): {} rules", attempt.hash(),
					this.directory, attempt.trigger(), attempt.took().toMillis(), ruleCount(get()));
			case UNCHANGED -> log.debug("Rules in {} unchanged ({})", this.directory, attempt.trigger());
			case SUPERSEDED -> log.info("Reload of {} ({}) {}; the newer files reload next", this.directory,
					attempt.trigger(), attempt.problems().get(0).message());
			case REJECTED -> log.error("Rule set {}from {} rejected ({}); rule set {} keeps serving. {} problem{}:\n{}",
					attempt.hash().isEmpty() ? "" : attempt.hash() + " ", this.directory, attempt.trigger(),
					get().version().hash(), attempt.problems().size(), (attempt.problems().size() == 1) ? "" : "s",
					attempt.problems().stream().map((d) -> "  " + d).collect(Collectors.joining("\n")));
		}
	}

	/** Told of each reload attempt, after it took effect. */
	@FunctionalInterface
	interface ReloadListener {

		/**
		 * @param attempt what came of the reload
		 * @param announce false when the reload follows another member's, which has
		 * already been announced
		 */
		void reloaded(ReloadAttempt attempt, boolean announce);

	}

	private static int ruleCount(RuleSet ruleSet) {
		return ruleSet.rules().values().stream().mapToInt(List::size).sum();
	}

}
