package io.nextbest.server.rules;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.engine.ruleset.Cancellation;
import io.nextbest.engine.ruleset.CompileCancelledException;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetBuilder;
import io.nextbest.engine.scenario.Validation;

/**
 * Compiles rule sets in a JVM of its own, started by the server and kept running, at the
 * lowest CPU priority. Compiling a rule set is the heavy part of a reload: the Java
 * compiler, the DRL parser, the decision table reader, the scenarios, and the JIT and
 * garbage collector work they bring, which in the server would run at the priority of the
 * decisions served meanwhile. In the compiler process all of it runs below them, and the
 * server only loads the compiled packages
 * ({@link io.nextbest.engine.ruleset.CompiledPackages}), about a tenth of the work.
 * <p>
 * The process is started on first use (or by {@link #prepare}), talks over its standard
 * input and output ({@link RuleCompilerProtocol}), logs problems on its standard error
 * into the server's log, and ends when the server closes it or exits. A compile that
 * takes longer than the time limit, or that is cancelled, is stopped by ending the
 * process, and another is started for the compiles to come: the time limit is reported as
 * the files' problem ({@link RuleCompiler#tooSlow}). When the process cannot be started,
 * or ends without an answer of its own accord, that compile runs in the server instead
 * (within the same time limit, {@link InServerCompiler}) and the next one starts a new
 * process: a reload never fails for want of the process.
 */
final class RuleCompilerProcess implements RuleCompiler {

	/** The process's entry point. */
	static final String MAIN = RuleCompilerMain.class.getName();

	/**
	 * The time limit of a compile unless configured
	 * ({@code nextbest.rules.compile-timeout}).
	 */
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Compiles {@link #prepare} runs: the second is about as fast as later ones. */
	private static final int PREPARING_COMPILES = 2;

	private static final Logger log = LoggerFactory.getLogger(RuleCompilerProcess.class);

	private final List<String> command;

	private final Duration timeout;

	/** Where a compile runs when the process fails. */
	private final InServerCompiler inServer;

	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "rule-compiler-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private volatile Process process;

	private DataOutputStream requests;

	private DataInputStream responses;

	private long sent;

	/** Compiles that fell back to the server. */
	private int compilesInServer;

	/** The compile {@link #cancel} stops, while one runs. */
	private volatile Running running;

	private volatile boolean closed;

	/**
	 * @param nice the Linux nice value the process runs at, 0 to 19
	 * @param jvmOptions options of the process's JVM (heap, collector)
	 * @param timeout the time limit of a compile
	 */
	RuleCompilerProcess(int nice, List<String> jvmOptions, Duration timeout) {
		this(command(nice, jvmOptions), timeout, nice);
	}

	RuleCompilerProcess(List<String> command, Duration timeout) {
		this(command, timeout, 0);
	}

	private RuleCompilerProcess(List<String> command, Duration timeout, int nice) {
		this.command = List.copyOf(command);
		this.timeout = timeout;
		this.inServer = new InServerCompiler(timeout, "rules-compile", nice);
	}

	/**
	 * The command that starts the process: this JVM's {@code java} on this JVM's class
	 * path, through {@code nice} where there is one.
	 */
	static List<String> command(int nice, List<String> jvmOptions) {
		return command(nice, jvmOptions, System.getProperty("java.class.path"));
	}

	/**
	 * The command that starts the process on a class path: a list of entries, or a single
	 * executable jar of the server's.
	 */
	static List<String> command(int nice, List<String> jvmOptions, String classPath) {
		return ChildJvm.command(MAIN, nice, jvmOptions, classPath);
	}

	@Override
	public synchronized Validation validate(RuleFiles files, String origin, Instant now) {
		RuleCompilerProtocol.Response response;
		Cancellation cancellation = new Cancellation();
		try {
			response = compile(files, origin, now, cancellation);
		}
		catch (TooSlow ex) {
			log.warn("Compiling {} took longer than {}: compiler process {} ended, a new one starts", origin,
					RuleCompiler.text(this.timeout), ex.pid);
			replace();
			return RuleCompiler.tooSlow(files, origin, this.timeout);
		}
		catch (IOException ex) {
			if (this.closed) {
				throw new CompileCancelledException("the server is stopping");
			}
			if (cancellation.cancelled()) {
				log.info("Compiling {} cancelled ({}): compiler process ended, a new one starts", origin,
						cancellation.reason());
				replace();
				throw new CompileCancelledException(cancellation.reason());
			}
			log.warn("The rule compiler process failed ({}); compiling {} in the server this time", ex.getMessage(),
					origin);
			this.compilesInServer++;
			stop();
			return this.inServer.validate(files, origin, now);
		}
		if (!response.error().isEmpty()) {
			throw new IllegalStateException("the rule compiler failed: " + response.error());
		}
		RuleSet ruleSet = (response.packages().length > 0) ? RuleSetBuilder.assemble(files, now, response.packages())
				: null;
		return new Validation(response.hash(), ruleSet, response.diagnostics(), response.scenarios());
	}

	/**
	 * Starts the process and compiles the files in it twice, so that the first reload
	 * finds it running and its JIT past the first compiles, which take several times as
	 * long as the later ones.
	 */
	@Override
	public synchronized void prepare(RuleFiles files) {
		long start = System.nanoTime();
		try {
			for (int i = 0; i < PREPARING_COMPILES; i++) {
				compile(files, "warm-up", Instant.now(), Cancellation.NONE);
			}
			log.info("Rule compiler process {} ready in {} ms", this.process.pid(),
					(System.nanoTime() - start) / 1_000_000);
		}
		catch (IOException ex) {
			if (!this.closed) {
				log.warn("The rule compiler process failed to get ready ({}); the next reload starts it again",
						ex.getMessage());
			}
			stop();
		}
	}

	/**
	 * @return how many compiles ran in the server because the process failed
	 */
	synchronized int compilesInServer() {
		return this.compilesInServer;
	}

	/**
	 * @return whether a compile is in progress in the process
	 */
	boolean compiling() {
		return this.running != null;
	}

	/**
	 * @return the process's id, or -1 when none runs
	 */
	long pid() {
		Process current = this.process;
		return (current != null && current.isAlive()) ? current.pid() : -1;
	}

	/**
	 * Stops the compile in progress, if any, by ending the process; a compile that fell
	 * back to the server is stopped as {@link InServerCompiler} does.
	 */
	@Override
	public void cancel(String reason) {
		Running compiling = this.running;
		if (compiling != null && compiling.cancellation().cancel(reason)) {
			compiling.process().destroyForcibly();
		}
		this.inServer.cancel(reason);
	}

	private RuleCompilerProtocol.Response compile(RuleFiles files, String origin, Instant now,
			Cancellation cancellation) throws IOException {
		if (this.closed) {
			throw new IOException("closed");
		}
		if (this.process == null || !this.process.isAlive()) {
			start();
		}
		long id = ++this.sent;
		Process current = this.process;
		AtomicBoolean timedOut = new AtomicBoolean();
		ScheduledFuture<?> deadline = this.watchdog.schedule(() -> {
			timedOut.set(true);
			current.destroyForcibly();
		}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		this.running = new Running(cancellation, current);
		if (cancellation.cancelled()) {
			current.destroyForcibly();
		}
		try {
			RuleCompilerProtocol.write(this.requests, new RuleCompilerProtocol.Request(id, files, origin, now));
			RuleCompilerProtocol.Response response = RuleCompilerProtocol.readResponse(this.responses);
			if (response.id() != id) {
				throw new IOException("out of step: got the answer to request " + response.id() + " for " + id);
			}
			return response;
		}
		catch (IOException ex) {
			if (timedOut.get()) {
				throw new TooSlow(current.pid(), ex);
			}
			if (ex instanceof EOFException) {
				throw new IOException("it ended without an answer", ex);
			}
			throw ex;
		}
		finally {
			this.running = null;
			deadline.cancel(false);
		}
	}

	/** Ends the process and starts another, ready for the next compile. */
	private void replace() {
		stop();
		if (this.closed) {
			return;
		}
		try {
			start();
		}
		catch (IOException ex) {
			log.warn("Could not start a new rule compiler process ({}); the next compile tries again", ex.getMessage());
		}
	}

	private void start() throws IOException {
		Process started = ChildJvm.start(this.command, "rule compiler process", log);
		this.process = started;
		this.requests = new DataOutputStream(new BufferedOutputStream(started.getOutputStream(), 1 << 16));
		this.responses = new DataInputStream(new BufferedInputStream(started.getInputStream(), 1 << 16));
	}

	private void stop() {
		Process stopping = this.process;
		this.process = null;
		if (stopping == null) {
			return;
		}
		try {
			// Closing its input ends the process; a hung one is ended by force.
			this.responses.close();
			this.requests.close();
			if (!stopping.waitFor(2, TimeUnit.SECONDS)) {
				stopping.destroyForcibly();
			}
		}
		catch (IOException ex) {
			stopping.destroyForcibly();
		}
		catch (InterruptedException ex) {
			stopping.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** Ends the process, even during a compile (which then fails). */
	@Override
	public void close() {
		this.closed = true;
		Process running = this.process;
		if (running != null) {
			running.destroy();
		}
		this.watchdog.shutdownNow();
		this.inServer.close();
	}

	/** A compile in the process: how to stop it. */
	private record Running(Cancellation cancellation, Process process) {

	}

	/** The process gave no answer within the time limit, and was ended. */
	private static final class TooSlow extends IOException {

		private final long pid;

		TooSlow(long pid, IOException cause) {
			super("no answer in time", cause);
			this.pid = pid;
		}

	}

}
