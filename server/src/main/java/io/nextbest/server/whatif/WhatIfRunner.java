package io.nextbest.server.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetException;
import io.nextbest.engine.scenario.ScenarioResult;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.engine.whatif.PopulationFilter;
import io.nextbest.engine.whatif.WhatIf;
import io.nextbest.engine.whatif.WhatIfReport;
import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.server.context.ContextRanges;
import io.nextbest.server.context.ContextRanges.KeyRange;
import io.nextbest.server.context.DurableContexts;
import io.nextbest.server.ingest.PopulationResponses;
import io.nextbest.server.rules.ChildJvm;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.ReloadThreads;

/**
 * Runs what-ifs ({@link WhatIf}) over the stored population: compiles the candidate on
 * the validations' compiler, then reads the durable store in key ranges
 * ({@link ContextRanges}) on a fixed pool of low-priority threads
 * ({@link ReloadThreads}), and hands the stored contexts to a worker process that decides
 * them with both rule sets and tallies them ({@link WhatIfWorkerProcess}; in the server
 * when so configured or when no process starts, {@link LocalDecider}). The report and the
 * explained examples are made here from the tally. The durable store and not the context
 * map, because the map loads lazily: reading everyone through it would pull the whole
 * population onto the members' heap.
 * <p>
 * One what-if at a time: a second is refused at once rather than queued, as validations
 * are. The pool lives as long as the run.
 */
@Service
public class WhatIfRunner {

	private static final Logger log = LoggerFactory.getLogger(WhatIfRunner.class);

	/** The most example customers explained with both funnels. */
	public static final int MAX_EXPLAINED = 100;

	/** Key ranges per thread: enough that a slow range does not leave the others idle. */
	private static final int RANGES_PER_THREAD = 4;

	private final ContextRanges store;

	/** Reads the examples again by id, as the context map loads a customer. */
	private final DurableContexts durable;

	private final CurrentRuleSet rules;

	private final PopulationResponses population;

	private final WhatIfProperties properties;

	private final Semaphore running = new Semaphore(1);

	WhatIfRunner(DataSource dataSource, DurableContexts durable, CurrentRuleSet rules, PopulationResponses population,
			WhatIfProperties properties) {
		this.store = new ContextRanges(dataSource);
		this.durable = durable;
		this.rules = rules;
		this.population = population;
		this.properties = properties;
	}

	/**
	 * Finds a candidate directory: relative to the rules directory, within the what-if
	 * root (symbolic links followed).
	 * @param requested the path the caller gave
	 * @return the directory
	 * @throws IllegalArgumentException when it is outside the root or not a directory
	 */
	public Path candidate(String requested) {
		Path root = root();
		Path directory = this.rules.directory().resolve(requested).normalize();
		if (!directory.startsWith(root)) {
			throw new IllegalArgumentException("'" + requested + "' is outside the what-if root " + root
					+ " (nextbest.what-if.candidate-root, NBA_WHATIF_CANDIDATE_ROOT)");
		}
		if (!Files.isDirectory(directory)) {
			throw new IllegalArgumentException(
					"'" + requested + "' is not a directory on the server (" + directory + ")");
		}
		try {
			if (!directory.toRealPath().startsWith(root.toRealPath())) {
				throw new IllegalArgumentException("'" + requested + "' leads outside the what-if root " + root);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return directory;
	}

	/**
	 * Writes the serving rules directory's files at a git ref to a temporary directory
	 * ({@link GitCandidate}); the caller closes it after the run.
	 * @param ref a branch, a tag, a commit id or an expression such as {@code HEAD~1}
	 * @return the candidate
	 * @throws IllegalArgumentException when the ref cannot give a candidate
	 */
	public GitCandidate candidateAt(String ref) {
		return GitCandidate.at(this.rules.directory(), ref, this.rules.limits());
	}

	private Path root() {
		String configured = this.properties.candidateRoot();
		if (configured.isBlank()) {
			Path parent = this.rules.directory().getParent();
			return (parent != null) ? parent : this.rules.directory();
		}
		return Path.of(configured).toAbsolutePath().normalize();
	}

	/**
	 * Runs a what-if on the calling thread, which waits for the pool's threads.
	 * @param order what to run
	 * @param progress told the progress once the run starts reading and as each key range
	 * is done, on the calling thread
	 * @param cancelled asked whether the caller gave up
	 * @return the result
	 * @throws WhatIfBusyException while another what-if runs
	 * @throws CandidateException when the candidate does not compile
	 * @throws CancellationException when the caller gave up
	 */
	public Result run(Order order, Consumer<Progress> progress, BooleanSupplier cancelled) {
		if (!this.running.tryAcquire()) {
			throw new WhatIfBusyException();
		}
		Instant start = Instant.now();
		int threads = this.properties.threadCount();
		ExecutorService pool = Executors.newFixedThreadPool(threads,
				ReloadThreads.factory("what-if", this.properties.nice()));
		AtomicBoolean stop = new AtomicBoolean();
		BooleanSupplier stopping = () -> stop.get() || cancelled.getAsBoolean();
		WhatIfDecider decider = null;
		try {
			Validation candidate = compile(order.candidate());
			RuleSet base = this.rules.get();
			PopulationRates rates = this.population.rates();
			WhatIf whatIf = new WhatIf(base, candidate.ruleSet(), order.template(), order.at(), rates, order.filter());
			decider = decider(whatIf, new WhatIfWorkerProtocol.Job(base.sources(), candidate.ruleSet().sources(),
					order.template(), order.at(), rates, order.filter(), threads));
			long stored = this.store.count();
			List<KeyRange> ranges = this.store.split(stored, threads * RANGES_PER_THREAD);
			AtomicLong read = new AtomicLong();
			progress.accept(new Progress(0, 0, stored, 0, ranges.size()));
			ExecutorCompletionService<Long> done = new ExecutorCompletionService<>(pool);
			Pace pace = Pace.of(this.properties.maxRate());
			for (KeyRange range : ranges) {
				Consumer<List<byte[]>> decide = decider.range();
				done.submit(() -> this.store.readStored(range, this.properties.pageSize(), (page) -> {
					long total = read.addAndGet(page.size());
					decide.accept(page);
					pace.after(total);
				}, stopping));
			}
			for (int i = 1; i <= ranges.size(); i++) {
				await(done.take(), stop);
				if (cancelled.getAsBoolean()) {
					throw new CancellationException("the caller gave up");
				}
				progress.accept(new Progress(read.get(), decider.decided(), stored, i, ranges.size()));
			}
			WhatIfTally total = decider.finish(cancelled);
			progress.accept(new Progress(read.get(), total.customers(), stored, ranges.size(), ranges.size()));
			WhatIfReport report = whatIf.report(total);
			List<Explained> explained = explain(whatIf, report);
			Duration took = Duration.between(start, Instant.now());
			log.info("What-if of {} against {}: {} customers decided, {} changed, in {} ms",
					candidate.ruleSet().version().hash(), base.version().hash(), report.customers(),
					report.changedCustomers(), took.toMillis());
			return new Result(report, candidate.failedScenarios(), took, explained);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CancellationException("interrupted");
		}
		finally {
			stop.set(true);
			pool.shutdownNow();
			if (decider != null) {
				decider.close();
			}
			this.running.release();
		}
	}

	/**
	 * Where the customers are decided: a worker process, or the server when so configured
	 * or when the process cannot be started.
	 */
	private WhatIfDecider decider(WhatIf whatIf, WhatIfWorkerProtocol.Job job) {
		if (this.properties.worker() == WhatIfProperties.Worker.PROCESS) {
			try {
				return WhatIfWorkerProcess.start(ChildJvm.command(WhatIfWorkerMain.class.getName(),
						this.properties.nice(), this.properties.workerJvmOptionList()), job);
			}
			catch (IOException ex) {
				log.warn("Could not start a what-if worker process ({}); deciding in the server this time",
						ex.getMessage());
			}
		}
		return new LocalDecider(whatIf);
	}

	/**
	 * The report's example customers, the smallest ids first, read from the store again
	 * and decided with both rule sets with their funnels.
	 */
	private List<Explained> explain(WhatIf whatIf, WhatIfReport report) {
		TreeSet<String> ids = new TreeSet<>();
		report.channels().forEach((channel) -> channel.cells().forEach((cell) -> ids.addAll(cell.examples())));
		ids.addAll(report.newlyMarketed().examples());
		ids.addAll(report.newlySuppressed().examples());
		List<String> chosen = ids.stream().limit(MAX_EXPLAINED).toList();
		List<Explained> explained = new ArrayList<>(chosen.size());
		for (CustomerContext context : new TreeMap<>(this.durable.loadAll(chosen)).values()) {
			List<Decision> both = whatIf.explain(context);
			explained.add(new Explained(context.customerId(), both.get(0), both.get(1)));
		}
		return List.copyOf(explained);
	}

	private Validation compile(Path directory) throws InterruptedException {
		RuleFiles files;
		try {
			files = RuleFiles.read(directory, this.rules.limits());
		}
		catch (RuleSetException ex) {
			throw new CandidateException(ex.getDiagnostics());
		}
		List<RuleDiagnostic> tooLarge = this.rules.limits().check(files, directory.toString());
		if (!tooLarge.isEmpty()) {
			throw new CandidateException(tooLarge);
		}
		Validation validation = this.rules.validateWaiting(files, directory.toString());
		if (validation.ruleSet() == null) {
			throw new CandidateException(validation.problems());
		}
		return validation;
	}

	/**
	 * The result of a task; its failure rethrown as it was, after stopping the others.
	 */
	private static <T> T await(Future<T> future, AtomicBoolean stop) throws InterruptedException {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			stop.set(true);
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * A what-if to run.
	 *
	 * @param candidate the candidate rules directory ({@link #candidate})
	 * @param filter which stored customers to decide
	 * @param template the request each is decided for
	 * @param at the moment of every decision
	 */
	public record Order(Path candidate, PopulationFilter filter, DecisionRequest template, Instant at) {
	}

	/**
	 * How far a run is.
	 *
	 * @param read customers read from the store
	 * @param decided of those, the population's, decided with both rule sets
	 * @param stored customers in the store at the start
	 * @param rangesDone key ranges read
	 * @param ranges key ranges in all
	 */
	public record Progress(long read, long decided, long stored, int rangesDone, int ranges) {
	}

	/**
	 * The outcome of a run.
	 *
	 * @param report the report
	 * @param failedScenarios the candidate's scenarios that fail
	 * @param took how long the run took
	 * @param explained the example customers explained, at most {@link #MAX_EXPLAINED}
	 */
	public record Result(WhatIfReport report, List<ScenarioResult> failedScenarios, Duration took,
			List<Explained> explained) {
	}

	/**
	 * An example customer decided with both rule sets, explained.
	 *
	 * @param customerId the customer
	 * @param base the serving rule set's decision, with its funnels
	 * @param candidate the candidate's
	 */
	public record Explained(String customerId, Decision base, Decision candidate) {
	}

}
